/** The control set a SYSTEM hive boots with (Select\Current → ControlSet00N), as the artifact parsers need it. */
import type { HiveView, RegKey } from '../view/registry-view.js';
import { decodeDword } from '../view/value-types.js';

export interface CurrentControlSet {
  /** e.g. `ControlSet001`. */
  readonly name: string;
  readonly key: RegKey;
  /** How it was chosen: Select\Current, or the first ControlSet00N when Select is missing or points nowhere. */
  readonly via: 'select' | 'fallback';
}

export function currentControlSet(view: HiveView): CurrentControlSet | null {
  const sel = view.key('Select')?.value('Current');
  const n = sel ? decodeDword(sel.type, sel.data) : null;
  if (n !== null && n >= 1 && n <= 999) {
    const name = `ControlSet${String(n).padStart(3, '0')}`;
    const key = view.key(name);
    if (key) return { name, key, via: 'select' };
  }
  const first = view.root.subkeys().find((k) => /^ControlSet\d{3}$/i.test(k.name));
  return first ? { name: first.name, key: first, via: 'fallback' } : null;
}
