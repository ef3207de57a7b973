/**
 * SHA-256 of large inputs on a helper thread, so hashing runs while the main thread reads, opens, classifies and
 * loads the same bytes (issue 18: hashing was a third of a big host's run). The bytes are shared, not copied:
 * inputs this large that are to be hashed in the background are read into a SharedArrayBuffer (readEvidenceFile),
 * and the thread hashes each chunk as soon as the read has put it there, so the hash ends about when the read does
 * instead of a whole hash later. The thread lives while it has jobs (see HashThread). The digest is node:crypto's
 * either way.
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

/**
 * One helper thread and the jobs it holds. It is ended as soon as it holds none: V8 does not count shared memory
 * toward a thread's garbage-collection pressure (nodejs/node#34703), so every SharedArrayBuffer a thread was given
 * stays allocated until that thread collects garbage, which a thread that only hashes never does; a kept thread
 * held every large input of a run (1.3–1.5 GB for three hosts with a 234 MB SOFTWARE each, 3.6 GB for twelve).
 * Ending it frees them.
 */
class HashThread {
  readonly jobs = new Map<number, Job>();
  readonly worker = new Worker(SOURCE, { eval: true });
  private ended = false;
  constructor() {
    this.worker.on('message', (m: { id: number; hex: string }) => {
      const job = this.jobs.get(m.id);
      this.jobs.delete(m.id);
      this.endIfIdle();
      job?.resolve(m.hex);
    });
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
  }
  get alive(): boolean {
    return !this.ended;
  }
  post(message: unknown): void {
    this.worker.postMessage(message);
  }
  endIfIdle(): void {
    if (this.jobs.size > 0 || this.ended) return;
    this.ended = true;
    if (current === this) current = null;
    void this.worker.terminate();
  }
  /** A thread that fails hands its jobs back: ended ones are hashed here, reads still going get their hash here when they end. */
  private fallBack(): void {
    this.ended = true;
    if (current === this) current = null;
    for (const [id, job] of this.jobs) {
      if (!job.final) continue;
      this.jobs.delete(id);
      job.resolve(hashHere(job.final));
    }
  }
}

let current: HashThread | null = null;
let nextId = 0;
/** Each started hash whose digest nobody took yet: the digest to come, and how to give it up. */
const started = new WeakMap<Uint8Array, { readonly digest: Promise<string>; readonly giveUp: () => void }>();

const hashHere = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Whether a hash thread is running (tests: it ends once it holds no job). */
export function hashThreadRunning(): boolean {
  return current !== null;
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
  const t = (current ??= new HashThread());
  const id = nextId++;
  let resolve!: (hex: string) => void;
  const digest = new Promise<string>((r) => (resolve = r));
  const job: Job = { bytes, final: null, resolve };
  t.jobs.set(id, job);
  t.post({ id, bytes, upTo: 0 });
  const giveUp = () => {
    t.jobs.delete(id);
    if (t.alive) t.post({ id, abort: true });
    t.endIfIdle();
  };
  return {
    filled: (upTo) => {
      if (t.alive) t.post({ id, upTo });
    },
    end: (final) => {
      job.final = final;
      started.set(final, { digest, giveUp });
      if (t.alive) t.post({ id, upTo: final.length, end: true });
      else {
        t.jobs.delete(id);
        resolve(hashHere(final));
      }
    },
    abort: giveUp,
  };
}

/**
 * Gives up the background hash of `bytes` (read, then let go unused): the thread drops them, and ends if it holds
 * nothing else. Nothing when none was started.
 */
export function abandonHash(bytes: Uint8Array): void {
  const pending = started.get(bytes);
  if (!pending) return;
  started.delete(bytes);
  pending.giveUp();
}

/** SHA-256 as lowercase hex: the background hash of these very bytes when one was started, else computed here. */
export function sha256Overlapped(bytes: Uint8Array): string | Promise<string> {
  const pending = started.get(bytes);
  if (!pending) return hashHere(bytes);
  started.delete(bytes);
  return pending.digest;
}
