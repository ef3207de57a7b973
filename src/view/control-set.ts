/**
 * The control set a SYSTEM hive booted with, as every reader of SYSTEM needs it: `Select\Current` names
 * `ControlSet%03d` (ControlSet010 and up included); a live export has the literal `CurrentControlSet` instead; a
 * hive whose Select is missing or dangling falls back to its lowest-numbered set.
 */
import type { HiveView, RegKey } from './registry-view.js';
import { decodeDword, REG_DWORD, REG_DWORD_BIG_ENDIAN } from './value-types.js';

export const CONTROL_SET_RE = /^ControlSet(\d{3,})$/i;

export function controlSetName(n: number): string {
  return `ControlSet${String(n).padStart(3, '0')}`;
}

/** `Select\Current` as a DWORD, or null when absent or not a 4-byte DWORD. */
export function selectCurrent(view: HiveView): number | null {
  const v = view.key('Select')?.value('Current');
  return v && (v.type === REG_DWORD || v.type === REG_DWORD_BIG_ENDIAN) ? decodeDword(v.type, v.data) : null;
}

export interface LiveControlSet {
  /** The key's own spelling, e.g. `ControlSet001`. */
  readonly name: string;
  readonly key: RegKey;
  readonly via: 'select-current' | 'current-control-set' | 'lowest-numbered';
}

/** `current`: Select\Current as the caller read it (facts also accept a decimal REG_SZ); selectCurrent by default. */
export function liveControlSet(view: HiveView, current: number | null = selectCurrent(view)): LiveControlSet | null {
  const selected = current !== null ? view.key(controlSetName(current)) : null;
  if (selected) return { name: selected.name, key: selected, via: 'select-current' };
  const literal = view.key('CurrentControlSet');
  if (literal) return { name: literal.name, key: literal, via: 'current-control-set' };
  let lowest: { n: number; key: RegKey } | null = null;
  // In name order, so equal numbers (ControlSet01 and ControlSet001) resolve the same way everywhere.
  for (const k of [...view.root.subkeys()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const m = CONTROL_SET_RE.exec(k.name);
    if (m && (!lowest || Number(m[1]) < lowest.n)) lowest = { n: Number(m[1]), key: k };
  }
  return lowest ? { name: lowest.key.name, key: lowest.key, via: 'lowest-numbered' } : null;
}
