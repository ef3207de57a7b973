/**
 * The one-line answer per host, and only one the evidence supports: `broken` (a critical finding), `inconclusive`
 * (a rule that decides licensing for this host's role could not run, or the host could not be read, and no
 * finding about the host itself says more), `needs-attention` (high, medium or low findings, or a rule that
 * failed), `healthy` (none of those). Findings about the evidence alone (damage, logs, clock) never settle one.
 * `missing` names the evidence that would settle what could not be checked.
 */
import type { EngineResult } from '../rules/engine.js';
import { severityRank, type Severity } from '../rules/rule.js';
import type { Facts } from '../facts/types.js';

export const VERDICT_STATUSES = ['broken', 'needs-attention', 'inconclusive', 'healthy'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

export interface Verdict {
  readonly status: VerdictStatus;
  /** The headline of the HTML and Markdown reports. */
  readonly summary: string;
  /** Evidence that would settle what could not be checked, e.g. "SOFTWARE hive (role, policy, build)". */
  readonly missing: string[];
}

interface VerdictInput {
  readonly hostname: string;
  readonly facts: Pick<Facts, 'roles' | 'hiveState' | 'coverage'>;
  /** `evidence`: a finding about the inputs themselves (damage, logs, clock), which alone cannot settle a verdict. */
  readonly findings: readonly { readonly severity: Severity; readonly title: string; readonly about: 'host' | 'evidence' }[];
  readonly errors: readonly unknown[];
  readonly undecided: EngineResult['undecided'];
}

const MISSING_SHOWN = 3;

export function verdictFor(h: VerdictInput): Verdict {
  const collected = [...new Set(h.undecided.flatMap((u) => u.collect))].sort();
  const missing = collected.length > 0 ? collected : [...new Set(h.undecided.map((u) => u.reason))].sort();
  const worst = [...h.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  const name = h.hostname;
  const pending = missing.length > 0 ? ` Not yet checkable: collect ${list(missing)}.` : '';
  if (worst?.severity === 'critical') return { status: 'broken', summary: `RDS licensing is broken on ${name}: ${worst.title}.${pending}`, missing };
  const worstAboutHost = h.findings.filter((f) => f.about === 'host').sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  if (worstAboutHost && worstAboutHost.severity !== 'info')
    return { status: 'needs-attention', summary: `RDS licensing on ${name} needs attention: ${worstAboutHost.title}.${pending}`, missing };
  if (h.undecided.length > 0) {
    const also = worst && worst.severity !== 'info' ? ` Meanwhile: ${worst.title} (${worst.severity}).` : '';
    return { status: 'inconclusive', summary: `Inconclusive for ${name}: ${why(h)}; collect ${list(missing)}.${also}`, missing };
  }
  if (worst && worst.severity !== 'info') return { status: 'needs-attention', summary: `RDS licensing on ${name} needs attention: ${worst.title}.`, missing };
  if (h.errors.length > 0) return { status: 'needs-attention', summary: `${h.errors.length} rule(s) failed to run on ${name}: the analysis is incomplete.`, missing };
  // Multi-session Windows (Azure Virtual Desktop) hosts many users without RDS CALs: not "not a session host".
  const role = h.facts.roles.multiSession
    ? ' (Windows Enterprise multi-session: users are licensed through Windows, not RDS CALs)'
    : h.facts.roles.rdsh.value === false
      ? ' (not an RD Session Host)'
      : '';
  return { status: 'healthy', summary: `No RDS licensing problem found on ${name}${role}.`, missing };
}

/** A host whose evidence could not be read at all. */
export function unreadableVerdict(hostname: string, error: string): Verdict {
  return { status: 'inconclusive', summary: `Inconclusive for ${hostname}: the evidence could not be read (${error}).`, missing: ['a readable copy of the evidence'] };
}

function why(h: VerdictInput): string {
  const damaged = h.facts.coverage.areas.some((a) => a.status === 'unreadable');
  if (damaged) {
    const hives = h.facts.hiveState.filter((s) => s.damageCount > 0).map((s) => s.path);
    return `keys the licensing checks need could not be read (damaged hive${hives.length > 1 ? 's' : ''}: ${hives.join(', ')})`;
  }
  if (h.facts.roles.rdsh.value === null) return 'whether it is an RD Session Host could not be told from these inputs';
  return 'the licensing checks for its role could not run on these inputs';
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, MISSING_SHOWN).join('; ');
  return items.length > MISSING_SHOWN ? `${shown}; and ${items.length - MISSING_SHOWN} more` : shown;
}
