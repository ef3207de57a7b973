/** File system errors (errno codes) as one readable line: what the system refused, on which path. */

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'busy or locked',
  EIO: 'input/output error',
  EINVAL: 'invalid path for this file system',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
};

/** `reason (CODE)` for an errno error, or null for anything else (a bug: reported as internal). */
export function environmentReason(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException | null;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return null;
  return `${REASONS[err.code] ?? 'refused by the system'} (${err.code})`;
}

/** `path: reason (CODE)` for an errno error, or null for anything else. */
export function environmentMessage(e: unknown): string | null {
  const reason = environmentReason(e);
  if (reason === null) return null;
  const path = (e as NodeJS.ErrnoException).path;
  return `${path ? `${path}: ` : ''}${reason}`;
}
