/**
 * `rdslic analyze <inputs...>`: discover hosts in files, folders and zips, analyse each (in parallel workers for
 * fleets), link hosts that name each other as license server, render reports, and set the exit code.
 */
import { availableParallelism } from 'node:os';
import { analyzeWorkerSource } from '../../node/package-files.js';
import { reportFromOutcomes } from '../../analysis/run.js';
import type { ReportFormat } from '../../report/index.js';
import { rules } from '../../rules/index.js';
import { SEVERITIES, severityRank, type Severity } from '../../rules/rule.js';
import { readConfigFile } from '../../node/config-file.js';
import { discoverHosts, type HostPlan } from '../../node/discovery/index.js';
import { toPortablePlan } from '../../node/discovery/portable-plan.js';
import { runHost, type HostOutcome } from '../../node/host-runner.js';
import { parseShard, selectShard, type Shard } from '../../node/shard.js';
import { progressBar } from '../../node/progress.js';
import { WorkerPool } from '../../node/worker-pool.js';
import { checkOutputDir, writeReports } from '../../node/write-reports.js';
import type { WorkerTask } from '../../node/analyze-worker.js';
import { VERSION } from '../../version.js';
import { UsageError } from '../errors.js';
import { formatAnomaly } from './info.js';

export interface AnalyzeCommandOptions {
  format: string;
  out?: string;
  asOf?: string;
  case?: string;
  examiner?: string;
  config?: string;
  failOn?: string;
  logs: boolean;
  log?: string[];
  jobs?: string;
  shard?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export interface Io {
  out(s: string | Uint8Array): void;
  err(s: string): void;
}

const FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'timesketch', 'tln', 'bodyfile'];

function parseFormats(list: string): ReportFormat[] {
  const items = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--format needs at least one of ${FORMATS.join(', ')}`);
  for (const f of items) if (!FORMATS.includes(f as ReportFormat)) throw new UsageError(`unknown report format "${f}" (${FORMATS.join(', ')})`);
  return [...new Set(items)] as ReportFormat[];
}

function parseAsOf(s: string | undefined): Date | undefined {
  if (s === undefined) return undefined;
  const d = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(s) ? new Date(s) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--as-of "${s}" is not an ISO-8601 date or time (e.g. 2025-06-01 or 2025-06-01T12:00:00Z)`);
  return d;
}

function parseJobs(s: string | undefined): number {
  if (s === undefined) return availableParallelism();
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 256) throw new UsageError(`--jobs "${s}" must be a whole number from 1 to 256`);
  return Number(s);
}

function parseShardOption(s: string | undefined): Shard | undefined {
  if (s === undefined) return undefined;
  const shard = parseShard(s);
  if (!shard) throw new UsageError(`--shard "${s}" must be i/n with 1 <= i <= n (e.g. 1/4)`);
  return shard;
}

function parseFailOn(s: string | undefined): Severity | undefined {
  if (s === undefined) return undefined;
  const v = s.toLowerCase();
  if (!SEVERITIES.includes(v as Severity)) throw new UsageError(`--fail-on "${s}" must be one of ${SEVERITIES.join(', ')}`);
  return v as Severity;
}

async function runAll(plans: readonly HostPlan[], opts: { logs: boolean; asOf?: Date; jobs: number; progress: boolean }): Promise<HostOutcome[]> {
  const count = plans.length;
  const bar = progressBar(count, opts.progress);
  try {
    if (opts.jobs <= 1 || count < 2) {
      const out: HostOutcome[] = [];
      for (const plan of plans) {
        out.push(await runHost(plan, { logs: opts.logs, asOf: opts.asOf }));
        bar.tick();
      }
      return out;
    }
    const pool = new WorkerPool<WorkerTask, HostOutcome>(analyzeWorkerSource(), Math.min(opts.jobs, count));
    try {
      return await Promise.all(
        plans.map((_, index) => {
          const task: WorkerTask = { plan: toPortablePlan(plans[index]), logs: opts.logs, ...(opts.asOf ? { asOf: opts.asOf.toISOString() } : {}) };
          return pool.run(task).then((r) => {
            bar.tick();
            return r;
          });
        }),
      );
    } finally {
      await pool.destroy();
    }
  } finally {
    bar.stop();
  }
}

/** Returns the exit code: 0 done, 1 a finding at or above --fail-on, 2 a host could not be read. */
export async function analyzeCommand(inputs: string[], opts: AnalyzeCommandOptions, io: Io): Promise<number> {
  const formats = parseFormats(opts.format);
  const asOf = parseAsOf(opts.asOf);
  const jobs = parseJobs(opts.jobs);
  const failOn = parseFailOn(opts.failOn);
  const shard = parseShardOption(opts.shard);
  const config = opts.config ? readConfigFile(opts.config, new Set(rules.map((r) => r.meta.id))) : undefined;
  const toStdout = opts.out === undefined && formats.length === 1 && formats[0] === 'json';
  const outDir = toStdout ? null : checkOutputDir(opts.out ?? 'reports', inputs);
  const say = (s: string) => {
    if (!opts.quiet) io.err(s);
  };

  const discovery = await discoverHosts(inputs, { logs: opts.logs, extraLogs: opts.log ?? [] });
  if (opts.verbose) {
    for (const i of discovery.ignored) io.err(`rdslic: ignored ${i.path}: ${i.reason}`);
    for (const a of discovery.anomalies) io.err(`rdslic: ${formatAnomaly(a)}`);
  }
  if (discovery.hosts.length === 0) {
    const encrypted = discovery.anomalies.find((a) => a.code === 'encrypted-collection');
    if (encrypted) throw new UsageError(encrypted.message);
    const why = discovery.ignored.length > 0 ? ` (${discovery.ignored.length} file(s) ignored; --verbose lists them)` : '';
    throw new UsageError(`no registry hives or .reg exports found in ${inputs.join(', ')}${why}`);
  }

  const plans = shard ? selectShard(discovery.hosts, shard) : discovery.hosts;
  if (shard && plans.length === 0) {
    say(`rdslic: shard ${shard.index}/${shard.count} holds none of the ${discovery.hosts.length} host(s): nothing to analyse`);
    return 0;
  }
  const outcomes = await runAll(plans, { logs: opts.logs, asOf, jobs, progress: !opts.quiet });
  const report = reportFromOutcomes(outcomes, { config, tool: { name: 'rdslic', version: VERSION } });
  const hosts = report.hosts;
  if (outDir === null) {
    // JSON on stdout: Handlebars and the templates are not loaded at all.
    const { renderJson } = await import('../../report/json.js');
    io.out(renderJson(report));
  } else {
    const { renderReports } = await import('../../report/index.js');
    const { loadTemplates } = await import('../../node/templates.js');
    const files = renderReports(report, formats, loadTemplates(), { ...(opts.case ? { caseId: opts.case } : {}), ...(opts.examiner ? { examiner: opts.examiner } : {}) });
    const written = writeReports(outDir, files);
    if (opts.verbose) for (const w of written) io.err(`rdslic: wrote ${w}`);
  }

  const failed = outcomes.filter((o) => !o.ok);
  for (const f of failed) io.err(`rdslic: ${f.label}: ${f.error}`);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const h of hosts) for (const f of h.findings) counts[f.severity]++;
  const summary = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ') || 'no findings';
  say(`rdslic: ${hosts.length} host(s) analysed${failed.length ? ` (${failed.length} unreadable)` : ''}: ${summary}${outDir ? ` → ${opts.out ?? 'reports'}/` : ''}`);

  if (failed.length > 0) return 2;
  if (failOn && hosts.some((h) => h.findings.some((f) => severityRank(f.severity) <= severityRank(failOn)))) return 1;
  return 0;
}
