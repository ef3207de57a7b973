/** The report JSON shape (schema/report.schema.json documents it; schemaVersion 1). Dates are ISO strings. */
import type { Facts, Provenance } from '../facts/types.js';
import type { Severity } from '../rules/rule.js';
import type { Verdict } from './verdict.js';

export interface ReportInput {
  readonly path: string;
  readonly sha256: string;
  readonly kind: string;
  readonly format: 'regf' | 'reg';
  readonly size: number;
  readonly dirty: boolean;
  readonly logsApplied: { readonly path: string; readonly sha256: string; readonly format: string; readonly entries: number }[];
  readonly logsMissing: boolean;
  readonly anomalies: number;
  /** Why the input was read but not used (older copy, duplicate, hive kind not analysed). */
  readonly unused?: string;
  /** Its path on the machine it was collected from, when the collection records it. */
  readonly originalPath?: string;
}

export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly messageId: string;
  readonly evidence: Provenance[];
  readonly remediation: string[];
  readonly references: string[];
}

export interface HostReport {
  readonly hostname: string;
  readonly label: string;
  readonly inputs: ReportInput[];
  /** The clock used; `imageClock` is the image's own, which an explicit --as-of may differ from (`differsDays`). */
  readonly asOf: {
    readonly time: string | null;
    readonly source: Facts['asOf']['source'];
    readonly imageClock: { readonly time: string | null; readonly source: Facts['asOf']['imageClock']['source'] };
    readonly differsDays: number | null;
  };
  readonly verdict: Verdict;
  readonly summary: Record<Severity, number>;
  readonly facts: Facts;
  readonly findings: ReportFinding[];
  readonly passed: string[];
  readonly notApplicable: string[];
  readonly notApplicableReasons: { readonly ruleId: string; readonly reason: string }[];
  readonly notCheckable: { readonly ruleId: string; readonly reason: string }[];
  readonly errors: { readonly ruleId: string; readonly message: string }[];
  readonly suppressed: (ReportFinding & { readonly reason: string })[];
  readonly disabled: string[];
}

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly hosts: HostReport[];
}
