/**
 * Maps the root of a .reg key path (`HKEY_LOCAL_MACHINE\SYSTEM`, `HKU\S-1-5-…`, `HKCU`) to the hive it lives
 * in. Under HKLM and HKU every child of the root is a separately loaded hive, so the hive is the first two
 * components there; other roots (HKCR, HKCC) are views of their own.
 */
import { upcaseName } from '../view/names.js';

export interface ResolvedKeyPath {
  readonly root: string;
  readonly userSid?: string;
  /** Canonical spelling of the part of the path that names the hive. */
  readonly prefix: string;
  /** Components below the hive root (empty components dropped). */
  readonly path: string[];
  /** Set for roots other than the well-known hives: why they get a view of their own. */
  readonly note?: string;
  /** The path names only a predefined key (HKEY_LOCAL_MACHINE, HKEY_USERS), not a hive. */
  readonly predefinedOnly?: boolean;
}

const MACHINE_HIVES = new Set(['SYSTEM', 'SOFTWARE', 'SECURITY', 'SAM']);
const SID = /^S-1-\d+(-\d+)+$/i;
const CLASSES_SID = /^(S-1-\d+(?:-\d+)+)_Classes$/i;

export function resolveKeyPath(full: string): ResolvedKeyPath | { error: string } {
  const parts = full.split('\\');
  const first = parts[0];
  const rest = (from: number) => parts.slice(from).filter((p) => p.length > 0);
  if (first === '') {
    return {
      root: 'HIVE',
      prefix: '',
      path: rest(1),
      note: 'key paths start with "\\" and name no root key (hivexregedit export without --prefix): view named HIVE',
    };
  }
  switch (first.toUpperCase()) {
    case 'HKEY_LOCAL_MACHINE':
    case 'HKLM': {
      const hive = parts[1] ?? '';
      if (hive === '') return { root: 'HKEY_LOCAL_MACHINE', prefix: 'HKEY_LOCAL_MACHINE', path: [], predefinedOnly: true };
      const up = hive.toUpperCase();
      if (MACHINE_HIVES.has(up)) return { root: up, prefix: `HKEY_LOCAL_MACHINE\\${up}`, path: rest(2) };
      return {
        root: `HKEY_LOCAL_MACHINE\\${hive}`,
        prefix: `HKEY_LOCAL_MACHINE\\${hive}`,
        path: rest(2),
        note: `HKEY_LOCAL_MACHINE\\${hive} is not SYSTEM, SOFTWARE, SECURITY or SAM (a hive loaded under a custom name?): view of its own`,
      };
    }
    case 'HKEY_USERS':
    case 'HKU': {
      const hive = parts[1] ?? '';
      if (hive === '') return { root: 'HKEY_USERS', prefix: 'HKEY_USERS', path: [], predefinedOnly: true };
      const classes = CLASSES_SID.exec(hive);
      if (classes) {
        const sid = upcaseName(classes[1]);
        return { root: 'USRCLASS', userSid: sid, prefix: `HKEY_USERS\\${sid}_Classes`, path: rest(2) };
      }
      if (SID.test(hive)) {
        const sid = upcaseName(hive);
        return { root: 'NTUSER', userSid: sid, prefix: `HKEY_USERS\\${sid}`, path: rest(2) };
      }
      const note =
        hive.toUpperCase() === '.DEFAULT'
          ? 'HKEY_USERS\\.DEFAULT is the profile of the LocalSystem account (DEFAULT hive): view of its own'
          : `HKEY_USERS\\${hive} is not a user SID (a hive loaded under a custom name?): view of its own`;
      const name = hive.toUpperCase() === '.DEFAULT' ? '.DEFAULT' : hive;
      return { root: `HKEY_USERS\\${name}`, prefix: `HKEY_USERS\\${name}`, path: rest(2), note };
    }
    case 'HKEY_CURRENT_USER':
    case 'HKCU':
      return { root: 'NTUSER', userSid: 'current', prefix: 'HKEY_CURRENT_USER', path: rest(1) };
    case 'HKEY_CLASSES_ROOT':
    case 'HKCR':
      return {
        root: 'HKEY_CLASSES_ROOT',
        prefix: 'HKEY_CLASSES_ROOT',
        path: rest(1),
        note: 'HKEY_CLASSES_ROOT merges SOFTWARE\\Classes with the user\'s classes: view of its own',
      };
    case 'HKEY_CURRENT_CONFIG':
    case 'HKCC':
      return {
        root: 'HKEY_CURRENT_CONFIG',
        prefix: 'HKEY_CURRENT_CONFIG',
        path: rest(1),
        note: 'HKEY_CURRENT_CONFIG is SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current: view of its own',
      };
    case 'HKEY_DYN_DATA':
      return { root: 'HKEY_DYN_DATA', prefix: 'HKEY_DYN_DATA', path: rest(1), note: 'HKEY_DYN_DATA (Windows 9x): view of its own' };
    default:
      return { error: `"${first}" is not a registry root key (HKEY_LOCAL_MACHINE, HKEY_USERS, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_CURRENT_CONFIG)` };
  }
}

/** Identity of a view: hives with the same root (and user) merge. */
export function hiveId(root: string, userSid?: string): string {
  return `${upcaseName(root)}\u0000${userSid === undefined ? '' : upcaseName(userSid)}`;
}
