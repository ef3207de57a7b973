/** The nk (key node) record: field offsets per the spec, decoded from the cell on demand. */
import type { CellSpace } from './cell-space.js';
import { readFiletime } from './filetime.js';
import { KEY_COMP_NAME, SIG_NK } from './spec.js';
import { decodeLatin1, decodeUtf16Name } from './strings.js';

export const NK_FLAGS = 2;
export const NK_LAST_WRITE = 4;
export const NK_ACCESS_BITS = 12;
export const NK_PARENT = 16;
export const NK_SUBKEY_COUNT = 20;
export const NK_SUBKEY_LIST = 28;
export const NK_VALUE_COUNT = 36;
export const NK_VALUE_LIST = 40;
export const NK_SECURITY = 44;
export const NK_CLASS = 48;
export const NK_NAME_LENGTH = 72;
export const NK_CLASS_LENGTH = 74;
export const NK_NAME = 76;

/** Location and decoded name of a valid nk record. */
export interface NkRecord {
  /** Hive-relative offset of the cell. */
  readonly offset: number;
  /** File offset of the record (cell data). */
  readonly p: number;
  /** Cell data length. */
  readonly len: number;
  readonly name: string;
}

/** Reads the nk at hive offset `off`; null (with an anomaly) when the cell is not a plausible nk. */
export function readNk(cells: CellSpace, off: number): NkRecord | null {
  const p = nkCell(cells, off);
  if (p < 0) return null;
  return { offset: off, p, len: cells.len, name: nkNameAt(cells.bytes, cells.dv, p, nkNameLength(cells, p)) };
}

/** A valid nk record without its name decoded: readNk's checks (and anomalies), for scans that rarely need names. */
export interface NkLocation {
  readonly p: number;
  readonly len: number;
  /** Name length in bytes, cut to the cell. */
  readonly nameLen: number;
}

export function locateNk(cells: CellSpace, off: number): NkLocation | null {
  const p = nkCell(cells, off);
  if (p < 0) return null;
  return { p, len: cells.len, nameLen: nkNameLength(cells, p) };
}

/** The name length of the nk nkCell just found at `p`, cut to its cell (read before the next cell lookup). */
export function nkNameLength(cells: CellSpace, p: number): number {
  return Math.min(cells.dv.getUint16(p + NK_NAME_LENGTH, true), cells.len - NK_NAME);
}

/**
 * readNk without decoding the name (walks that copy names straight from the bytes): the record's file position, or
 * -1, with the same anomalies. The name is `Math.min(nameLength, cells.len - NK_NAME)` bytes: read `cells.len` before
 * the next cell lookup.
 */
export function nkCell(cells: CellSpace, off: number): number {
  const p = cells.cell(off, 'nk');
  if (p < 0) return -1;
  const len = cells.len;
  const dv = cells.dv;
  if (len < NK_NAME || dv.getUint16(p, true) !== SIG_NK) {
    cells.sink.add({
      code: 'nk-invalid',
      severity: 'warning',
      structure: 'nk',
      offset: p - 4,
      message: `expected a key node (nk) at 0x${(p - 4).toString(16)}`,
    });
    return -1;
  }
  const nameLen = dv.getUint16(p + NK_NAME_LENGTH, true);
  if (NK_NAME + nameLen > len) {
    cells.sink.add({
      code: 'nk-name-truncated',
      severity: 'warning',
      structure: 'nk',
      offset: p - 4,
      message: `key name length ${nameLen} runs past its cell`,
    });
  }
  return p;
}

/** The name of the nk record at file position `p`, `nameLen` bytes long (the caller has bounds-checked them). */
export function nkNameAt(bytes: Uint8Array, dv: DataView, p: number, nameLen: number): string {
  return dv.getUint16(p + NK_FLAGS, true) & KEY_COMP_NAME ? decodeLatin1(bytes, p + NK_NAME, nameLen) : decodeUtf16Name(bytes, p + NK_NAME, nameLen);
}

/** Whether the nk at `p` stores its name as Latin-1 (KEY_COMP_NAME), else UTF-16LE. */
export function nkNameIsLatin1(dv: DataView, p: number): boolean {
  return (dv.getUint16(p + NK_FLAGS, true) & KEY_COMP_NAME) !== 0;
}

export function nkLastWrite(cells: CellSpace, p: number): Date | null {
  return readFiletime(cells.dv, p + NK_LAST_WRITE);
}

export function nkClassName(cells: CellSpace, p: number): string | null {
  const off = cells.dv.getUint32(p + NK_CLASS, true);
  const len = cells.dv.getUint16(p + NK_CLASS_LENGTH, true);
  // Offset 0 also means "no class name" when the length is 0 (libyal).
  if (len === 0 || off === 0 || off === 0xffffffff) return null;
  const c = cells.cell(off, 'class-name');
  if (c < 0) return null;
  return decodeUtf16Name(cells.bytes, c, Math.min(len, cells.len));
}
