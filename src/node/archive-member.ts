/**
 * A file inside a zip archive named the way rdslic prints it, `archive.zip!/inner/path`, for `dump` and `info`:
 * found by its stored name (any case, `/` or `\`), inflated in memory, the archive opened read-only.
 */
import { statSync } from 'node:fs';
import { sniff } from '../evidence/sniff.js';
import { DEFAULT_ZIP_LIMITS, readZipDirectory, readZipEntry, ZipError, type ZipEntry } from '../evidence/zip/zip-archive.js';
import { UsageError } from './usage-error.js';
import { fileAccess } from './discovery/file-access.js';

export interface ArchiveMember {
  readonly archive: string;
  readonly name: string;
  read(): Uint8Array;
  /** NAME.LOG1 / .LOG2 / .LOG beside the member in the same archive folder, as `archive!/…` paths. */
  logsBeside(): string[];
  readSibling(display: string): Uint8Array;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A zip archive on disk (by content, whatever its name). */
export function isArchive(path: string): boolean {
  if (!isFile(path)) return false;
  try {
    const st = statSync(path);
    return sniff(fileAccess(path, st.size).read(0, 4)).kind === 'zip';
  } catch {
    return false;
  }
}

function directory(archive: string): { entries: ZipEntry[]; access: ReturnType<typeof fileAccess> } {
  const access = fileAccess(archive, statSync(archive).size);
  try {
    return { entries: readZipDirectory(access, DEFAULT_ZIP_LIMITS).filter((e) => !e.isDirectory), access };
  } catch (e) {
    if (e instanceof ZipError) throw new UsageError(`${archive}: ${e.message}`);
    throw e;
  }
}

const norm = (name: string) => name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

function readEntry(archive: string, access: ReturnType<typeof fileAccess>, entry: ZipEntry): Uint8Array {
  try {
    return readZipEntry(access, entry, DEFAULT_ZIP_LIMITS);
  } catch (e) {
    if (e instanceof ZipError) throw new UsageError(`${archive}!/${entry.name}: ${e.message}`);
    throw e;
  }
}

/** Splits `archive.zip!/inner` at the first `!/` (or `!\`) whose left part is a file; null when there is none. */
export function archiveMember(path: string): ArchiveMember | null {
  for (let i = path.indexOf('!'); i >= 0; i = path.indexOf('!', i + 1)) {
    const archive = path.slice(0, i);
    const rest = path.slice(i + 1);
    if (!/^[\\/]/.test(rest) || !isFile(archive)) continue;
    const { entries, access } = directory(archive);
    const wanted = norm(rest);
    const entry = entries.find((e) => e.name === rest.slice(1)) ?? entries.find((e) => norm(e.name) === wanted);
    if (!entry) throw new UsageError(`${path}: no member ${rest.slice(1)} in ${archive} (\`rdslic info ${archive}\` lists its hives)`);
    const folder = entry.name.includes('/') ? entry.name.slice(0, entry.name.lastIndexOf('/') + 1) : '';
    return {
      archive,
      name: entry.name,
      read: () => readEntry(archive, access, entry),
      logsBeside: () =>
        ['.LOG1', '.LOG2', '.LOG']
          .map((ext) => entries.find((e) => norm(e.name) === norm(entry.name + ext)))
          .filter((e): e is ZipEntry => e !== undefined && norm(e.name).startsWith(norm(folder)))
          .map((e) => `${archive}!/${e.name}`),
      readSibling: (display) => {
        const e = entries.find((x) => `${archive}!/${x.name}` === display);
        if (!e) throw new UsageError(`${display}: not found`);
        return readEntry(archive, access, e);
      },
    };
  }
  return null;
}

/** What to type instead of a bare archive: its hive members in the `!/` notation. */
export function zipHint(archive: string): string {
  const { entries, access } = directory(archive);
  const hives: string[] = [];
  for (const e of entries) {
    if (hives.length >= 3) break;
    try {
      const k = sniff(readZipEntry(access, e, DEFAULT_ZIP_LIMITS, 64)).kind;
      if (k === 'hive' || k === 'reg') hives.push(`${archive}!/${e.name}`);
    } catch {
      // encrypted or damaged member: not offered
    }
  }
  if (hives.length === 0) return 'is a zip archive with no registry hive or .reg export inside (`rdslic info` lists why)';
  return `is a zip archive: name one file inside it, e.g. ${hives.map((h) => JSON.stringify(h)).join(' or ')}`;
}
