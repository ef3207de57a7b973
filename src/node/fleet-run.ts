/**
 * A run over many hosts with memory bounded by the hosts in flight, not the fleet:
 * 1. facts: every host analysed (this thread and pool workers, or this thread alone for one host or --jobs 1); outcomes wait in the
 *    spill store, only small cards come back;
 * 2. hosts put in report order (natural label order), license-server peers linked from the cards, file names fixed;
 * 3. report: every host's rules and pages (pool workers), dispatched in report order at most a window ahead of the
 *    next host to write; the pieces are assembled in order (fleetAssembler) into the sink as they arrive.
 */
import { linkPeerCards } from '../analysis/analyze.js';
import { reportOrder, type HostOutcome } from '../analysis/run.js';
import type { PeerLicenseServer } from '../facts/types.js';
import { fleetAssembler, hostFileNames, runFileNames, type HostPieces, type RunSink } from '../report/fleet-stream.js';
import type { Severity } from '../rules/rule.js';
import type { WorkerResult, WorkerTask } from './analyze-worker.js';
import type { HostPlan } from './discovery/index.js';
import { toPortablePlan } from './discovery/portable-plan.js';
import { forgetRecentReads } from './discovery/file-access.js';
import { factsTask, reportTask, type HostCard, type ReportResult, type ReportTask, type RunContext } from './fleet-tasks.js';
import { progressBar } from './progress.js';
import { createSpillFolder, folderStore, memoryStore } from './spill.js';
import { RUN_CONTEXT } from './worker-protocol.js';
import { threadId } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { TASKS_AHEAD, WorkerPool, type WorkerSource } from './worker-pool.js';

export interface FleetRunOptions {
  readonly jobs: number;
  readonly progress: boolean;
  readonly worker: () => WorkerSource;
  /** Called once the run's file names are known, before the first host is written; returns where they go. */
  open(names: readonly string[]): RunSink;
  /** A host's files could not be written into context.outDir (the error as the system gave it); throws. */
  writeFailed?(error: Error): never;
}

export interface FleetRunResult {
  /** Unreadable hosts, in input order. */
  readonly unreadable: Extract<HostOutcome, { ok: false }>[];
  /** Each host's finding counts (report order). */
  readonly summaries: Record<Severity, number>[];
}

/**
 * Young generation of each pool thread: V8's default for a worker lets each grow several times its live data over
 * a long run (peak RSS 316 MB for 1,000 hosts against 275 MB with 16 MB; 8 MB took 8 MB more off, same time); the
 * old generation is not limited, so a host with a hive of hundreds of MB still fits.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * How far V8 lets the old generation of every isolate grow past its live data after a full collection, during a
 * pool run (V8's --heap-growing-percent; 0, its default, is a factor of 1.1 to 4 from its own speed estimates).
 * A fleet's live data is small and steady (~15 MB here, ~10 MB per pool thread), but V8 kept raising the factor as
 * the run went on: old generations of 52 and 30 MB for 2,000 hosts, 27 and 20 MB with 30 %, same time. The flag is
 * process-wide and read at each collection, so pool threads started after it keep it; it is set back to V8's
 * default when the pool closes. A V8 without the flag would say so on stderr: test/node/v8-flags.test.ts checks
 * that this Node has it (the executables' Node 22 has it too).
 */
export const POOL_RUN_HEAP_GROWTH = { flag: '--heap-growing-percent', percent: 30, default: 0 } as const;

/** Reorder window per worker: enough to keep every worker busy while one slow host holds up the writing. */
const WINDOW_PER_JOB = 4;

interface Executor {
  facts(key: number, plan: HostPlan): Promise<HostCard>;
  report(task: ReportTask): Promise<ReportResult>;
  readonly window: number;
  close(): Promise<void>;
}

/** This thread, one task at a time (one host, or --jobs 1). */
function localExecutor(ctx: RunContext): Executor {
  const store = ctx.spillDir ? folderStore(ctx.spillDir, threadId) : memoryStore();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = queue.then(f);
    queue = p.catch(() => undefined);
    return p;
  };
  return {
    facts: (key, plan) => serial(() => factsTask(key, plan, ctx, store)),
    report: (task) => serial(() => reportTask(task, ctx, store)),
    window: 1,
    close: async () => {},
  };
}

/**
 * `size` jobs on this thread and size - 1 pool threads: one thread fewer to start, hold a heap for and share the cores
 * with. A task goes to the pool while it has room (TASKS_AHEAD per thread: a thread never waits for this one), else
 * here when this thread is free; a task here starts from the event loop, so answers and writing go on in between.
 */
function sharedExecutor(ctx: RunContext, source: WorkerSource, size: number): Executor {
  // The workers read their hosts' files themselves: what discovery read here would only wait to the end.
  forgetRecentReads();
  setFlagsFromString(`${POOL_RUN_HEAP_GROWTH.flag}=${POOL_RUN_HEAP_GROWTH.percent}`);
  const pool = new WorkerPool<WorkerTask, WorkerResult>(source, size - 1, { [RUN_CONTEXT]: ctx }, { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB });
  const store = ctx.spillDir ? folderStore(ctx.spillDir, threadId) : memoryStore();
  const room = (size - 1) * TASKS_AHEAD;
  interface Job {
    pooled(): Promise<unknown>;
    here(): Promise<unknown>;
    resolve(value: unknown): void;
    reject(error: unknown): void;
  }
  const waiting: Job[] = [];
  let inPool = 0;
  let busyHere = false;
  const pump = (): void => {
    while (waiting.length > 0 && inPool < room) {
      const job = waiting.shift()!;
      inPool++;
      // Started from a promise, so a task that throws at once fails itself and nothing else.
      Promise.resolve().then(job.pooled).then(job.resolve, job.reject).finally(() => {
        inPool--;
        pump();
      });
    }
    if (waiting.length === 0 || busyHere) return;
    busyHere = true;
    const job = waiting.shift()!;
    setImmediate(() =>
      Promise.resolve().then(job.here).then(job.resolve, job.reject).finally(() => {
        busyHere = false;
        pump();
      }),
    );
  };
  const submit = <T>(pooled: () => Promise<unknown>, here: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ pooled, here, resolve: resolve as (value: unknown) => void, reject });
      pump();
    });
  return {
    facts: (key, plan) => submit(() => pool.run({ kind: 'facts', key, plan: toPortablePlan(plan) }), () => factsTask(key, plan, ctx, store)),
    report: (task) => submit(() => pool.run({ kind: 'report', ...task }), () => reportTask(task, ctx, store)),
    // Beyond what the pool holds, so this thread gets report tasks too.
    window: room + size * WINDOW_PER_JOB,
    close: async () => {
      await pool.destroy();
      setFlagsFromString(`${POOL_RUN_HEAP_GROWTH.flag}=${POOL_RUN_HEAP_GROWTH.default}`);
    },
  };
}

/**
 * Runs the fleet. `plans` is taken over: each entry is cleared once its host's analysis has it, so the plans (files,
 * closures, paths) are not held through the reports.
 */
export async function runFleet(plans: HostPlan[], context: Omit<RunContext, 'count' | 'spillDir'>, options: FleetRunOptions): Promise<FleetRunResult> {
  const count = plans.length;
  const usePool = options.jobs > 1 && count > 1;
  const spill = count > 1 ? createSpillFolder() : null;
  const ctx: RunContext = { ...context, count, ...(spill ? { spillDir: spill.dir } : {}) };
  const exec = usePool ? sharedExecutor(ctx, options.worker(), Math.min(options.jobs, count)) : localExecutor(ctx);
  let closed = false;
  try {
    const bar = progressBar(count, options.progress);
    let cards: ReportCard[];
    let peers: Map<number, PeerLicenseServer[] | null>;
    try {
      ({ cards, peers } = linked(await allFacts(plans, exec, () => bar.tick())));
    } finally {
      bar.stop();
    }
    const order = reportOrder(cards.map((c) => c.label));
    const hostnames = order.map((k) => cards[k].hostname);
    const sink = options.open(runFileNames(hostnames, ctx.formats));
    const assembler = fleetAssembler({ shell: ctx.shell, formats: ctx.formats, count, options: ctx.options, ...(await pagesOf(ctx)) }, sink);
    const summaries: Record<Severity, number>[] = [];
    const reporting = progressBar(count, options.progress, 'reporting');
    try {
      const ready = new Map<number, HostPieces>();
      let written = 0;
      await windowed(
        count,
        exec.window,
        (index) => {
          const card = cards[order[index]];
          return exec.report({
            key: card.key,
            index,
            peers: peers.get(card.key) ?? null,
            ...(card.ok ? { spill: card.spill } : { unreadable: card.outcome }),
            ...(ctx.outDir ? { expect: hostFileNames(hostnames[index], index, count, ctx.formats) } : {}),
          });
        },
        (index, pieces) => {
          if (pieces.writeError) {
            const e = Object.assign(new Error(pieces.writeError.message), pieces.writeError.code ? { code: pieces.writeError.code } : {});
            if (options.writeFailed) options.writeFailed(e);
            throw e;
          }
          // Written in report order: a host that comes back early waits for those before it.
          ready.set(index, pieces);
          for (let next = ready.get(written); next; next = ready.get(written)) {
            ready.delete(written++);
            assembler.add(next);
            summaries.push(next.summary);
            reporting.tick();
          }
          return written;
        },
      );
    } finally {
      reporting.stop();
    }
    // The pool's threads and heaps go before the fleet index and summary are rendered, not beside them.
    closed = true;
    await exec.close();
    assembler.finish();
    return { unreadable: cards.flatMap((c) => (c.ok ? [] : [c.outcome])), summaries };
  } finally {
    if (!closed) await exec.close();
    spill?.remove();
  }
}

/**
 * Every host's facts card, in key order: tasks go out at most a window ahead of the answers (not all at once, which
 * held a task, its closures and promises per host for the whole pass), each plan cleared as its task takes it.
 */
async function allFacts(plans: (HostPlan | undefined)[], exec: Executor, tick: () => void): Promise<HostCard[]> {
  const cards = new Array<HostCard>(plans.length);
  let answered = 0;
  await windowed(
    plans.length,
    exec.window,
    (key) => {
      const plan = plans[key] as HostPlan;
      plans[key] = undefined;
      return exec.facts(key, plan);
    },
    (key, card) => {
      cards[key] = card;
      tick();
      return ++answered;
    },
  );
  return cards;
}

/**
 * Starts tasks 0 … count − 1 in order, at most `window` ahead of how far the caller has taken their results;
 * `take` is given each result as it comes and says how far that is now. Settles when all are taken, or at the
 * first task or `take` that fails (what is still running is left to finish unheard).
 */
function windowed<T>(count: number, window: number, start: (i: number) => Promise<T>, take: (i: number, result: T) => number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let started = 0;
    let taken = 0;
    let failed = false;
    const fail = (e: unknown) => {
      failed = true;
      reject(e);
    };
    const pump = () => {
      while (!failed && started < count && started - taken < window) {
        const i = started++;
        let running: Promise<T>;
        try {
          running = start(i);
        } catch (e) {
          fail(e);
          return;
        }
        running.then((result) => {
          if (failed) return;
          try {
            taken = take(i, result);
          } catch (e) {
            fail(e);
            return;
          }
          if (taken === count) resolve();
          else pump();
        }, fail);
      }
    };
    if (count === 0) resolve();
    else pump();
  });
}

/** A host's card once the peers are linked: its label, name and where its outcome waits. */
type ReportCard = Exclude<HostCard, { ok: true }> | Omit<Extract<HostCard, { ok: true }>, 'peer'>;

/** The peers each readable host names (by key), and the cards without their peer cards, which are not kept for the reports. */
function linked(cards: readonly HostCard[]): { cards: ReportCard[]; peers: Map<number, PeerLicenseServer[] | null> } {
  const good = cards.filter((c): c is Extract<HostCard, { ok: true }> => c.ok);
  const peers = linkPeerCards(good.map((c) => c.peer));
  return {
    cards: cards.map((c) => (c.ok ? { key: c.key, ok: true, label: c.label, hostname: c.hostname, spill: c.spill } : c)),
    peers: new Map(good.map((c, i) => [c.key, peers[i]])),
  };
}

/** The fleet index and summary pages (main thread): loaded only when HTML or Markdown is asked for. */
async function pagesOf(ctx: RunContext) {
  if (!ctx.templates || !(ctx.formats.includes('html') || ctx.formats.includes('md'))) return {};
  const { pageRenderers } = await import('../report/render.js');
  return { pages: pageRenderers(ctx.templates) };
}
