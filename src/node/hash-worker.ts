/**
 * SHA-256 of large inputs on a helper thread, so hashing runs while the main thread reads, opens, classifies and
 * loads the same bytes (issue 18: hashing was a third of a big host's run). The bytes are shared, not copied:
 * inputs this large are read into a SharedArrayBuffer (readEvidenceFile), and the thread hashes each chunk as soon
 * as the read has put it there, so the hash ends about when the read does instead of a whole hash later. The
 * digest is node:crypto's either way.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Below this a thread costs more to start than the hash it would take over. */
export const BACKGROUND_HASH_MIN_BYTES = 32 * 1024 * 1024;

// Plain CommonJS evaluated in the thread: no file to ship beside the bundle. A job is opened with the shared
// bytes, fed how far they are filled, and ended with their final length (a file can end short of its size).
const SOURCE = `const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.bytes) jobs.set(m.id, { bytes: m.bytes, hash: createHash('sha256'), done: 0 });
  const j = jobs.get(m.id);
  if (!j) return;
  if (m.abort) return void jobs.delete(m.id);
  if (m.upTo > j.done) {
    j.hash.update(j.bytes.subarray(j.done, m.upTo));
    j.done = m.upTo;
  }
  if (m.end) {
    jobs.delete(m.id);
    parentPort.postMessage({ id: m.id, hex: j.hash.digest('hex') });
  }
});`;

interface Job {
  /** The bytes hashed so far are a prefix of these; the final bytes may be a shorter view of them. */
  readonly bytes: Uint8Array;
  final: Uint8Array | null;
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
  // A thread that fails hands its jobs back to this one: ended ones are hashed here, reads still going get
  // their hash here when they end.
  const fallBack = () => {
    worker = null;
    for (const [id, job] of jobs) {
      if (!job.final) continue;
      jobs.delete(id);
      job.resolve(hashHere(job.final));
    }
  };
  w.on('error', fallBack);
  w.on('exit', fallBack);
  worker = w;
  return w;
}

/** A hash fed while `bytes` are being filled: `filled(n)` as the read goes, then `end(final)` or `abort()`. */
export interface StreamingHash {
  filled(upTo: number): void;
  end(final: Uint8Array): void;
  abort(): void;
}

/** Opens a hash of `bytes` on the helper thread when they are shared and large enough; otherwise null. */
export function streamingHash(bytes: Uint8Array): StreamingHash | null {
  if (bytes.length < BACKGROUND_HASH_MIN_BYTES || !(bytes.buffer instanceof SharedArrayBuffer)) return null;
  const w = helper();
  const id = nextId++;
  let resolve!: (hex: string) => void;
  const digest = new Promise<string>((r) => (resolve = r));
  const job: Job = { bytes, final: null, resolve };
  jobs.set(id, job);
  w.ref();
  w.postMessage({ id, bytes, upTo: 0 });
  // A thread that died meanwhile is not the one that holds this job (a new one may have started since).
  const alive = () => worker === w;
  return {
    filled: (upTo) => {
      if (alive()) w.postMessage({ id, upTo });
    },
    end: (final) => {
      job.final = final;
      started.set(final, digest);
      if (alive()) w.postMessage({ id, upTo: final.length, end: true });
      else {
        jobs.delete(id);
        resolve(hashHere(final));
      }
    },
    abort: () => {
      jobs.delete(id);
      if (!alive()) return;
      w.postMessage({ id, abort: true });
      if (jobs.size === 0) w.unref();
    },
  };
}

/** SHA-256 as lowercase hex: the background hash of these very bytes when one was started, else computed here. */
export function sha256Overlapped(bytes: Uint8Array): string | Promise<string> {
  const pending = started.get(bytes);
  if (!pending) return hashHere(bytes);
  started.delete(bytes);
  return pending;
}
