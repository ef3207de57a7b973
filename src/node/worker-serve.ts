/** The worker side of WorkerPool: answers each task message with the handler's result or its error, one task at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { POOL_MARK, type TaskReply, type TaskRequest } from './worker-protocol.js';

export function serveTasks<T, R>(handler: (task: T) => Promise<R> | R): void {
  const port = parentPort;
  if (!port || !(workerData as Record<string, unknown> | null)?.[POOL_MARK]) return;
  // The pool sends tasks ahead (TASKS_AHEAD); they run in turn, never two at once.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (msg: TaskRequest) => {
    previous = previous
      .then(() => handler(msg.task as T))
      .then(
        (value) => port.postMessage({ id: msg.id, ok: true, value } satisfies TaskReply<R>),
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          port.postMessage({ id: msg.id, ok: false, message: err.message, ...(err.stack ? { stack: err.stack } : {}) } satisfies TaskReply<R>);
        },
      );
  });
}
