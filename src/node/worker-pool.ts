/**
 * A fixed-size pool of worker threads (node:worker_threads) running one task function. The worker code comes from
 * a file, or from source text run with `eval: true`: inside a single executable there is no file to load (piscina
 * starts its own worker script from its package folder, which a SEA does not have), so the executable hands the
 * pool its embedded worker bundle. The worker side is serveTasks (worker-serve.ts). A thread keeps the process
 * alive only while it runs a task, so a caller that forgets destroy() still exits.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { POOL_MARK, type TaskReply, type TaskRequest } from './worker-protocol.js';

export type WorkerSource = { readonly file: URL } | { readonly code: string };

interface Pending<R> {
  readonly id: number;
  readonly task: unknown;
  resolve(value: R): void;
  reject(error: Error): void;
}

interface Slot<R> {
  readonly worker: Worker;
  /** Sent and not answered, oldest (the one running) first. */
  readonly inFlight: Pending<R>[];
}

/**
 * Tasks sent to a thread before it answers: the next ones already wait in its message queue, so a thread does not idle
 * while its answers wait for the main thread, which runs hosts of its own between messages (tens of ms for a cold first
 * host or a DPAPI image). With one ahead, workers idled 13 % of a fleet; with four, 20 % while the main thread worked too.
 */
export const TASKS_AHEAD = 8;

export class WorkerPool<T, R> {
  private readonly queue: Pending<R>[] = [];
  private readonly slots: Slot<R>[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly source: WorkerSource,
    private readonly size: number,
    /** Given to every thread as workerData (the run's context, cloned once per thread rather than per task). */
    private readonly data: Readonly<Record<string, unknown>> = {},
    /** V8 heap limits of each thread (node:worker_threads resourceLimits). */
    private readonly limits?: ResourceLimits,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size ${size} is not a whole number above 0`);
  }

  run(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread; tasks not finished yet are rejected. */
  async destroy(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed before the task ran'));
    const slots = this.slots.splice(0);
    for (const s of slots) for (const p of s.inFlight.splice(0)) p.reject(new Error('worker pool closed while the task ran'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // An idle thread first, then a new one, then one with room ahead.
      let slot = this.slots.find((s) => s.inFlight.length === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      slot ??= this.slots.find((s) => s.inFlight.length < TASKS_AHEAD);
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.inFlight.push(job);
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task } satisfies TaskRequest);
    }
  }

  private spawn(): Slot<R> {
    const options = { workerData: { ...this.data, [POOL_MARK]: true }, ...(this.limits ? { resourceLimits: this.limits } : {}) };
    const worker = 'file' in this.source ? new Worker(this.source.file, options) : new Worker(this.source.code, { ...options, eval: true });
    const slot: Slot<R> = { worker, inFlight: [] };
    this.slots.push(slot);
    worker.on('message', (reply: TaskReply<R>) => {
      const at = slot.inFlight.findIndex((p) => p.id === reply.id);
      if (at < 0) return;
      const [job] = slot.inFlight.splice(at, 1);
      if (slot.inFlight.length === 0) slot.worker.unref();
      if (reply.ok) job.resolve(reply.value);
      else job.reject(Object.assign(new Error(reply.message), reply.stack ? { stack: reply.stack } : {}));
      this.dispatch();
    });
    // A thread that dies (uncaught error, out of memory, exit) fails the task it ran and is replaced for the rest;
    // the tasks sent ahead to it never started and go back to the front of the queue.
    const lost = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const [job, ...ahead] = slot.inFlight.splice(0);
      this.queue.unshift(...ahead);
      job?.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`worker thread exited (code ${code})`)));
    return slot;
  }
}
