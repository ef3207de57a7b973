/** Public shapes of the .reg reader: its result, the edits a file makes, and the parser's hard limits. */
import type { Anomaly } from '../view/anomaly.js';
import type { TreeView } from '../view/tree-view.js';

/** `REGEDIT4` (Windows 9x/NT4, ANSI) or `Windows Registry Editor Version 5.00` (Unicode). */
export type RegDialect = 'REGEDIT4' | '5.00';

/** How the file's bytes were decoded. */
export type RegEncoding = 'utf-16le' | 'utf-16be' | 'utf-8' | 'windows-1252';

/**
 * Which hive a view stands for: 'SYSTEM' | 'SOFTWARE' | 'SECURITY' | 'SAM' | 'NTUSER' | 'USRCLASS', or, for any
 * other root, the root itself as written canonically (`HKEY_CLASSES_ROOT`, `HKEY_USERS\.DEFAULT`,
 * `HKEY_LOCAL_MACHINE\HARDWARE`, `HIVE` for hivexregedit's root-less `[\...]` paths).
 */
export type RegRoot = string;

/** One change a .reg file makes, in file order; replaying them rebuilds the view (and merges files). */
export type RegEdit =
  | { readonly kind: 'key'; readonly path: readonly string[]; readonly line: number }
  | { readonly kind: 'delete-key'; readonly path: readonly string[]; readonly line: number }
  | {
      readonly kind: 'value';
      readonly path: readonly string[];
      readonly name: string;
      readonly type: number;
      readonly data: Uint8Array;
      readonly line: number;
    }
  | { readonly kind: 'delete-value'; readonly path: readonly string[]; readonly name: string; readonly line: number };

export interface RegTextHive {
  readonly root: RegRoot;
  /** The SID for NTUSER/USRCLASS under HKEY_USERS, `current` for HKEY_CURRENT_USER. */
  readonly userSid?: string;
  /** The key path the view's root stands for, e.g. `HKEY_LOCAL_MACHINE\SYSTEM` ('' for root-less paths). */
  readonly prefix: string;
  /** Paths inside the view are relative to the hive root. */
  readonly view: TreeView;
  /** The file's edits to this hive, in order (what mergeRegTexts replays). */
  readonly edits: readonly RegEdit[];
}

export interface RegTextResult {
  readonly fileName: string;
  /** Null when the file was refused (see `refused`). */
  readonly dialect: RegDialect | null;
  readonly encoding: RegEncoding | null;
  readonly bom: boolean;
  readonly hives: RegTextHive[];
  /** Every anomaly of the file, in line order (each view also carries those of its own lines). */
  readonly anomalies: Anomaly[];
  /** Anomalies beyond the sink's cap, counted only. */
  readonly anomaliesDropped: number;
  /** Set when the file is not a .reg export at all: nothing was parsed. */
  readonly refused: { readonly code: string; readonly message: string } | null;
}

/** Hard limits; hitting one gives an error anomaly and the rest of that kind is skipped (never a throw). */
export interface RegTextLimits {
  /** Bytes of input read; the rest of a larger file is ignored. */
  readonly maxInputBytes: number;
  /** Characters in one physical line; longer lines are skipped. */
  readonly maxLineChars: number;
  /** Keys created in one parse (or merge). */
  readonly maxKeys: number;
  /** Values stored in one parse (or merge). */
  readonly maxValues: number;
  /** Bytes of one value's data. */
  readonly maxValueBytes: number;
  /** Key path depth below the hive root (Windows allows 512 levels). */
  readonly maxDepth: number;
  /** Anomalies kept per file. */
  readonly maxAnomalies: number;
}

export const DEFAULT_LIMITS: RegTextLimits = {
  maxInputBytes: 512 * 1024 * 1024,
  maxLineChars: 64 * 1024 * 1024,
  maxKeys: 4_000_000,
  maxValues: 10_000_000,
  maxValueBytes: 16 * 1024 * 1024,
  maxDepth: 512,
  maxAnomalies: 10_000,
};

/** Views built from .reg text carry no timestamps, security or class names. */
export const REG_CAPABILITIES = { lastWrite: false, security: false, className: false } as const;
