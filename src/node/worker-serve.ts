/** The worker side of WorkerPool: answers each task message with the handler's result or its error. */
import { parentPort, workerData } from 'node:worker_threads';
import { POOL_MARK, type TaskReply, type TaskRequest } from './worker-protocol.js';

export function serveTasks<T, R>(handler: (task: T) => Promise<R> | R): void {
  const port = parentPort;
  if (!port || !(workerData as Record<string, unknown> | null)?.[POOL_MARK]) return;
  port.on('message', (msg: TaskRequest) => {
    Promise.resolve()
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
