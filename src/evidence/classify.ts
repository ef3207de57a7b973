/**
 * Which hive a view holds, from its top-level keys (hives are often renamed: `host1_sys`, `SYSTEM.hiv`, `reg1`).
 * The markers are keys Windows creates in every hive of that kind; exports rooted at `CurrentControlSet` count
 * as SYSTEM. Checked most specific first, since a SOFTWARE hive and an NTUSER both hold `Microsoft\Windows NT`.
 */
import type { HiveView, RegKey } from '../view/registry-view.js';
import type { HiveKind } from './types.js';

const CONTROL_SET = /^ControlSet\d{3}$/i;
/** NTUSER top-level keys besides `Software`: one of them is enough (WSL and minimal profiles lack some). */
const NTUSER_MARKERS = ['Control Panel', 'Environment', 'Console', 'Keyboard Layout', 'AppEvents'];
/** Class registration keys of a UsrClass.dat (HKCU\Software\Classes). */
const USRCLASS_MARKERS = ['CLSID', '*', 'Interface', 'AppID', 'Directory', 'TypeLib'];

export function classifyHive(view: HiveView): HiveKind {
  const root = view.root;
  const has = (path: string) => view.key(path) !== null;
  if (isSystem(root, has)) return 'SYSTEM';
  if (has('SAM\\Domains')) return 'SAM';
  if (has('Policy') && (has('Policy\\PolAdtEv') || has('Policy\\Accounts') || has('Policy\\Secrets') || has('Policy\\PolEKList') || has('Policy\\PolSecretEncryptionKey') || has('RXACT'))) {
    return 'SECURITY';
  }
  if (has('Software') && NTUSER_MARKERS.some(has)) return 'NTUSER';
  if (has('Microsoft\\Windows NT\\CurrentVersion') || (has('Microsoft\\Windows\\CurrentVersion') && has('Classes'))) {
    // `AppDataLow` exists only under HKCU\Software: a user's Software key saved on its own is not a SOFTWARE hive
    return has('AppDataLow') ? 'OTHER' : 'SOFTWARE';
  }
  if (has('Local Settings') && USRCLASS_MARKERS.some(has)) return 'USRCLASS';
  if (has('Local Settings\\Software\\Microsoft\\Windows\\Shell')) return 'USRCLASS';
  // Amcache.hve: `Root\InventoryApplicationFile` (Windows 10+) or `Root\File` (Windows 8).
  if (has('Root\\InventoryApplicationFile') || has('Root\\File') || has('Root\\Programs')) return 'AMCACHE';
  return 'OTHER';
}

function isSystem(root: RegKey, has: (path: string) => boolean): boolean {
  if (has('CurrentControlSet\\Control') || has('CurrentControlSet\\Services')) return true;
  if (!has('Select')) return false;
  return root.subkeys().some((k) => CONTROL_SET.test(k.name));
}
