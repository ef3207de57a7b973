/**
 * `rdslic analyze <inputs...>`: discover hosts in files, folders and zips, analyse each (in parallel workers for
 * fleets), link hosts that name each other as license server, render reports, and set the exit code.
 */
import { availableParallelism } from 'node:os';
import { analyzeWorkerSource } from '../../node/package-files.js';
import { buildReport } from '../../analysis/analyze.js';
import type { ReportFormat } from '../../report/index.js';
import { rules } from '../../rules/index.js';
import { SEVERITIES, severityRank, type Severity } from '../../rules/rule.js';
import { readConfigFile } from '../../node/config-file.js';
import { discoverHosts, type DiscoveryResult, type HostPlan } from '../../node/discovery/index.js';
import { unaccountedInput } from '../../node/discovery/named-inputs.js';
import { parseShard, selectShard, type Shard } from '../../node/shard.js';
import { runFleet } from '../../node/fleet-run.js';
import { prepareOutputFolder, type OutputFolder, type ReportWriter } from '../../node/output-folder.js';
import { VERSION } from '../../version.js';
import { UsageError } from '../../node/usage-error.js';
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
  force?: boolean;
}

export interface Io {
  out(s: string | Uint8Array): void;
  err(s: string): void;
}

const FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'timesketch', 'tln', 'bodyfile'];
const FORMAT_ALIASES: Readonly<Record<string, string>> = { markdown: 'md' };

function parseFormats(list: string): ReportFormat[] {
  // Spelled-out names are accepted for the short ones (markdown → md).
  const items = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).map((f) => FORMAT_ALIASES[f] ?? f);
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

/** Returns the exit code: 0 done, 1 a finding at or above --fail-on, 2 a host could not be read. */
export async function analyzeCommand(inputs: string[], opts: AnalyzeCommandOptions, io: Io): Promise<number> {
  const formats = parseFormats(opts.format);
  const asOf = parseAsOf(opts.asOf);
  const jobs = parseJobs(opts.jobs);
  const failOn = parseFailOn(opts.failOn);
  const shard = parseShardOption(opts.shard);
  const config = opts.config ? readConfigFile(opts.config, new Set(rules.map((r) => r.meta.id))) : undefined;
  const toStdout = opts.out === undefined && formats.length === 1 && formats[0] === 'json';
  // Checked and created before any analysis: a refusal costs nothing, and a fleet's work is never lost to it.
  const outDir = toStdout ? null : prepareOutputFolder(opts.out ?? 'reports', { inputs, protect: [...(opts.log ?? []), ...(opts.config ? [opts.config] : [])], force: opts.force });
  try {
    return await analyzeInto(outDir, inputs, opts, { formats, asOf, jobs, failOn, config, shard }, io);
  } finally {
    outDir?.discard();
  }
}

async function analyzeInto(
  outDir: OutputFolder | null,
  inputs: string[],
  opts: AnalyzeCommandOptions,
  parsed: { formats: ReportFormat[]; asOf?: Date; jobs: number; failOn?: Severity; config?: ReturnType<typeof readConfigFile>; shard?: Shard },
  io: Io,
): Promise<number> {
  const { formats, asOf, jobs, failOn, config, shard } = parsed;
  const say = (s: string) => {
    if (!opts.quiet) io.err(s);
  };

  const found = await plansToRun(inputs, opts, shard, say, io);
  if (!found) return 0;
  const { plans, ignored } = found;
  const shell = buildReport([], { name: 'rdslic', version: VERSION }, ignored);
  const { hosts: _none, ...shellOnly } = shell;
  const wantsPages = formats.includes('html') || formats.includes('md');
  const written: string[] = [];
  let writer: ReportWriter | null = null;
  const result = await runFleet(
    plans,
    {
      logs: opts.logs,
      ...(asOf ? { asOf: asOf.toISOString() } : {}),
      ...(config ? { config } : {}),
      shell: shellOnly,
      ...(outDir ? { outDir: outDir.dir } : {}),
      formats,
      options: { ...(opts.case ? { caseId: opts.case } : {}), ...(opts.examiner ? { examiner: opts.examiner } : {}) },
      // Handlebars and the templates are loaded only when pages are asked for (not for JSON on stdout).
      ...(wantsPages ? { templates: (await import('../../node/templates.js')).loadTemplates() } : {}),
    },
    {
      jobs,
      progress: !opts.quiet,
      worker: analyzeWorkerSource,
      writeFailed: (e) => (writer as ReportWriter).fail(e),
      open(names) {
        if (outDir !== null) return (writer = outDir.open(names));
        // JSON on stdout: report.json's text, streamed; the run-wide files beside it are not written.
        return { file() {}, append: (name, chunk) => void (name === 'report.json' && chunk !== '' ? io.out(chunk) : undefined) };
      },
    },
  );
  if (writer) written.push(...(writer as ReportWriter).close());
  if (opts.verbose) for (const w of written) io.err(`rdslic: wrote ${w}`);

  const failed = result.unreadable;
  for (const f of failed) io.err(`rdslic: ${f.label}: ${f.error}`);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const h of result.summaries) for (const s of SEVERITIES) counts[s] += h[s] ?? 0;
  const summary = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ') || 'no findings';
  say(`rdslic: ${result.summaries.length} host(s) analysed${failed.length ? ` (${failed.length} unreadable)` : ''}: ${summary}${outDir ? ` → ${opts.out ?? 'reports'}/` : ''}`);

  if (failed.length > 0) return 2;
  if (failOn && result.summaries.some((h) => SEVERITIES.some((s) => (h[s] ?? 0) > 0 && severityRank(s) <= severityRank(failOn)))) return 1;
  return 0;
}

/**
 * The hosts to analyse (this shard's, when sharded) and the files ignored, or null when the shard holds none; a
 * usage error when the inputs give nothing. Apart from the run, so nothing of the discovery but its plans is held
 * while they run (the run lets each plan go once its host has it).
 */
async function plansToRun(inputs: string[], opts: AnalyzeCommandOptions, shard: Shard | undefined, say: (s: string) => void, io: Io): Promise<{ plans: HostPlan[]; ignored: DiscoveryResult['ignored'] } | null> {
  const discovery = await discoverHosts(inputs, { logs: opts.logs, extraLogs: opts.log ?? [] });
  if (opts.verbose) {
    for (const i of discovery.ignored) io.err(`rdslic: ignored ${i.path}: ${i.reason}`);
    for (const a of discovery.anomalies) io.err(`rdslic: ${formatAnomaly(a)}`);
  }
  // A named file, archive or folder that gave nothing ends the run: the rest must not get a verdict without it.
  // An encrypted Velociraptor collection says how to decrypt it, before "gives nothing" could.
  const encrypted = discovery.hosts.length === 0 ? discovery.anomalies.find((a) => a.code === 'encrypted-collection') : undefined;
  if (encrypted) throw new UsageError(encrypted.message);
  const unaccounted = unaccountedInput(inputs, opts.log ?? [], discovery);
  if (unaccounted) throw new UsageError(unaccounted);
  if (!opts.verbose && discovery.ignored.length > 0) say(`rdslic: ${discovery.ignored.length} file(s) inside the inputs not used: the reports list them with the reason (--verbose prints them)`);
  if (discovery.hosts.length === 0) {
    const why = discovery.ignored.length > 0 ? ` (${discovery.ignored.length} file(s) ignored; --verbose lists them)` : '';
    throw new UsageError(`no registry hives or .reg exports found in ${inputs.join(', ')}${why}`);
  }

  const plans = shard ? selectShard(discovery.hosts, shard) : discovery.hosts;
  if (shard && plans.length === 0) {
    say(`rdslic: shard ${shard.index}/${shard.count} holds none of the ${discovery.hosts.length} host(s): nothing to analyse`);
    return null;
  }
  return { plans, ignored: discovery.ignored };
}
