/** Finds a hive's transaction logs among the names beside it: NAME.LOG1, NAME.LOG2 and NAME.LOG, any case. */
import { upcaseName } from '../../view/names.js';

export type LogKind = 'LOG1' | 'LOG2' | 'LOG';

export interface LogName {
  /** The sibling name exactly as given. */
  readonly name: string;
  readonly kind: LogKind;
}

const KINDS: readonly LogKind[] = ['LOG1', 'LOG2', 'LOG'];

/** Last path component; both separators, since evidence paths come from Windows and POSIX tools alike. */
function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Siblings that are logs of `hiveName`, ordered LOG1, LOG2, LOG (exact-case matches first within a kind).
 * Windows file names are case-insensitive (NTUSER.DAT beside ntuser.dat.LOG1): names are compared upcased
 * per UTF-16 code unit, as NTFS does, so no folding changes a name's length.
 */
export function pickLogNames(hiveName: string, siblings: readonly string[]): LogName[] {
  const hive = baseName(hiveName);
  if (hive === '') return [];
  const folded = upcaseName(hive);
  const found: (LogName & { exact: boolean })[] = [];
  for (const name of siblings) {
    const base = baseName(name);
    for (const kind of KINDS) {
      const suffix = `.${kind}`;
      if (base.length !== hive.length + suffix.length) continue;
      if (upcaseName(base) !== folded + suffix) continue;
      found.push({ name, kind, exact: base === hive + suffix });
    }
  }
  found.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || Number(b.exact) - Number(a.exact));
  return found.map(({ name, kind }) => ({ name, kind }));
}
