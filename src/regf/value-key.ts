/** The vk (value key) record and its data: inline, one cell, or big data (db) by the spec's version rule. */
import type { CellSpace } from './cell-space.js';
import { BIG_DATA_SEGMENT_SIZE, MAX_VALUE_SIZE, SIG_DB, SIG_VK, VALUE_COMP_NAME, VK_DATA_INLINE, WORK_UNIT_BYTES } from './spec.js';
import { decodeLatin1, decodeUtf16Name } from './strings.js';

export const VK_NAME_LENGTH = 2;
export const VK_DATA_SIZE = 4;
export const VK_DATA_OFFSET = 8;
export const VK_TYPE = 12;
export const VK_FLAGS = 16;
export const VK_NAME = 20;

export interface VkRecord {
  readonly offset: number;
  readonly p: number;
  readonly name: string;
  readonly type: number;
}

export function readVk(cells: CellSpace, off: number): VkRecord | null {
  const p = vkCell(cells, off);
  if (p < 0) return null;
  const dv = cells.dv;
  const nameLen = Math.min(dv.getUint16(p + VK_NAME_LENGTH, true), cells.len - VK_NAME);
  return { offset: off, p, name: vkNameAt(cells.bytes, dv, p, nameLen), type: dv.getUint32(p + VK_TYPE, true) };
}

/**
 * readVk without decoding the name: the record's file position, or -1, with the same anomalies. The name is
 * `Math.min(nameLength, cells.len - VK_NAME)` bytes: read `cells.len` before the next cell lookup.
 */
export function vkCell(cells: CellSpace, off: number): number {
  const p = cells.cell(off, 'vk');
  if (p < 0) return -1;
  const len = cells.len;
  const dv = cells.dv;
  if (len < VK_NAME || dv.getUint16(p, true) !== SIG_VK) {
    cells.sink.add({
      code: 'vk-invalid',
      severity: 'warning',
      structure: 'vk',
      offset: p - 4,
      message: `expected a value key (vk) at 0x${(p - 4).toString(16)}`,
    });
    return -1;
  }
  const nameLen = dv.getUint16(p + VK_NAME_LENGTH, true);
  if (VK_NAME + nameLen > len) {
    cells.sink.add({
      code: 'vk-name-truncated',
      severity: 'warning',
      structure: 'vk',
      offset: p - 4,
      message: `value name length ${nameLen} runs past its cell`,
    });
  }
  return p;
}

/** The name of the vk record at file position `p`, `nameLen` bytes long (the caller has bounds-checked them). */
export function vkNameAt(bytes: Uint8Array, dv: DataView, p: number, nameLen: number): string {
  return dv.getUint16(p + VK_FLAGS, true) & VALUE_COMP_NAME ? decodeLatin1(bytes, p + VK_NAME, nameLen) : decodeUtf16Name(bytes, p + VK_NAME, nameLen);
}

/** Whether the vk at `p` stores its name as Latin-1 (VALUE_COMP_NAME), else UTF-16LE. */
export function vkNameIsLatin1(dv: DataView, p: number): boolean {
  return (dv.getUint16(p + VK_FLAGS, true) & VALUE_COMP_NAME) !== 0;
}

const EMPTY = new Uint8Array(0);

/**
 * The value's data bytes. Views into the file where the data is contiguous (no copy); big data is concatenated.
 * `minorVersion` decides whether big data may exist (minor > 3), the trap python-registry#68 fell into.
 */
export function readValueData(cells: CellSpace, vk: VkRecord, minorVersion: number): Uint8Array {
  const dv = cells.dv;
  const p = vk.p;
  const rawSize = dv.getUint32(p + VK_DATA_SIZE, true);
  const inline = (rawSize & VK_DATA_INLINE) !== 0;
  let size = rawSize & 0x7fffffff;
  if (size === 0) return EMPTY;
  if (inline) {
    if (size > 4) {
      anomaly(cells, p, `inline data size ${size} exceeds 4 bytes; 4 kept`);
      size = 4;
    }
    return cells.bytes.subarray(p + VK_DATA_OFFSET, p + VK_DATA_OFFSET + size);
  }
  if (size > MAX_VALUE_SIZE) {
    anomaly(cells, p, `data size ${size} exceeds the ${MAX_VALUE_SIZE}-byte limit; data skipped`);
    return EMPTY;
  }
  const dataOff = dv.getUint32(p + VK_DATA_OFFSET, true);
  const c = cells.cell(dataOff, 'value-data');
  if (c < 0) return EMPTY;
  const cellLen = cells.len;
  if (minorVersion > 3 && size > BIG_DATA_SEGMENT_SIZE && cellLen >= 8 && dv.getUint16(c, true) === SIG_DB) {
    return readBigData(cells, c, size, p);
  }
  if (size > cellLen) {
    anomaly(cells, p, `data size ${size} exceeds its cell (${cellLen} bytes); truncated`);
    size = cellLen;
  }
  return cells.bytes.subarray(c, c + size);
}

/** db: count + segment-list offset; every segment but the last gives exactly 16344 bytes; vk size wins. */
function readBigData(cells: CellSpace, c: number, size: number, vkP: number): Uint8Array {
  const dv = cells.dv;
  const count = dv.getUint16(c + 2, true);
  const listOff = dv.getUint32(c + 4, true);
  const l = cells.cell(listOff, 'db-segment-list');
  if (l < 0) return EMPTY;
  const n = Math.min(count, Math.floor(cells.len / 4));
  if (n < count) anomaly(cells, vkP, `big data claims ${count} segments but its list holds ${n}`);
  // Charged before allocating: many vk records may share one db, each asking for MAX_VALUE_SIZE bytes.
  if (!cells.charge(Math.floor(size / WORK_UNIT_BYTES), 'db', c - 4)) return EMPTY;
  const out = new Uint8Array(size);
  let filled = 0;
  for (let i = 0; i < n && filled < size; i++) {
    const s = cells.cell(dv.getUint32(l + 4 * i, true), 'db-segment');
    if (s < 0) break;
    const take = Math.min(cells.len, BIG_DATA_SEGMENT_SIZE, size - filled);
    out.set(cells.bytes.subarray(s, s + take), filled);
    filled += take;
  }
  if (filled < size) {
    anomaly(cells, vkP, `big data holds ${filled} of ${size} bytes; truncated`);
    return out.subarray(0, filled);
  }
  return out;
}

function anomaly(cells: CellSpace, p: number, message: string): void {
  cells.sink.add({ code: 'value-data-invalid', severity: 'warning', structure: 'vk', offset: p - 4, message });
}
