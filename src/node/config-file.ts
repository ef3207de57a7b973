/** `--config FILE`: rule switches, severity changes and suppressions (each with a reason), validated up front. */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';
import type { EngineConfig } from '../rules/engine.js';
import { SEVERITIES } from '../rules/rule.js';

/**
 * Shape: `{"rules": {"<id>": "off" | {"enabled": false} | {"severity": "low"}}, "suppress": [{"ruleId": "<id>",
 * "reason": "why this is accepted"}]}`. Unknown rule ids, severities or keys are usage errors, not silent no-ops.
 */
export function readConfigFile(path: string, knownRuleIds: ReadonlySet<string>): EngineConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code ? `cannot read (${code})` : `not valid JSON (${(e as Error).message.split('\n')[0]})`}`);
  }
  const bad = (what: string) => new UsageError(`${path}: ${what}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('the config must be a JSON object');
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (k !== 'rules' && k !== 'suppress' && k !== '$schema') throw bad(`unknown setting "${k}" (expected "rules" and "suppress")`);
  const rules: Record<string, 'off' | { enabled?: boolean; severity?: (typeof SEVERITIES)[number] }> = {};
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) throw bad('"rules" must be an object of rule ids');
    for (const [id, v] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!knownRuleIds.has(id)) throw bad(`unknown rule id "${id}" (see \`rdslic rules\`)`);
      if (v === 'off') rules[id] = 'off';
      else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const e = v as Record<string, unknown>;
        for (const k of Object.keys(e)) if (k !== 'enabled' && k !== 'severity') throw bad(`rules.${id}: unknown setting "${k}"`);
        if (e.enabled !== undefined && typeof e.enabled !== 'boolean') throw bad(`rules.${id}.enabled must be true or false`);
        if (e.severity !== undefined && !SEVERITIES.includes(e.severity as never)) throw bad(`rules.${id}.severity must be one of ${SEVERITIES.join(', ')}`);
        rules[id] = { ...(e.enabled !== undefined ? { enabled: e.enabled as boolean } : {}), ...(e.severity !== undefined ? { severity: e.severity as (typeof SEVERITIES)[number] } : {}) };
      } else throw bad(`rules.${id} must be "off" or an object`);
    }
  }
  const suppress: { ruleId: string; reason: string }[] = [];
  if (obj.suppress !== undefined) {
    if (!Array.isArray(obj.suppress)) throw bad('"suppress" must be a list');
    obj.suppress.forEach((s, i) => {
      const e = s as Record<string, unknown>;
      if (typeof e !== 'object' || e === null || typeof e.ruleId !== 'string') throw bad(`suppress[${i}] needs a "ruleId"`);
      if (!knownRuleIds.has(e.ruleId)) throw bad(`suppress[${i}]: unknown rule id "${e.ruleId}"`);
      if (typeof e.reason !== 'string' || e.reason.trim() === '') throw bad(`suppress[${i}] (${e.ruleId}): a "reason" is mandatory; the report shows it`);
      suppress.push({ ruleId: e.ruleId, reason: e.reason.trim() });
    });
  }
  return { rules, suppress };
}
