/** Read-only access to files on disk as VirtualFiles and zip RandomAccess; no descriptor stays open between reads. */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { RandomAccess, ZipEntry, ZipLimits } from '../../evidence/zip/zip-archive.js';
import type { VirtualFile } from '../../evidence/virtual-file.js';
import { abandonHash } from '../hash-worker.js';
import { MAX_INPUT_BYTES, readEvidenceFile } from '../read-file.js';

function readAt(path: string, offset: number, length: number): Uint8Array {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Positioned reads; each opens and closes the file, so a plan of 300 hosts holds no descriptors. */
export function fileAccess(path: string, size: number): RandomAccess {
  return { size, read: (offset, length) => readAt(path, offset, Math.max(0, Math.min(length, size - offset))) };
}

/** Where a VirtualFile made here lives, as plain data (it crosses to worker threads; see portable-plan.ts). */
export type FileOrigin =
  | { readonly kind: 'disk'; readonly abs: string; readonly maxBytes: number }
  | { readonly kind: 'zip'; readonly abs: string; readonly size: number; readonly entry: ZipEntry; readonly limits: ZipLimits };

/**
 * Discovery reads a hive whole to tell its kind by content, and loading reads it again moments later: the bytes of
 * recent reads are kept for that second read (taken out on use, bounded, so a fleet's plan holds none). The bound
 * is what one host's loading can take back: 128 MB and 64 files (a host has a few hives, their logs and its users'
 * hives; a fleet's discovery holding 128 MB of small hives it will never take back raised the run's peak memory
 * by their size). The largest read is kept on top of the bound, so a hive larger than the bound is still read
 * once (a small one read again costs little); the most held is the bound plus one input, whatever the fleet.
 */
const RECENT_BYTES_LIMIT = 128 * 1024 * 1024;
const RECENT_FILES_LIMIT = 64;
const recent = new Map<string, Uint8Array>();
let recentBytes = 0;
/** Paths read once by discovery and not read again yet: a second read is loading's. */
const readBefore = new Set<string>();
let discovering = true;
/** Large reads of this discovery that may still go into shared memory, hashed as they are read. */
const SHARED_READS_PER_DISCOVERY = 2;
let sharedReadsLeft = SHARED_READS_PER_DISCOVERY;
/** The largest read held, kept as reads come (a scan of the map per read made discovery quadratic in the fleet); null: to be found again. */
let largest: string | null = null;

function readOnceMore(abs: string, maxBytes: number): Uint8Array {
  const hit = recent.get(abs);
  if (hit) {
    recent.delete(abs);
    recentBytes -= hit.length;
    if (abs === largest) largest = null;
    readBefore.delete(abs);
    return hit;
  }
  // Once discovery is over, this is a pool run's own host (see readOnly); loading's read of a file the cache let go
  // is hashed as it is read (on the hash thread, beside this one's work), and not kept: no third read comes.
  if (!discovering) return readOnly(abs, maxBytes);
  if (readBefore.delete(abs)) return readEvidenceFile(abs, maxBytes, { hashInBackground: true });
  // Discovery's first two large reads are hashed as they are read (one host's loading takes them back with their
  // hash done); the others not: most of a fleet's reads are let go unused, and shared memory, which a hash on the
  // helper thread needs, is not counted by V8 toward collecting garbage, so each of those would stay allocated.
  readBefore.add(abs);
  const bytes = readEvidenceFile(abs, maxBytes, { hashInBackground: sharedReadsLeft > 0 });
  if (bytes.buffer instanceof SharedArrayBuffer) sharedReadsLeft--;
  recent.set(abs, bytes);
  recentBytes += bytes.length;
  if (largest !== null && bytes.length > (recent.get(largest)?.length ?? -1)) largest = abs;
  keepRecentWithinBound();
  return bytes;
}

/** A discovery starts: its reads are kept for loading to take back. */
export function beginDiscovery(): void {
  discovering = true;
  readBefore.clear();
  sharedReadsLeft = SHARED_READS_PER_DISCOVERY;
}

/**
 * Empties the cache of recent reads and ends discovery's keeping: for a run whose hosts are loaded by pool workers,
 * which never take them back (this thread's own hosts then read as loading does).
 */
export function forgetRecentReads(): void {
  for (const bytes of recent.values()) abandonHash(bytes);
  recent.clear();
  recentBytes = 0;
  largest = null;
  discovering = false;
  readBefore.clear();
}

/** What the cache of recent reads holds now (tests: it stays within its bound). */
export function recentReadsHeld(): { readonly files: number; readonly bytes: number } {
  return { files: recent.size, bytes: recentBytes };
}

/**
 * A read with no second one expected, in a pool run (a pool worker loading its host, or this thread's own hosts once
 * the pool has started): nothing is kept, and the bytes are hashed where they are parsed, in an ordinary buffer. In
 * shared memory for the hash thread, a pool run held ever more of its large inputs: V8 does not count shared memory
 * toward collecting garbage (nodejs/node#34703), so each host's buffer stayed until a full collection of the thread
 * that had loaded it (peak RSS for 12 / 24 / 48 hosts of a 234 MB SOFTWARE: up to 1,498 / 1,733 / 1,925 MiB, now
 * ~1,000 MiB for each). The pool's threads keep the cores busy without the hash thread.
 */
function readOnly(abs: string, maxBytes: number): Uint8Array {
  return readEvidenceFile(abs, maxBytes, { hashInBackground: false });
}

/** Drops the oldest reads but the largest until the others fit in RECENT_BYTES_LIMIT and RECENT_FILES_LIMIT. */
function keepRecentWithinBound(): void {
  if (recentBytes <= RECENT_BYTES_LIMIT && recent.size <= RECENT_FILES_LIMIT) return;
  if (largest === null) {
    let most = -1;
    for (const [k, v] of recent) {
      if (v.length > most) {
        largest = k;
        most = v.length;
      }
    }
  }
  const largestLength = largest === null ? -1 : (recent.get(largest)?.length ?? -1);
  for (const [k, v] of recent) {
    if (recentBytes - largestLength <= RECENT_BYTES_LIMIT && recent.size - 1 <= RECENT_FILES_LIMIT) break;
    if (k === largest) continue;
    recent.delete(k);
    recentBytes -= v.length;
    abandonHash(v);
  }
}

/** `abs` is read; `display` is shown; `relPath` places it in its collection; `keep`: its bytes wait for a second read (discovery). */
export function diskFile(abs: string, display: string, relPath: string, size: number, maxBytes = MAX_INPUT_BYTES, keep = true): VirtualFile {
  const origin: FileOrigin = { kind: 'disk', abs, maxBytes };
  return {
    path: display,
    relPath,
    size,
    read: () => (keep ? readOnceMore(abs, maxBytes) : readOnly(abs, maxBytes)),
    head: (length) => readAt(abs, 0, Math.min(length, size)),
    origin,
  };
}
