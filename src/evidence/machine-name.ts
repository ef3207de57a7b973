/**
 * The computer a machine hive names, read while discovery classifies it, so loose files of two machines are not
 * grouped into one host: SYSTEM's ComputerName (current control set), SOFTWARE's Group Policy computer object
 * (`CN=` of the machine's Distinguished-Name). Upper-cased NetBIOS form (15 characters); null when it names none.
 */
import type { HiveView } from '../view/registry-view.js';
import { liveControlSet } from '../view/control-set.js';
import { decodeSz, REG_EXPAND_SZ, REG_SZ } from '../view/value-types.js';
import type { HiveKind } from './types.js';

const NETBIOS = 15;
const GP_STATE_MACHINE = 'Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine';

/** A REG_SZ / REG_EXPAND_SZ value up to its NUL, trimmed; null when absent, of another type or blank. */
export function stringValue(view: HiveView, path: string, name: string): string | null {
  const v = view.key(path)?.value(name);
  if (!v || (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ)) return null;
  const s = decodeSz(v.data).trim();
  return s === '' ? null : s;
}

/** SYSTEM's ComputerName in the live control set, as stored (trimmed); null when it has none. */
export function computerName(view: HiveView): string | null {
  const cs = liveControlSet(view);
  return cs ? stringValue(view, `${cs.name}\\Control\\ComputerName\\ComputerName`, 'ComputerName') : null;
}

export function machineName(view: HiveView, kind: HiveKind): string | null {
  let name: string | null = null;
  if (kind === 'SYSTEM') {
    name = computerName(view);
  } else if (kind === 'SOFTWARE') {
    const dn = stringValue(view, GP_STATE_MACHINE, 'Distinguished-Name');
    name = dn ? (/^CN=((?:\\,|[^,])+)/i.exec(dn)?.[1]?.replace(/\\,/g, ',').trim() ?? null) : null;
  }
  return name ? name.toUpperCase().slice(0, NETBIOS) : null;
}
