/**
 * The computer a machine hive names, read while discovery classifies it, so loose files of two machines are not
 * grouped into one host: SYSTEM's ComputerName (current control set), SOFTWARE's Group Policy computer object
 * (`CN=` of the machine's Distinguished-Name). Upper-cased NetBIOS form (15 characters); null when it names none.
 */
import type { HiveView } from '../view/registry-view.js';
import { decodeDword, decodeSz, REG_DWORD, REG_EXPAND_SZ, REG_SZ } from '../view/value-types.js';
import type { HiveKind } from './types.js';

const NETBIOS = 15;
const GP_STATE_MACHINE = 'Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine';

function text(view: HiveView, path: string, name: string): string | null {
  const v = view.key(path)?.value(name);
  if (!v || (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ)) return null;
  const s = decodeSz(v.data).trim();
  return s === '' ? null : s;
}

export function machineName(view: HiveView, kind: HiveKind): string | null {
  let name: string | null = null;
  if (kind === 'SYSTEM') {
    const cur = view.key('Select')?.value('Current');
    const n = cur && cur.type === REG_DWORD ? decodeDword(REG_DWORD, cur.data) : null;
    const cs = n !== null && n > 0 && n < 1000 ? `ControlSet${String(n).padStart(3, '0')}` : 'CurrentControlSet';
    name = text(view, `${cs}\\Control\\ComputerName\\ComputerName`, 'ComputerName');
  } else if (kind === 'SOFTWARE') {
    const dn = text(view, GP_STATE_MACHINE, 'Distinguished-Name');
    name = dn ? (/^CN=((?:\\,|[^,])+)/i.exec(dn)?.[1]?.replace(/\\,/g, ',').trim() ?? null) : null;
  }
  return name ? name.toUpperCase().slice(0, NETBIOS) : null;
}
