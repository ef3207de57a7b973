/**
 * Reading nk/vk records at a raw file position inside free space, slack or remnant data, and deciding whether
 * they are plausible (yarp `RegistryRecover.py` limits: ≤ 10,000 subkeys, ≤ 1,000 values, names ≤ 1,024
 * characters with ≤ 5 NULs and no undecodable units; last-write year 1990–2100 here).
 */
import { readFiletime } from '../filetime.js';
import { NK_LAST_WRITE, NK_NAME, NK_NAME_LENGTH, NK_PARENT, NK_SUBKEY_COUNT, NK_VALUE_COUNT, NK_VALUE_LIST, nkNameAt, NK_FLAGS } from '../key-node.js';
import { HBIN_HEADER_SIZE, KEY_COMP_NAME, MAX_VALUE_SIZE, SIG_NK, SIG_VK, VALUE_COMP_NAME, VK_DATA_INLINE } from '../spec.js';
import { VK_DATA_OFFSET, VK_DATA_SIZE, VK_FLAGS, VK_NAME, VK_NAME_LENGTH, VK_TYPE, vkNameAt } from '../value-key.js';

export const MAX_PLAUSIBLE_SUBKEYS = 10_000;
export const MAX_PLAUSIBLE_VALUES = 1_000;
export const MAX_PLAUSIBLE_NAME_CHARS = 1_024;
export const MAX_PLAUSIBLE_NULS = 5;
const NK_VOLATILE_SUBKEY_COUNT = 24;
/** 1990-01-01 and 2100-01-01 UTC, in ms. */
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
/** A name cut short by the end of its space (the cell after it was reused) must keep this many bytes. */
const MIN_TRUNCATED_NAME_BYTES = 4;

export interface CarvedNk {
  /** File position of the record (its signature). */
  readonly p: number;
  /** Record length: fixed part + the name bytes present. */
  readonly size: number;
  readonly name: string;
  /** The name runs past the space the record lies in; `name` holds the part that is there. */
  readonly nameTruncated: boolean;
  readonly lastWrite: Date;
  /** Raw hive-relative offsets and counts from the record. */
  readonly parent: number;
  readonly valueCount: number;
  readonly valueList: number;
}

export interface CarvedVk {
  readonly p: number;
  readonly size: number;
  readonly name: string;
  readonly nameTruncated: boolean;
  readonly type: number;
}

/** The nk at `p` if it fits in `avail` bytes and looks like a real key, else null. */
export function carveNk(bytes: Uint8Array, dv: DataView, p: number, avail: number): CarvedNk | null {
  if (avail < NK_NAME + 1 || dv.getUint16(p, true) !== SIG_NK) return null;
  const nameLen = dv.getUint16(p + NK_NAME_LENGTH, true);
  const compressed = (dv.getUint16(p + NK_FLAGS, true) & KEY_COMP_NAME) !== 0;
  if (nameLen === 0 || !nameLengthPlausible(nameLen, compressed)) return null;
  const present = namePresent(nameLen, avail - NK_NAME, compressed);
  if (present < 0) return null;
  if (dv.getUint32(p + NK_SUBKEY_COUNT, true) > MAX_PLAUSIBLE_SUBKEYS) return null;
  if (dv.getUint32(p + NK_VOLATILE_SUBKEY_COUNT, true) > MAX_PLAUSIBLE_SUBKEYS) return null;
  const valueCount = dv.getUint32(p + NK_VALUE_COUNT, true);
  if (valueCount > MAX_PLAUSIBLE_VALUES) return null;
  const lastWrite = readFiletime(dv, p + NK_LAST_WRITE);
  if (!lastWrite || lastWrite.getTime() < EARLIEST || lastWrite.getTime() >= LATEST) return null;
  const name = nkNameAt(bytes, dv, p, present);
  // Key names never hold a backslash: it is the path separator.
  if (!namePlausible(name) || name.includes('\\')) return null;
  return {
    p,
    size: NK_NAME + present,
    name,
    nameTruncated: present < nameLen,
    lastWrite,
    parent: dv.getUint32(p + NK_PARENT, true),
    valueCount,
    valueList: dv.getUint32(p + NK_VALUE_LIST, true),
  };
}

/** The vk at `p` if it fits in `avail` bytes and looks like a real value, else null. */
export function carveVk(bytes: Uint8Array, dv: DataView, p: number, avail: number): CarvedVk | null {
  if (avail < VK_NAME || dv.getUint16(p, true) !== SIG_VK) return null;
  const nameLen = dv.getUint16(p + VK_NAME_LENGTH, true);
  const compressed = (dv.getUint16(p + VK_FLAGS, true) & VALUE_COMP_NAME) !== 0;
  if (!nameLengthPlausible(nameLen, compressed)) return null;
  const present = namePresent(nameLen, avail - VK_NAME, compressed);
  if (present < 0) return null;
  const raw = dv.getUint32(p + VK_DATA_SIZE, true);
  const size = raw & 0x7fffffff;
  if (raw & VK_DATA_INLINE) {
    if (size > 4) return null;
  } else if (size > 0) {
    // A data cell lies past the first bin header, on an 8-byte boundary.
    const dataOff = dv.getUint32(p + VK_DATA_OFFSET, true);
    if (size > MAX_VALUE_SIZE || dataOff < HBIN_HEADER_SIZE || dataOff % 8 !== 0) return null;
  }
  const name = vkNameAt(bytes, dv, p, present);
  if (!namePlausible(name)) return null;
  return { p, size: VK_NAME + present, name, nameTruncated: present < nameLen, type: dv.getUint32(p + VK_TYPE, true) };
}

function nameLengthPlausible(nameLen: number, compressed: boolean): boolean {
  return compressed ? nameLen <= MAX_PLAUSIBLE_NAME_CHARS : nameLen % 2 === 0 && nameLen <= 2 * MAX_PLAUSIBLE_NAME_CHARS;
}

/**
 * Name bytes present in `room` bytes: all of them, or for a name cut short (reglookup-recover reports those too)
 * a whole number of characters, at least MIN_TRUNCATED_NAME_BYTES; -1 when too little is left.
 */
function namePresent(nameLen: number, room: number, compressed: boolean): number {
  if (nameLen <= room) return nameLen;
  const present = compressed ? room : room & ~1;
  return present >= MIN_TRUNCATED_NAME_BYTES ? present : -1;
}

function namePlausible(name: string): boolean {
  let nuls = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0xfffd) return false;
    if (c === 0 && ++nuls > MAX_PLAUSIBLE_NULS) return false;
  }
  return true;
}
