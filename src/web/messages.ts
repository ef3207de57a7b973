/** What the page and its worker say to each other (structured-cloned: Files, strings and plain objects only). */
import type { VerdictStatus } from '../analysis/verdict.js';
import type { IgnoredFile } from '../evidence/virtual-file.js';
import type { Severity } from '../rules/rule.js';
import type { Anomaly } from '../view/anomaly.js';
import type { PickedFile } from './picked-files.js';

export interface AnalyzeRequest {
  readonly type: 'analyze';
  readonly files: readonly PickedFile[];
  readonly logs: boolean;
  /** ISO-8601, checked by the page as the CLI checks --as-of. */
  readonly asOf?: string;
  readonly caseId?: string;
  readonly examiner?: string;
}

export interface HostSummary {
  readonly hostname: string;
  readonly label: string;
  readonly verdict: VerdictStatus;
  readonly counts: Readonly<Record<Severity, number>>;
  /** The worst finding's title, or null. */
  readonly worst: string | null;
  /** Name of the host's HTML report among the files. */
  readonly htmlFile: string;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly label: string }
  | {
      readonly type: 'done';
      readonly hosts: readonly HostSummary[];
      readonly files: readonly { readonly fileName: string; readonly content: string }[];
      readonly ignored: readonly IgnoredFile[];
      readonly anomalies: readonly Anomaly[];
      readonly failed: readonly { readonly label: string; readonly error: string }[];
    }
  | { readonly type: 'error'; readonly message: string };
