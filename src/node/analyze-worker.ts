/**
 * Pool worker thread (WorkerPool, worker-pool.ts): runs a run's host tasks (fleet-tasks.ts), re-opening each
 * host's files from the portable plan it is sent; the run's context comes once, as workerData. Loaded as
 * dist/node/analyze-worker.js by the CLI, or as embedded source inside the single executable.
 */
import { threadId, workerData } from 'node:worker_threads';
import { fromPortablePlan, type PortablePlan } from './discovery/portable-plan.js';
import { factsTask, reportTask, type HostCard, type ReportTask, type RunContext } from './fleet-tasks.js';
import type { HostPieces } from '../report/fleet-stream.js';
import { folderStore, memoryStore } from './spill.js';
import { serveTasks } from './worker-serve.js';
import { RUN_CONTEXT } from './worker-protocol.js';

export type WorkerTask = { readonly kind: 'facts'; readonly key: number; readonly plan: PortablePlan } | ({ readonly kind: 'report' } & ReportTask);
export type WorkerResult = HostCard | HostPieces;

const ctx = (workerData as Record<string, unknown> | null)?.[RUN_CONTEXT] as RunContext | undefined;
const store = ctx?.spillDir ? folderStore(ctx.spillDir, threadId) : memoryStore();

export function analyzeInWorker(task: WorkerTask): Promise<WorkerResult> {
  if (!ctx) throw new Error('worker started without a run context');
  return task.kind === 'facts' ? factsTask(task.key, fromPortablePlan(task.plan), ctx, store) : reportTask(task, ctx, store);
}

serveTasks(analyzeInWorker);
