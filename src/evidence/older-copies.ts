/**
 * Older copies of a machine's hives that collectors pick up beside the live ones: `SYSTEM.old`, `.bak`, `.sav`
 * (Windows setup's copies), or a second SYSTEM of the same computer name last written earlier. They are listed as
 * unused, never made hosts of their own. (RegBack, shadow copies and Windows.old are recognised by path: layout.ts.)
 */
import type { HiveView } from '../view/registry-view.js';
import { computerName, stringValue } from './machine-name.js';
import type { HiveKind } from './types.js';

/** `SYSTEM.old`, `software.bak`, `SAM.sav`, `NTUSER.DAT.old`: a hive name with a backup suffix. */
const BACKUP_SUFFIX = /^(.+)\.(old|bak|sav)$/i;

/** The suffix when the file name is a hive name with a backup suffix (`SYSTEM.old` → `.old`), else null. */
export function backupSuffix(fileName: string): string | null {
  const m = BACKUP_SUFFIX.exec(fileName);
  return m ? `.${m[2]}` : null;
}

/** What names the machine a hive comes from, where the hive says it; null when it does not. */
export interface HiveIdentity {
  /** `computer name RDSH01`: equal strings mean the same machine. */
  readonly machine: string | null;
  /** When the hive was last written (base block, else the root key). */
  readonly lastWritten: Date | null;
}

function dword(view: HiveView, path: string, name: string): number | null {
  const v = view.key(path)?.value(name);
  return v && v.data.length >= 4 ? new DataView(v.data.buffer, v.data.byteOffset, 4).getUint32(0, true) : null;
}

/**
 * SYSTEM: the computer name of the current control set. SOFTWARE: the installation (ProductId, InstallDate and
 * build), which a feature update keeps. Other kinds name no machine by themselves here.
 */
export function hiveIdentity(view: HiveView, kind: HiveKind, baseBlockWritten: Date | null): HiveIdentity {
  const lastWritten = baseBlockWritten ?? view.root.lastWrite;
  if (kind === 'SYSTEM') {
    const name = computerName(view);
    return { machine: name === null ? null : `computer name ${name.toUpperCase()}`, lastWritten };
  }
  if (kind === 'SOFTWARE') {
    const cv = 'Microsoft\\Windows NT\\CurrentVersion';
    const id = stringValue(view, cv, 'ProductId');
    const installed = dword(view, cv, 'InstallDate');
    if (id === null || installed === null) return { machine: null, lastWritten };
    return { machine: `installation ${id} of ${new Date(installed * 1000).toISOString()}`, lastWritten };
  }
  return { machine: null, lastWritten };
}
