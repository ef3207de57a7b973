/**
 * Where a file sits in a Windows file system, from its path alone: image roots (`Windows/System32/config`,
 * `Users/<name>`, the SYSTEM DPAPI `Protect` folder) below whatever a collector put on top (`C/` for KAPE,
 * `uploads/auto/C%3A/` for Velociraptor). The part above the Windows root names the machine.
 */
import { namesEqual } from '../view/names.js';
import type { AuxiliaryFile } from './types.js';

export interface Placement {
  /** Components above the Windows root with drive and collector folders dropped; null when not in an image tree. */
  readonly machine: readonly string[] | null;
  /** Profile folder name for files under `Users/<name>` (or a service profile). */
  readonly user?: string;
  /** RegBack or a shadow copy: an older copy of a hive the image also holds live. */
  readonly backup?: string;
  readonly auxiliary?: AuxiliaryFile['role'];
  /** For files outside an image tree that still belong to the folder above theirs (`Protect/S-1-5-18/...`). */
  readonly folder?: readonly string[];
}

/** Path components with %XX escapes decoded (Velociraptor and KAPE encode `:` and `\`); bad escapes stay as they are. */
export function decodedParts(relPath: string): string[] {
  return relPath
    .split('/')
    .filter((p) => p.length > 0)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
}

const DRIVE = [
  /^[A-Za-z]:?$/, // KAPE `C`, plain `C:`
  /^\\\\[.?]\\[A-Za-z]:$/, // `\\.\C:` (Velociraptor ntfs accessor)
  /^(\\\\\?\\GLOBALROOT\\Device\\)?HarddiskVolume(ShadowCopy)?\d+$/i,
  /^\\\\\?\\Volume\{[0-9a-fA-F-]+\}$/,
];
/*
 * Velociraptor puts uploads under `uploads/<accessor>/`, the accessor being any of the ~20 it registers (auto, ntfs,
 * ntfs_vss, lazy_ntfs, sparse, raw_reg, …; `vss` is none): any single folder right below `uploads/` is taken as one.
 */
/** A shadow copy device (`HarddiskVolumeShadowCopy1`), or KAPE's per-copy folder when run with `--vss` (`vss1`). */
const SHADOW = /ShadowCopy\d+|^vss\d+$/i;
/** The previous installation Windows setup keeps after an upgrade (`Windows.old`, `Windows.old.000`). */
const OLD_INSTALL = /^Windows\.old(\.\d+)?$/i;

/** Why a copy is older than the live hives of its machine; phrased to follow "SYSTEM hive from …". */
export const OLDER_COPY = {
  shadow: 'a volume shadow copy',
  regBack: 'a RegBack copy',
  windowsOld: 'an older Windows installation (Windows.old)',
} as const;

function eq(a: string | undefined, b: string): boolean {
  return a !== undefined && namesEqual(a, b);
}

/**
 * Strips drive, collector, shadow-copy and `Windows.old` folders from the end of the part above a Windows root;
 * the last two make every file below an older copy of the machine's live files.
 */
function machineOf(above: readonly string[]): { machine: string[]; backup?: string } {
  const m = [...above];
  let backup: string | undefined;
  while (m.length > 0) {
    const last = m[m.length - 1];
    if (SHADOW.test(last)) backup ??= OLDER_COPY.shadow;
    if (OLD_INSTALL.test(last)) {
      backup ??= OLDER_COPY.windowsOld;
      m.pop();
    } else if (DRIVE.some((r) => r.test(last)) || /^vss\d+$/i.test(last)) m.pop();
    else if (eq(m[m.length - 2], 'uploads')) m.pop(); // the accessor folder, whatever its name
    else if (eq(last, 'uploads')) m.pop();
    else break;
  }
  return backup === undefined ? { machine: m } : { machine: m, backup };
}

export function placeFile(parts: readonly string[]): Placement {
  const n = parts.length;
  for (let i = 0; i < n - 1; i++) {
    const p = parts[i];
    if (eq(p, 'Windows')) {
      const { machine, backup } = machineOf(parts.slice(0, i));
      const rest = parts.slice(i + 1);
      if (eq(rest[0], 'System32') && eq(rest[1], 'config') && rest.length >= 3) {
        if (eq(rest[2], 'RegBack')) return { machine, backup: backup ?? OLDER_COPY.regBack };
        if (eq(rest[2], 'systemprofile') && rest.length >= 4) return { machine, user: 'systemprofile', ...(backup ? { backup } : {}) };
        return { machine, ...(backup ? { backup } : {}) };
      }
      if (eq(rest[0], 'System32') && eq(rest[1], 'Microsoft') && eq(rest[2], 'Protect') && eq(rest[3], 'S-1-5-18') && rest.length >= 5) {
        const user = eq(rest[4], 'User') && rest.length === 6;
        return { machine, auxiliary: user ? 'dpapi-system-user-masterkey' : rest.length === 5 ? 'dpapi-system-masterkey' : 'other', ...(backup ? { backup } : {}) };
      }
      if (eq(rest[0], 'ServiceProfiles') && rest.length >= 3) return { machine, user: rest[1], ...(backup ? { backup } : {}) };
      if (eq(rest[0], 'System32')) return { machine, ...(backup ? { backup } : {}) };
    }
    if ((eq(p, 'Users') || eq(p, 'Documents and Settings')) && n - i >= 3) {
      const { machine, backup } = machineOf(parts.slice(0, i));
      return { machine, user: parts[i + 1], ...(backup ? { backup } : {}) };
    }
  }
  // Master keys copied out of an image without the Windows folders above them.
  const at = parts.findIndex((p, i) => eq(p, 'Protect') && eq(parts[i + 1], 'S-1-5-18'));
  if (at >= 0 && n - at >= 3) {
    const user = eq(parts[at + 2], 'User') && n - at === 4;
    return { machine: null, folder: parts.slice(0, at), auxiliary: user ? 'dpapi-system-user-masterkey' : n - at === 3 ? 'dpapi-system-masterkey' : 'other' };
  }
  return { machine: null };
}

/**
 * The parts above the Windows root when this file is a hive in `…/Windows/System32/config/`: a disk image (or a
 * KAPE/Velociraptor copy of one) is rooted there, and every other file below that root is a file of that machine.
 */
export function imageRootOf(parts: readonly string[]): readonly string[] | null {
  for (let i = parts.length - 4; i >= 0; i--) {
    if (eq(parts[i], 'Windows') && eq(parts[i + 1], 'System32') && eq(parts[i + 2], 'config') && parts.length === i + 4) return parts.slice(0, i);
  }
  return null;
}

/** The machine an image root stands for (drive and collector folders dropped), as placeFile names it. */
export function machineOfRoot(root: readonly string[]): readonly string[] {
  return machineOf(root).machine;
}

/** `C` from a KAPE `C/` folder, `C:` or `\\.\C:` above the Windows root; null when the collector named no drive. */
export function driveOfRoot(root: readonly string[]): string | null {
  const last = root[root.length - 1] ?? '';
  const m = /^(?:\\\\[.?]\\)?([A-Za-z]):?$/.exec(last);
  return m ? m[1].toUpperCase() : null;
}
