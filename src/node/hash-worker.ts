/**
 * SHA-256 of large inputs on a helper thread, so hashing runs while the main thread opens, classifies and loads
 * the same bytes (issue 18: hashing was a third of a big host's run). The bytes are shared, not copied: inputs this
 * large are read into a SharedArrayBuffer (readEvidenceFile). The digest is node:crypto's either way.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Below this a thread costs more to start than the hash it would take over. */
export const BACKGROUND_HASH_MIN_BYTES = 32 * 1024 * 1024;

// Plain CommonJS evaluated in the thread: no file to ship beside the bundle.
const SOURCE = `const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, hex: createHash('sha256').update(m.bytes).digest('hex') }));`;

interface Job {
  readonly bytes: Uint8Array;
  readonly resolve: (hex: string) => void;
}

let worker: Worker | null = null;
let nextId = 0;
const jobs = new Map<number, Job>();
const started = new WeakMap<Uint8Array, Promise<string>>();

const hashHere = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function helper(): Worker {
  if (worker) return worker;
  const w = new Worker(SOURCE, { eval: true });
  w.on('message', (m: { id: number; hex: string }) => {
    const job = jobs.get(m.id);
    jobs.delete(m.id);
    // Only a pending hash keeps the process alive.
    if (jobs.size === 0) w.unref();
    job?.resolve(m.hex);
  });
  // A thread that fails hands its pending jobs back to this one.
  const fallBack = () => {
    worker = null;
    for (const [id, job] of jobs) {
      jobs.delete(id);
      job.resolve(hashHere(job.bytes));
    }
  };
  w.on('error', fallBack);
  w.on('exit', fallBack);
  worker = w;
  return w;
}

/** Starts hashing `bytes` on the helper thread when they are shared and large enough; otherwise does nothing. */
export function startBackgroundHash(bytes: Uint8Array): void {
  if (bytes.length < BACKGROUND_HASH_MIN_BYTES || !(bytes.buffer instanceof SharedArrayBuffer) || started.has(bytes)) return;
  const w = helper();
  const id = nextId++;
  started.set(bytes, new Promise<string>((resolve) => jobs.set(id, { bytes, resolve })));
  w.ref();
  w.postMessage({ id, bytes });
}

/** SHA-256 as lowercase hex: the background hash of these very bytes when one was started, else computed here. */
export function sha256Overlapped(bytes: Uint8Array): string | Promise<string> {
  const pending = started.get(bytes);
  if (!pending) return hashHere(bytes);
  started.delete(bytes);
  return pending;
}
