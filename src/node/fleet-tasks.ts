/**
 * The two passes of a run over one host, as tasks a pool worker (analyze-worker.ts) or the main thread runs:
 * - facts: analyse the plan (runHost), keep the outcome in the run's spill store, answer with a small card
 *   (label, host name, what license-server peer linking needs);
 * - report: take the outcome back, attach the peers linking found, run the rules and produce the host's pieces
 *   of the run's files (hostPieces), rendered here so the main thread only writes.
 * The run's context (formats, templates, configuration, ignored files) is fixed for the run: a worker gets it once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerCard, type PeerCard } from '../analysis/analyze.js';
import { hostReportFromOutcome, type HostOutcome } from '../analysis/run.js';
import type { PeerLicenseServer } from '../facts/types.js';
import { hostPieces, type HostPieces, type PageRenderers, type ReportFormat, type ReportShell, type RunShape } from '../report/fleet-stream.js';
import type { RenderOptions } from '../report/host-view.js';
import type { ReportTemplates } from '../report/templates.js';
import type { EngineConfig } from '../rules/engine.js';
import type { HostPlan } from './discovery/index.js';
import { runHost } from './host-runner.js';
import type { SpillRef, SpillStore } from './spill.js';

export interface RunContext {
  readonly logs: boolean;
  readonly asOf?: string;
  readonly config?: EngineConfig;
  readonly shell: ReportShell;
  readonly formats: readonly ReportFormat[];
  readonly count: number;
  readonly options: RenderOptions;
  /** Given when HTML or Markdown is asked for. */
  readonly templates?: ReportTemplates;
  /** The output folder (checked and announced by the main thread): each host's own files are written where they are made. */
  readonly outDir?: string;
  /** The spill folder (several hosts), else outcomes stay in the thread's memory. */
  readonly spillDir?: string;
}

export type HostCard =
  | { readonly key: number; readonly ok: true; readonly label: string; readonly hostname: string; readonly peer: PeerCard; readonly spill: SpillRef }
  | { readonly key: number; readonly ok: false; readonly label: string; readonly hostname: string; readonly outcome: Extract<HostOutcome, { ok: false }> };

export interface ReportTask {
  readonly key: number;
  /** Position in the report (natural label order). */
  readonly index: number;
  readonly peers: PeerLicenseServer[] | null;
  /** Where its outcome waits; an unreadable host's outcome travels with the task instead (it is small). */
  readonly spill?: SpillRef;
  readonly unreadable?: Extract<HostOutcome, { ok: false }>;
  /** The host's own file names as the main thread announced them (with an output folder). */
  readonly expect?: readonly string[];
}

/** A host's pieces after its own files were written (files then empty), or the write's failure. */
export type ReportResult = HostPieces & { readonly writeError?: { readonly code?: string; readonly message: string } };

export async function factsTask(key: number, plan: HostPlan, ctx: RunContext, store: SpillStore): Promise<HostCard> {
  const o = await runHost(plan, { logs: ctx.logs, ...(ctx.asOf ? { asOf: new Date(ctx.asOf) } : {}) });
  if (!o.ok) return { key, ok: false, label: o.label, hostname: o.label, outcome: o };
  return { key, ok: true, label: o.label, hostname: o.facts.hostname, peer: peerCard(o.facts), spill: store.put(o) };
}

const pagesFor = new WeakMap<ReportTemplates, Promise<PageRenderers>>();

/** The template renderers, loaded (with Handlebars) only by runs that write HTML or Markdown; compiled once per thread. */
function pages(templates: ReportTemplates): Promise<PageRenderers> {
  let p = pagesFor.get(templates);
  if (!p) {
    p = import('../report/render.js').then((m) => m.pageRenderers(templates));
    pagesFor.set(templates, p);
  }
  return p;
}

export async function reportTask(task: ReportTask, ctx: RunContext, store: SpillStore): Promise<ReportResult> {
  const outcome = task.unreadable ?? (task.spill ? (store.take(task.spill) as HostOutcome) : null);
  if (!outcome) throw new Error(`host ${task.key}: no outcome to report on`);
  const host = hostReportFromOutcome(outcome, task.peers, { config: ctx.config });
  const run: RunShape = { shell: ctx.shell, formats: ctx.formats, count: ctx.count, options: ctx.options, ...(ctx.templates ? { pages: await pages(ctx.templates) } : {}) };
  const pieces = hostPieces(host, task.index, run);
  if (!ctx.outDir) return pieces;
  // Written here, so the pages never cross to the main thread; names only those the main thread checked.
  for (const f of pieces.files) {
    if (!task.expect?.includes(f.fileName)) throw new Error(`report file ${JSON.stringify(f.fileName)} was not announced`);
    try {
      writeFileSync(join(ctx.outDir, f.fileName), f.content);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { ...pieces, files: [], writeError: { message: err.message, ...(typeof err.code === 'string' ? { code: err.code } : {}) } };
    }
  }
  return { ...pieces, files: [] };
}
