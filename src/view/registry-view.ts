/**
 * One interface for "a hive's content", implemented by the binary regf reader and the .reg reader.
 * Dump, facts and rules use only this, so they never know which kind of input they read.
 */
import type { Anomaly } from './anomaly.js';
import type { SecurityDescriptor } from './security-descriptor.js';

export interface RegValue {
  /** Value name; '' is the default value ("(default)", `@`). */
  readonly name: string;
  /** Raw REG_* type number; unknown numbers are kept as they are. */
  readonly type: number;
  /** Raw data bytes exactly as stored (after inline / cell / big-data resolution). */
  readonly data: Uint8Array;
  /** Where it came from: absolute file offset of the vk cell (hives) or the line (.reg). */
  readonly offset?: number;
  readonly line?: number;
  /** True for records recovered from free space (never mixed into live enumeration). */
  readonly deleted?: boolean;
}

export interface RegKey {
  /** This key's own name (the root's name as stored in the hive; '' for a .reg root). */
  readonly name: string;
  /** Path relative to the hive root, backslash-separated; '' for the root. */
  readonly path: string;
  /** LastWrite time, or null where the source has none (.reg). */
  readonly lastWrite: Date | null;
  /** Class name, or null when absent or unknowable (.reg). */
  readonly className: string | null;
  /** Absolute file offset of the nk cell (hives), or the first line declaring it (.reg). */
  readonly offset?: number;
  readonly line?: number;
  readonly deleted?: boolean;
  /** Flags of interest: volatile, symlink (KEY_SYM_LINK). */
  readonly isSymlink?: boolean;
  subkeys(): RegKey[];
  /** Case-insensitive, the way Windows compares names. */
  subkey(name: string): RegKey | null;
  values(): RegValue[];
  /** Case-insensitive; '' is the default value. */
  value(name: string): RegValue | null;
  /** The key's security descriptor, or null where the source has none. */
  security(): SecurityDescriptor | null;
}

/** What a source can carry at all; rules that need more report "could not be checked". */
export interface ViewCapabilities {
  readonly lastWrite: boolean;
  readonly security: boolean;
  readonly className: boolean;
}

export interface HiveView {
  readonly kind: 'regf' | 'reg';
  readonly capabilities: ViewCapabilities;
  readonly root: RegKey;
  /** Look a key up by path relative to the root (case-insensitive, '\\'-separated); null when absent. */
  key(path: string): RegKey | null;
  readonly anomalies: readonly Anomaly[];
  /**
   * The subtrees this source holds whole (hive-relative paths); undefined when it is the whole hive. A .reg export
   * holds only what was exported: outside these subtrees, a missing key is unknown, not absent.
   */
  readonly scope?: readonly string[];
}

/** Splits a registry path into its components, ignoring empty ones (leading/trailing/double backslashes). */
export function splitPath(path: string): string[] {
  return path.split('\\').filter((p) => p.length > 0);
}

/** Joins a parent path and a child name into a hive-relative path. */
export function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}\\${name}`;
}

/** Walks a view from its root by path components; shared by every HiveView implementation. */
export function lookupPath(root: RegKey, path: string): RegKey | null {
  let k: RegKey | null = root;
  for (const part of splitPath(path)) {
    k = k.subkey(part);
    if (!k) return null;
  }
  return k;
}
