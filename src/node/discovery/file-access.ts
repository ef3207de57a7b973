/** Read-only access to files on disk as VirtualFiles and zip RandomAccess; no descriptor stays open between reads. */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { RandomAccess, ZipEntry, ZipLimits } from '../../evidence/zip/zip-archive.js';
import type { VirtualFile } from '../../evidence/virtual-file.js';
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

/** `abs` is read; `display` is shown; `relPath` places it in its collection. */
export function diskFile(abs: string, display: string, relPath: string, size: number, maxBytes = MAX_INPUT_BYTES): VirtualFile {
  const origin: FileOrigin = { kind: 'disk', abs, maxBytes };
  return {
    path: display,
    relPath,
    size,
    read: () => readEvidenceFile(abs, maxBytes),
    head: (length) => readAt(abs, 0, Math.min(length, size)),
    origin,
  };
}
