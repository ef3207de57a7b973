/**
 * Paths as reports show them: `/`-separated on every platform, so the same evidence analysed on Windows and on
 * Linux gives the same report bytes (node:path on Windows joins with `\`). Only display strings pass through here;
 * files are still opened by their native paths. On POSIX a `\` is an ordinary file-name character and is kept.
 */
import { posix, sep as nativeSep } from 'node:path';

export function displayPath(p: string, sep: string = nativeSep): string {
  return sep === '\\' ? p.replaceAll('\\', '/') : p;
}

/** `base` (as the user typed it) joined with a `/`-separated path below it, normalised like path.join. */
export function displayJoin(base: string, rel: string, sep: string = nativeSep): string {
  const b = displayPath(base, sep);
  const joined = posix.join(b, rel);
  // posix.join folds a leading `//` (a Windows UNC share, \\server\share) into `/`: keep it.
  return /^\/\/[^/]/.test(b) && !joined.startsWith('//') ? `/${joined}` : joined;
}

/** The folder part of a display path. */
export function displayDirname(p: string, sep: string = nativeSep): string {
  return posix.dirname(displayPath(p, sep));
}
