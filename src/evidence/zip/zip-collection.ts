/** A zip archive as a Collection: one VirtualFile per member, each inflated only when read. */
import type { Collection, VirtualFile } from '../virtual-file.js';
import { DEFAULT_ZIP_LIMITS, readZipDirectory, readZipEntry, type RandomAccess, type ZipLimits } from './zip-archive.js';

/**
 * `display` is the archive's path as the user gave it; members show as `display!/inner/path`. Throws ZipError
 * when the directory is damaged or over a limit (the caller lists the archive as ignored with that message).
 */
export function zipCollection(display: string, name: string, access: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Collection {
  const files: VirtualFile[] = [];
  for (const entry of readZipDirectory(access, limits)) {
    if (entry.isDirectory) continue;
    files.push({
      path: `${display}!/${entry.name}`,
      relPath: entry.name,
      size: entry.size,
      read: () => readZipEntry(access, entry, limits),
      head: (length) => readZipEntry(access, entry, limits, length),
    });
  }
  return { name, location: display, archive: true, files };
}
