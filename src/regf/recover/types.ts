/**
 * What deleted-record recovery returns. Structurally a superset of `RecoveredKey`/`RecoveredValue` in
 * src/evidence/types.ts, so a result can be handed to `LoadedHive.recovered` as it is.
 *
 * Offsets are absolute file offsets of the record's cell, i.e. of the 4-byte size field just before the
 * signature (the live dump and reglookup-recover use the same convention); for a record carved from slack or
 * from remnant data past the last bin, that is the record position − 4.
 *
 * Paths are relative to the hive root, like live keys ('' is the root). A chain of parents that breaks (the
 * parent offset leads neither to a live key nor to a recovered one) gives a partial path starting with
 * `…\` (PARTIAL_PATH_PREFIX) and `pathComplete: false`.
 */
import type { Anomaly } from '../../view/anomaly.js';

export const PARTIAL_PATH_PREFIX = '…\\';

/** Where a record was found. */
export type RecoverySource =
  /** inside a free (positive-size) cell, coalesced or not */
  | 'free'
  /** in an allocated cell that nothing in the live tree references */
  | 'unreferenced'
  /** past the used bytes of a live cell (value data, lists, names, security) */
  | 'slack'
  /** outside any cell: past the last hive bin, or after a bin's cell chain breaks */
  | 'remnant';

export interface RecoveredValue {
  /** Path of the recovered key it was re-attached to; '' when unattached. */
  readonly keyPath: string;
  /** File offset of that key's nk cell; null when unattached. */
  readonly keyOffset: number | null;
  readonly name: string;
  /** The record's name runs into space reused since; `name` is the part still there. */
  readonly nameTruncated: boolean;
  readonly type: number;
  /** Data as read through the record's (stale) pointers; see dataReliable. */
  readonly data: Uint8Array;
  readonly offset: number;
  /**
   * False when the data cannot be trusted: its cell is now allocated to something else, lies outside the bins,
   * or holds fewer bytes than the record claims. Inline data (≤ 4 bytes, inside the vk) is always reliable.
   */
  readonly dataReliable: boolean;
  readonly source: RecoverySource;
}

export interface RecoveredKey {
  readonly path: string;
  readonly name: string;
  /** As RecoveredValue.nameTruncated; the path ends with the truncated name. */
  readonly nameTruncated: boolean;
  readonly lastWrite: Date | null;
  readonly offset: number;
  /** File offset of the parent nk cell the record names; null when the field is 0xFFFFFFFF. */
  readonly parentOffset: number | null;
  readonly pathComplete: boolean;
  /** Values re-attached through the key's value list (the same objects as in RecoveryResult.values). */
  readonly values: RecoveredValue[];
  readonly source: RecoverySource;
}

export interface RecoveryResult {
  /** Ascending offset. */
  readonly keys: RecoveredKey[];
  /** Every recovered value, attached ones included (keyPath set), ascending offset. */
  readonly values: RecoveredValue[];
  readonly anomalies: Anomaly[];
}

export interface RecoveryOptions {
  /** Stop after this many recovered records (keys + values). */
  readonly maxRecords?: number;
  /** Stop after scanning this many bytes of free space, slack and remnant data. */
  readonly maxScanBytes?: number;
  /** Read at most this many bytes of big-data (db) values in all; larger deleted values get empty data. */
  readonly maxDataBytes?: number;
  /**
   * Also carve allocated cells the live tree does not reference, as yarp does (default false). In a damaged or
   * truncated hive those hold live keys the broken tree cannot reach, and in a dirty one changes not yet linked,
   * so their records are not necessarily deleted; they come back with `source: 'unreferenced'`.
   */
  readonly unreferencedCells?: boolean;
  /**
   * Recover only what lies under these keys (see RecoveryScope): much faster on a big hive, because the live
   * tree is mapped only under the scope and only free cells, remnant data and the slack of the scoped live cells
   * are scanned. `unreferencedCells` is ignored in this mode.
   */
  readonly scope?: RecoveryScope;
}

/**
 * Keys whose deleted records are wanted, as hive-relative path prefixes matched case-insensitively component by
 * component; a `*` in a component matches any run of characters (`ControlSet*\Control\Terminal Server\RCM`
 * covers every control set). A carved key is kept when its rebuilt, complete path is at or under one of them
 * (a key whose parent chain breaks has a partial path and is not kept), a carved value when the kept key it is
 * re-attached to is, or when its name matches `valueNames` wherever it lies (its keyPath may then name a key
 * that is not kept, or be '').
 *
 * A value deleted from a key that is still live keeps no link to it: Windows frees the vk and data cells,
 * shifts the later entries of the key's value list down and lowers its count. So a value no recovered key
 * claims is kept when its name matches `valueNames`, or when its offset is still in the value list of a live
 * scoped key past the count (it was the last entry); it stays unattached (keyPath '') as in the full mode.
 *
 * What this mode does not see, against the full mode: records in the slack of live cells outside the scope,
 * and records of live keys outside the scope lying in free cells (taken as deleted when their path or name
 * matches); on an intact hive neither changes the result.
 */
export interface RecoveryScope {
  readonly paths: readonly string[];
  /** Names of unattached deleted values worth keeping wherever they lie (e.g. /TIMEBOMB/i). */
  readonly valueNames?: RegExp;
}
