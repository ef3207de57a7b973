/** Reading evidence files: read-only, whole file into memory, size-capped, never written to. */
import { openSync, readSync, fstatSync, closeSync, constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { UsageError } from './usage-error.js';
import { BACKGROUND_HASH_MIN_BYTES, streamingHash } from './hash-worker.js';

/** Largest input read into memory (a hive larger than this is not a real hive). */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

/** Large inputs are read in chunks of this size, each handed to the hash thread as it arrives. */
const CHUNK_BYTES = 16 * 1024 * 1024;

/** `hashInBackground`: a large input is hashed on the helper thread while it is read (sha256Overlapped takes the digest). */
export function readEvidenceFile(path: string, maxBytes = MAX_INPUT_BYTES, options: { hashInBackground?: boolean } = {}): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (e) {
    throw new UsageError(`${path}: cannot open (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory`);
    if (st.size > maxBytes) throw new UsageError(`${path}: ${st.size} bytes exceeds the ${maxBytes}-byte input limit`);
    // Large inputs hashed in the background go into shared memory, which the hash thread (hash-worker.ts) reads
    // without a copy; the others into an ordinary buffer, whose memory V8 counts and frees when it is let go.
    const hashed = options.hashInBackground === true && st.size >= BACKGROUND_HASH_MIN_BYTES;
    const buf = new Uint8Array(hashed ? new SharedArrayBuffer(st.size) : new ArrayBuffer(st.size));
    const hash = hashed ? streamingHash(buf) : null;
    let got = 0;
    try {
      while (got < st.size) {
        const n = readSync(fd, buf, got, hash ? Math.min(CHUNK_BYTES, st.size - got) : st.size - got, got);
        if (n === 0) break;
        got += n;
        hash?.filled(got);
      }
    } catch (e) {
      hash?.abort();
      throw e;
    }
    const bytes = got === st.size ? buf : buf.subarray(0, got);
    hash?.end(bytes);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
