/**
 * The page's whole run, the same steps as `rdslic analyze` (src/cli/commands/analyze.ts): picked files →
 * collections → host plans → per-host facts with the DPAPI timebomb decoder → linked report → every report file
 * (HTML, Markdown, JSON; fleet files for several hosts). Byte reads and SHA-256 are passed in, so the worker wires
 * FileReaderSync and WebCrypto while tests use memory and node:crypto.
 */
import { decodeTimebomb } from '../analysis/timebomb-decoder.js';
import { analyzePlan, reportFromOutcomes, type HostOutcome } from '../analysis/run.js';
import type { Report } from '../analysis/report.js';
import { planHosts } from '../evidence/plan.js';
import type { IgnoredFile } from '../evidence/virtual-file.js';
import { renderReports, type RenderedFile, type ReportTemplates } from '../report/index.js';
import type { Anomaly } from '../view/anomaly.js';
import { VERSION } from '../version.js';
import { collectPickedFiles, type BlobRead, type PickedFile } from './picked-files.js';

export interface PickedRunOptions {
  /** Replay transaction logs into dirty hives (the CLI's default; `--no-logs` turns it off). */
  readonly logs?: boolean;
  /** `--as-of`, already parsed. */
  readonly asOf?: Date;
  readonly caseId?: string;
  readonly examiner?: string;
}

export interface PickedRunIo {
  readonly read: BlobRead;
  readonly hash: (bytes: Uint8Array) => string | Promise<string>;
  readonly templates: ReportTemplates;
  /** Called once the hosts are planned (done 0) and after each host. */
  readonly progress?: (done: number, total: number, label: string) => void;
}

export interface PickedRunResult {
  /** Null when no hive or .reg export was found. */
  readonly report: Report | null;
  readonly files: RenderedFile[];
  readonly ignored: IgnoredFile[];
  readonly anomalies: Anomaly[];
  /** Hosts that could not be read, with the reason (the CLI's exit code 2). */
  readonly failed: { readonly label: string; readonly error: string }[];
}

export async function analyzePicked(picked: readonly PickedFile[], options: PickedRunOptions, io: PickedRunIo): Promise<PickedRunResult> {
  const logs = options.logs !== false;
  const found = collectPickedFiles(picked, io.read);
  const plan = planHosts(found.collections, { logs });
  const ignored = [...found.ignored, ...plan.ignored].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const anomalies = [...found.anomalies, ...plan.anomalies];
  if (plan.hosts.length === 0) return { report: null, files: [], ignored, anomalies, failed: [] };

  const total = plan.hosts.length;
  io.progress?.(0, total, '');
  const outcomes: HostOutcome[] = [];
  for (const host of plan.hosts) {
    outcomes.push(await analyzePlan(host, { hash: io.hash, logs, asOf: options.asOf, timebombDecoder: (e, blob) => decodeTimebomb(e, blob) }));
    io.progress?.(outcomes.length, total, host.label);
  }
  const report = reportFromOutcomes(outcomes, { tool: { name: 'rdslic', version: VERSION }, ignored });
  const files = renderReports(report, ['html', 'md', 'json'], io.templates, {
    ...(options.caseId ? { caseId: options.caseId } : {}),
    ...(options.examiner ? { examiner: options.examiner } : {}),
  });
  const failed = outcomes.filter((o): o is Extract<HostOutcome, { ok: false }> => !o.ok).map((o) => ({ label: o.label, error: o.error }));
  return { report, files, ignored, anomalies, failed };
}
