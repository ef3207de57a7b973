/**
 * Runs every rule over one host's facts. A rule that throws becomes an `errors` entry, never a crash (Lighthouse
 * _runAudit). Config can disable rules, change severities, and suppress findings with a mandatory reason.
 */
import { areaCoverage } from '../facts/coverage.js';
import type { Facts, Provenance } from '../facts/types.js';
import { SEVERITIES, formatMessage, severityRank, type Report, type Rule, type Severity } from './rule.js';

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly messageId: string;
  readonly message: string;
  readonly evidence: Provenance[];
  readonly remediation: string[];
  readonly references: string[];
}

export interface RuleConfigEntry {
  readonly enabled?: boolean;
  readonly severity?: Severity;
}

export interface Suppression {
  readonly ruleId: string;
  /** Mandatory: why the finding is accepted; kept in the report. */
  readonly reason: string;
}

export interface EngineConfig {
  readonly rules?: Readonly<Record<string, RuleConfigEntry | 'off'>>;
  readonly suppress?: readonly Suppression[];
}

export interface EngineResult {
  readonly findings: Finding[];
  readonly passed: string[];
  readonly notApplicable: { ruleId: string; reason: string }[];
  readonly notCheckable: { ruleId: string; reason: string }[];
  readonly errors: { ruleId: string; message: string }[];
  readonly suppressed: (Finding & { reason: string })[];
  readonly disabled: string[];
  /** Decisive rules (RuleMeta.decisive) that could not run, with what would settle them: the verdict cannot be healthy. */
  readonly undecided: { ruleId: string; reason: string; collect: string[] }[];
}

function compareFindings(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
}
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function runRules(rules: readonly Rule[], facts: Facts, config: EngineConfig = {}): EngineResult {
  const out: EngineResult = { findings: [], passed: [], notApplicable: [], notCheckable: [], errors: [], suppressed: [], disabled: [], undecided: [] };
  const known = new Set(rules.map((r) => r.meta.id));
  for (const id of Object.keys(config.rules ?? {}).sort()) if (!known.has(id)) out.errors.push({ ruleId: id, message: 'configuration names an unknown rule' });
  const suppressions = new Map<string, string>();
  for (const s of config.suppress ?? []) {
    if (!known.has(s.ruleId)) out.errors.push({ ruleId: s.ruleId, message: 'suppression names an unknown rule' });
    else if (typeof s.reason !== 'string' || s.reason.trim() === '') out.errors.push({ ruleId: s.ruleId, message: 'suppression ignored: a reason is mandatory' });
    else suppressions.set(s.ruleId, s.reason.trim());
  }

  for (const rule of [...rules].sort((a, b) => cmp(a.meta.id, b.meta.id))) {
    const id = rule.meta.id;
    const rc = config.rules?.[id];
    if (rc === 'off' || (rc && rc.enabled === false)) {
      out.disabled.push(id);
      continue;
    }
    const severityOverride = rc?.severity && (SEVERITIES as readonly string[]).includes(rc.severity) ? rc.severity : undefined;
    if (rc?.severity && !severityOverride) out.errors.push({ ruleId: id, message: `configuration severity "${String(rc.severity)}" is not one of ${SEVERITIES.join(', ')}` });

    const decisive = typeof rule.meta.decisive === 'function' ? rule.meta.decisive(facts) : rule.meta.decisive === true;
    const notCheckable = (reason: string, collect: string[]) => {
      out.notCheckable.push({ ruleId: id, reason });
      if (decisive) out.undecided.push({ ruleId: id, reason, collect });
    };
    if (rule.meta.appliesTo === 'rdsh') {
      if (facts.roles.rdsh.value === false) {
        const what = facts.roles.multiSession ? 'not an RDS CAL host' : 'not an RD Session Host';
        out.notApplicable.push({ ruleId: id, reason: `${what}: ${facts.roles.rdsh.basis}` });
        continue;
      }
      if (facts.roles.rdsh.value === null) {
        notCheckable(`RD Session Host role ${facts.roles.rdsh.basis}`, roleCollect(facts));
        continue;
      }
    }
    const unknown = rule.meta.reads.map((a) => areaCoverage(facts.coverage, a)).filter((c) => c.status !== 'present' && c.status !== 'absent');
    if (unknown.length > 0) {
      notCheckable(unknown.map((c) => c.detail).join('; '), unknown.map((c) => c.collect ?? c.detail));
      continue;
    }

    const reports: Report[] = [];
    let na: string | null = null;
    let nc: { reason: string; collect: string[] } | null = null;
    try {
      rule.check(facts, {
        report: (r) => void reports.push(r),
        notApplicable: (reason) => void (na ??= reason),
        notCheckable: (reason, collect = []) => void (nc ??= { reason, collect: [...collect] }),
      });
    } catch (e) {
      out.errors.push({ ruleId: id, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      continue;
    }
    if (reports.length === 0) {
      const ncv = nc as { reason: string; collect: string[] } | null;
      if (ncv !== null) notCheckable(ncv.reason, ncv.collect);
      else if (na !== null) out.notApplicable.push({ ruleId: id, reason: na });
      else out.passed.push(id);
      continue;
    }
    for (const r of reports) {
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) {
        out.errors.push({ ruleId: id, message: `rule reported unknown messageId "${r.messageId}"` });
        continue;
      }
      const finding: Finding = {
        ruleId: id,
        severity: severityOverride ?? r.severity ?? rule.meta.severity,
        title: rule.meta.title,
        messageId: r.messageId,
        message: formatMessage(template, r.data),
        evidence: [...r.evidence],
        remediation: [...rule.meta.remediation],
        references: [...rule.meta.references],
      };
      const reason = suppressions.get(id);
      if (reason !== undefined) out.suppressed.push({ ...finding, reason });
      else out.findings.push(finding);
    }
  }
  out.findings.sort(compareFindings);
  out.suppressed.sort(compareFindings);
  const byId = (a: { ruleId: string }, b: { ruleId: string }) => cmp(a.ruleId, b.ruleId);
  out.notApplicable.sort(byId);
  out.notCheckable.sort(byId);
  out.undecided.sort(byId);
  out.errors.sort((a, b) => byId(a, b) || cmp(a.message, b.message));
  return out;
}

/** What would tell the RD Session Host role: the areas the role is read from that these inputs cannot tell. */
function roleCollect(facts: Facts): string[] {
  const areas = ['software:component-cache', 'system:terminal-server'] as const;
  return areas.map((a) => areaCoverage(facts.coverage, a)).flatMap((c) => (c.status === 'present' || c.status === 'absent' ? [] : [c.collect ?? c.detail]));
}
