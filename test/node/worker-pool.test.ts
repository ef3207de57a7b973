/** WorkerPool: runs tasks on threads from a file or from source text (as in the executable), and survives failures. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkerPool } from '../../src/node/worker-pool.js';
import { POOL_MARK } from '../../src/node/worker-protocol.js';

// A worker as source text, speaking the pool's protocol by hand (what serveTasks does); CommonJS like the
// executable's embedded worker bundle.
const WORKER = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
if (!workerData || !workerData[${JSON.stringify(POOL_MARK)}]) throw new Error('not started by the pool');
parentPort.on('message', async ({ id, task }) => {
  if (task.crash) process.exit(7);
  if (task.fail) return parentPort.postMessage({ id, ok: false, message: 'task failed: ' + task.n });
  await new Promise((r) => setTimeout(r, task.wait ?? 0));
  parentPort.postMessage({ id, ok: true, value: { n: task.n * 2, threadId } });
});
`;

interface Task {
  n: number;
  wait?: number;
  fail?: boolean;
  crash?: boolean;
}

let pool: WorkerPool<Task, { n: number; threadId: number }> | null = null;
afterEach(async () => {
  await pool?.destroy();
  pool = null;
});

describe('WorkerPool', () => {
  it('runs tasks from embedded source on up to `size` threads, results in task order', async () => {
    pool = new WorkerPool({ code: WORKER }, 2);
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => pool!.run({ n, wait: 30 })));
    expect(results.map((r) => r.n)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
  });

  it('runs a worker file (the CLI path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-pool-'));
    const file = join(dir, 'worker.cjs');
    writeFileSync(file, WORKER);
    pool = new WorkerPool({ file: pathToFileURL(file) }, 1);
    expect((await pool.run({ n: 21 })).n).toBe(42);
  });

  it('rejects a failed task with its message and goes on with the rest', async () => {
    pool = new WorkerPool({ code: WORKER }, 1);
    await expect(pool.run({ n: 3, fail: true })).rejects.toThrow('task failed: 3');
    expect((await pool.run({ n: 4 })).n).toBe(8);
  });

  it('a thread that dies fails only its task; a new thread takes the queue', async () => {
    pool = new WorkerPool({ code: WORKER }, 1);
    const crashed = pool.run({ n: 1, crash: true });
    const next = pool.run({ n: 5 });
    await expect(crashed).rejects.toThrow(/exited \(code 7\)/);
    expect((await next).n).toBe(10);
  });

  it('sends a thread its next task before it answers (this test worker answers whichever finishes first)', async () => {
    pool = new WorkerPool({ code: WORKER }, 1);
    const done: number[] = [];
    await Promise.all([pool.run({ n: 1, wait: 300 }), pool.run({ n: 2 })].map((p) => p.then((r) => done.push(r.n))));
    expect(done).toEqual([4, 2]);
  });

  it('destroy rejects tasks not yet run', async () => {
    pool = new WorkerPool({ code: WORKER }, 1);
    const running = pool.run({ n: 1, wait: 500 });
    const queued = pool.run({ n: 2 });
    const settled = Promise.allSettled([running, queued]);
    await pool.destroy();
    for (const r of await settled) expect(r.status === 'rejected' && String(r.reason)).toMatch(/closed/);
    await expect(pool.run({ n: 3 })).rejects.toThrow(/closed/);
  });

  it('refuses a size below 1', () => {
    expect(() => new WorkerPool({ code: WORKER }, 0)).toThrow(RangeError);
  });
});
