/**
 * Files picked or dropped in the page → the Collections planHosts takes, grouped the way the CLI groups its
 * arguments (src/node/discovery/discover.ts), so a folder picked in the page and the same folder named on the
 * command line give the same paths, labels and hosts:
 * - a file under a folder (`case/SYSTEM`, from a folder picker or a dropped folder) belongs to the collection of
 *   its top folder, named after it; its shown path is the whole relative path, as `rdslic analyze case` shows it;
 * - a `.zip` (anywhere) is a collection of its own, read in place;
 * - files picked one by one form one flat "loose" group, labelled LOOSE_LABEL (a browser does not reveal their folder).
 */
import type { Collection, IgnoredFile, VirtualFile } from '../evidence/virtual-file.js';
import { DEFAULT_ZIP_LIMITS, type RandomAccess, type ZipLimits } from '../evidence/zip/zip-archive.js';
import { zipCollection } from '../evidence/zip/zip-collection.js';
import { sniff } from '../evidence/sniff.js';
import type { Anomaly } from '../view/anomaly.js';

/** A file as the page hands it over: its bytes (a File or Blob) and its '/'-separated path below what was picked. */
export interface PickedFile {
  readonly blob: Blob;
  readonly path: string;
}

/** Synchronous byte range reads (FileReaderSync in the worker); `end` is exclusive. */
export type BlobRead = (blob: Blob, start: number, end: number) => Uint8Array;

/** Host label for files given one by one, where the CLI would use the name of the folder they sit in. */
export const LOOSE_LABEL = 'files';

/** Largest file read into memory, as in the CLI (src/node/read-file.ts). */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

export interface PickedCollections {
  readonly collections: Collection[];
  readonly ignored: IgnoredFile[];
  readonly anomalies: Anomaly[];
}

const ZIP_NAME = /\.zip$/i;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** Leading slashes, `.` segments and backslashes of dropped-entry paths removed; `..` segments refused. */
export function normalizePickedPath(path: string): string | null {
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}

function blobAccess(blob: Blob, read: BlobRead): RandomAccess {
  const size = blob.size;
  return { size, read: (offset, length) => read(blob, offset, Math.max(offset, Math.min(offset + length, size))) };
}

function virtualFile(blob: Blob, path: string, relPath: string, read: BlobRead): VirtualFile {
  return {
    path,
    relPath,
    size: blob.size,
    read: () => {
      if (blob.size > MAX_INPUT_BYTES) throw new Error(`${blob.size} bytes exceeds the ${MAX_INPUT_BYTES}-byte input limit`);
      return read(blob, 0, blob.size);
    },
    head: (length) => read(blob, 0, Math.min(length, blob.size)),
  };
}

function isZip(blob: Blob, path: string, read: BlobRead): boolean {
  if (ZIP_NAME.test(path)) return true;
  try {
    return sniff(read(blob, 0, Math.min(4, blob.size))).kind === 'zip';
  } catch {
    return false;
  }
}

const byPath = (a: PickedFile, b: PickedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function collectPickedFiles(picked: readonly PickedFile[], read: BlobRead, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): PickedCollections {
  const ignored: IgnoredFile[] = [];
  const anomalies: Anomaly[] = [];
  const folders = new Map<string, VirtualFile[]>();
  const loose: VirtualFile[] = [];
  const archives: Collection[] = [];
  const seen = new Set<string>();

  const addZip = (blob: Blob, display: string) => {
    const base = display.slice(display.lastIndexOf('/') + 1);
    try {
      archives.push(zipCollection(display, base.replace(ZIP_NAME, ''), blobAccess(blob, read), zipLimits));
    } catch (e) {
      ignored.push({ path: display, reason: message(e) });
      anomalies.push({ code: 'zip-refused', severity: 'error', message: `${display}: ${message(e)}` });
    }
  };

  // Sorted like a shell glob orders command-line arguments, so the host order is the CLI's.
  for (const p of [...picked].sort(byPath)) {
    const path = normalizePickedPath(p.path);
    if (path === null) {
      ignored.push({ path: p.path, reason: 'path leaves the picked folder' });
      continue;
    }
    if (seen.has(path)) {
      ignored.push({ path, reason: 'picked twice' });
      continue;
    }
    seen.add(path);
    const slash = path.indexOf('/');
    if (slash < 0) {
      if (isZip(p.blob, path, read)) addZip(p.blob, path);
      else loose.push(virtualFile(p.blob, path, path, read));
      continue;
    }
    // Inside a folder only names ending in .zip are archives, as when the CLI walks a folder.
    if (ZIP_NAME.test(path)) {
      addZip(p.blob, path);
      continue;
    }
    const top = path.slice(0, slash);
    const list = folders.get(top) ?? [];
    list.push(virtualFile(p.blob, path, path.slice(slash + 1), read));
    folders.set(top, list);
  }

  const collections: Collection[] = [...folders].map(([name, files]) => ({ name, location: name, files }));
  if (loose.length > 0) collections.push({ name: LOOSE_LABEL, location: LOOSE_LABEL, loose: true, files: loose });
  collections.push(...archives);
  return { collections, ignored, anomalies };
}
