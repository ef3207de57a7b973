/** A zip archive as a Collection: one VirtualFile per member, each inflated only when read. */
import type { Collection, VirtualFile } from '../virtual-file.js';
import { DEFAULT_ZIP_LIMITS, readZipDirectory, readZipEntry, type RandomAccess, type ZipEntry, type ZipLimits } from './zip-archive.js';

/**
 * `display` is the archive's path as the user gave it; members show as `display!/inner/path`. Throws ZipError
 * when the directory is damaged or over a limit (the caller lists the archive as ignored with that message).
 */
export function zipCollection(
  display: string,
  name: string,
  access: RandomAccess,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  originOf?: (entry: ZipEntry) => unknown,
): Collection {
  const files: VirtualFile[] = [];
  for (const entry of readZipDirectory(access, limits)) {
    if (entry.isDirectory) continue;
    files.push(zipMemberFile(`${display}!/${entry.name}`, entry, access, limits, originOf?.(entry)));
  }
  return { name, location: display, archive: true, files };
}

/** One member as a VirtualFile, inflated only when read (also used to re-open a member from its origin). */
export function zipMemberFile(path: string, entry: ZipEntry, access: RandomAccess, limits: ZipLimits, origin?: unknown): VirtualFile {
  return {
    path,
    relPath: entry.name,
    size: entry.size,
    read: () => readZipEntry(access, entry, limits),
    head: (length) => readZipEntry(access, entry, limits, length),
    ...(origin !== undefined ? { origin } : {}),
  };
}
