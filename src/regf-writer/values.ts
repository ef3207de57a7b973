/** TreeValue builders for tests and scenario descriptions; strings are UTF-16LE with Windows' terminators. */
import type { TreeValue } from '../view/tree-view.js';
import {
  REG_BINARY,
  REG_DWORD,
  REG_DWORD_BIG_ENDIAN,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_QWORD,
  REG_SZ,
} from '../view/value-types.js';
import { utf16le } from './name-encoding.js';

export function rawValue(name: string, type: number, data: Uint8Array): TreeValue {
  return { name, type: type >>> 0, data };
}

/** REG_SZ with its terminating NUL, as RegSetValueEx stores it. */
export function sz(name: string, value: string): TreeValue {
  return rawValue(name, REG_SZ, utf16le(`${value}\0`));
}

export function expandSz(name: string, value: string): TreeValue {
  return rawValue(name, REG_EXPAND_SZ, utf16le(`${value}\0`));
}

/** Each string NUL-terminated, then the empty string that ends the list. */
export function multiSz(name: string, values: readonly string[]): TreeValue {
  return rawValue(name, REG_MULTI_SZ, utf16le(values.map((v) => `${v}\0`).join('') + '\0'));
}

export function dword(name: string, value: number): TreeValue {
  return rawValue(name, REG_DWORD, u32(value, true));
}

export function dwordBE(name: string, value: number): TreeValue {
  return rawValue(name, REG_DWORD_BIG_ENDIAN, u32(value, false));
}

/** Any bigint is taken modulo 2^64 (so -1n is 0xFFFFFFFFFFFFFFFF). */
export function qword(name: string, value: bigint): TreeValue {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return rawValue(name, REG_QWORD, out);
}

export function binary(name: string, data: Uint8Array | readonly number[]): TreeValue {
  return rawValue(name, REG_BINARY, Uint8Array.from(data));
}

function u32(value: number, littleEndian: boolean): Uint8Array {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0xffff_ffff) throw new RangeError(`not a 32-bit integer: ${value}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, littleEndian);
  return out;
}
