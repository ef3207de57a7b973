/**
 * Rule = metadata as data (id, severity, category, appliesTo, remediation, references) + a small `check` that
 * reads only Facts and reports through the context (ESLint's context.report, Lighthouse's audit result).
 */
import type { EvidenceArea } from '../facts/coverage.js';
import type { Facts, Provenance } from '../facts/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Category = 'licensing' | 'grace-period' | 'service' | 'client' | 'host';

/**
 * `rdsh`: runs only on an RD Session Host (else notApplicable, or notCheckable when the role is unknown).
 * `any`: every host.
 */
export type AppliesTo = 'rdsh' | 'any';

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Catalog wording of a severity that depends on state, e.g. "high (critical once the grace period is over)". */
  readonly severityNote?: string;
  readonly category: Category;
  readonly appliesTo: AppliesTo;
  /**
   * The registry areas the rule reads (src/facts/coverage.ts). When the inputs cannot tell what one of them holds
   * (hive not supplied, key not exported, hive damaged), the rule is not checkable with that reason, never passed.
   */
  readonly reads: readonly EvidenceArea[];
  /**
   * The host cannot be called healthy unless this rule could run: it decides whether licensing works for the
   * host's role. A predicate narrows that to the states where the rule is what decides.
   */
  readonly decisive?: boolean | ((facts: Facts) => boolean);
  /** `evidence`: findings speak about the inputs (damage, logs, clock), not the host, and alone never settle a verdict. */
  readonly subject?: 'evidence';
  readonly description: string;
  /** Message templates by id; `{{name}}` is replaced with `data.name`. */
  readonly messages: Readonly<Record<string, string>>;
  readonly remediation: readonly string[];
  /** Microsoft Learn pages (rds-licensing.md); never invented. */
  readonly references: readonly string[];
}

export interface Report {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly evidence: readonly Provenance[];
  /** Overrides the default severity for this finding (escalation by state). */
  readonly severity?: Severity;
}

export interface RuleContext {
  report(r: Report): void;
  /** The rule does not concern this host (role absent, feature unused). */
  notApplicable(reason: string): void;
  /** The inputs cannot carry what the rule needs (e.g. .reg exports have no LastWrite); `collect` says what would. */
  notCheckable(reason: string, collect?: readonly string[]): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(facts: Facts, ctx: RuleContext): void;
}

/** Fills `{{name}}` placeholders; unknown names stay visible so a template bug shows in output. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
