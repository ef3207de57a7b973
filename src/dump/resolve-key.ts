/**
 * A key path as people type or copy it (from rdslic's reports, regedit's address bar, `reg export`, docs) →
 * the hive-relative path of a key in one view: `SYSTEM\ControlSet001\…`, `HKLM\SYSTEM\…`,
 * `HKEY_LOCAL_MACHINE\…`, `Computer\HKEY_LOCAL_MACHINE\…`, `CurrentControlSet\…` (resolved through
 * `Select\Current` in a binary hive, which has no CurrentControlSet key), `/` or `\`, any case.
 */
import { resolveKeyPath } from '../regtext/roots.js';
import { controlSetName, selectCurrent } from '../view/control-set.js';
import { splitPath, type HiveView, type RegKey } from '../view/registry-view.js';

/** The first components reports and exports put before a hive-relative path. */
const HIVE_NAMES = new Set(['SYSTEM', 'SOFTWARE', 'SECURITY', 'SAM', 'NTUSER', 'USRCLASS', 'HIVE']);
const ROOT_KEY = /^(HKEY_[A-Z_]+|HKLM|HKCU|HKU|HKCR|HKCC)$/i;

export interface UserKeyPath {
  /** The hive the path names (`SYSTEM`, `SOFTWARE`, `NTUSER`…), when it names one. */
  readonly hive: string | null;
  /** Candidate hive-relative component lists, most literal first. */
  readonly candidates: string[][];
}

/** Splits what the user typed; `hive` says which hive it names, if any (to pick one in a multi-hive export). */
export function parseUserKeyPath(typed: string): UserKeyPath | { error: string } {
  let parts = splitPath(typed.trim().replace(/\//g, '\\'));
  if (parts.length > 0 && /^(computer|my computer|\.)$/i.test(parts[0]) && parts.length > 1 && ROOT_KEY.test(parts[1])) parts = parts.slice(1);
  if (parts.length > 0 && ROOT_KEY.test(parts[0])) {
    const r = resolveKeyPath(parts.join('\\'));
    if ('error' in r) return r;
    if (r.predefinedOnly) return { error: `${typed} names no hive: add the hive (e.g. ${parts[0]}\\SYSTEM\\…)` };
    return { hive: r.root, candidates: [r.path] };
  }
  if (parts.length > 0 && parts[0].toUpperCase() === 'REGISTRY' && parts.length > 2) {
    // \REGISTRY\MACHINE\SYSTEM\…, the kernel's spelling (the base block's file name field).
    const hive = parts[1].toUpperCase() === 'USER' ? 'NTUSER' : parts[2].toUpperCase();
    return { hive, candidates: [parts.slice(3)] };
  }
  const head = parts[0]?.toUpperCase();
  if (head !== undefined && HIVE_NAMES.has(head)) return { hive: head, candidates: [parts, parts.slice(1)] };
  return { hive: null, candidates: [parts] };
}

/** The key at these components, with the hive's own spelling of its path (`ControlSet001\Control\…`). */
function spelled(view: HiveView, parts: readonly string[]): { key: RegKey; path: string } | null {
  const key = view.key(parts.join('\\'));
  return key ? { key, path: key.path } : null;
}

/** The key the user meant in this view, or null; `tried` says what was looked up (for the error message). */
export function resolveUserKey(view: HiveView, typed: string): { path: string; key: RegKey } | { error: string } {
  const parsed = parseUserKeyPath(typed);
  if ('error' in parsed) return parsed;
  const tried: string[] = [];
  for (const parts of parsed.candidates) {
    const found = spelled(view, parts);
    if (found) return found;
    tried.push(parts.join('\\'));
    if (parts[0]?.toLowerCase() === 'currentcontrolset') {
      const n = selectCurrent(view);
      const cs = n === null ? null : controlSetName(n);
      if (cs) {
        const viaSelect = spelled(view, [cs, ...parts.slice(1)]);
        if (viaSelect) return viaSelect;
        tried.push([cs, ...parts.slice(1)].join('\\'));
      }
    }
  }
  return { error: `key not found: ${typed} (looked up ${[...new Set(tried)].map((t) => `"${t || '(root)'}"`).join(', ')} below the hive root)` };
}
