/** Messages between WorkerPool (worker-pool.ts) and serveTasks (worker-serve.ts). */

/** workerData key marking a thread started by WorkerPool, so serveTasks never answers another host's messages. */
export const POOL_MARK = 'rdslicPool';

export interface TaskRequest {
  readonly id: number;
  readonly task: unknown;
}

export type TaskReply<R> = { readonly id: number; readonly ok: true; readonly value: R } | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string };

/** workerData key of the run's context (fleet-tasks.ts RunContext), sent once per thread. */
export const RUN_CONTEXT = 'rdslicRun';
