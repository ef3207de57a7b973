/** REG_* value types (winnt.h) and the canonical decoding of value data used by dump and by facts. */

export const REG_NONE = 0;
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_DWORD_BIG_ENDIAN = 5;
export const REG_LINK = 6;
export const REG_MULTI_SZ = 7;
export const REG_RESOURCE_LIST = 8;
export const REG_FULL_RESOURCE_DESCRIPTOR = 9;
export const REG_RESOURCE_REQUIREMENTS_LIST = 10;
export const REG_QWORD = 11;

const TYPE_NAMES = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
];

/** `REG_SZ`…`REG_QWORD`, or `REG_UNKNOWN_<n>` for any other number (never a throw). */
export function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `REG_UNKNOWN_${type >>> 0}`;
}

const utf16 = new TextDecoder('utf-16le', { fatal: false });

/** Lenient UTF-16LE: an odd trailing byte is dropped, unpaired surrogates become U+FFFD. */
export function decodeUtf16(bytes: Uint8Array): string {
  const even = bytes.length & 1 ? bytes.subarray(0, bytes.length - 1) : bytes;
  return utf16.decode(even);
}

/** REG_SZ-style string: UTF-16LE up to the first NUL (junk after it, as in TimeZoneKeyName, is ignored). */
export function decodeSz(bytes: Uint8Array): string {
  const s = decodeUtf16(bytes);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** REG_MULTI_SZ: strings split at NULs, trailing empty strings dropped (empty ones inside are kept). */
export function decodeMultiSz(bytes: Uint8Array): string[] {
  const items = decodeUtf16(bytes).split('\0');
  while (items.length > 0 && items[items.length - 1] === '') items.pop();
  return items;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A DWORD when the data is exactly 4 bytes (LE for REG_DWORD, BE for REG_DWORD_BIG_ENDIAN), else null. */
export function decodeDword(type: number, bytes: Uint8Array): number | null {
  if (bytes.length !== 4) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 4);
  return dv.getUint32(0, type !== REG_DWORD_BIG_ENDIAN);
}

/** A QWORD as bigint when the data is exactly 8 bytes, else null. */
export function decodeQword(bytes: Uint8Array): bigint | null {
  if (bytes.length !== 8) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
}

export type DumpData = string | number | string[];

/**
 * The dump format's `data`: strings for SZ/EXPAND_SZ/LINK, string arrays for MULTI_SZ, numbers for 4-byte
 * DWORDs, a decimal string for 8-byte QWORDs, lowercase hex of the raw bytes for everything else.
 */
export function dumpData(type: number, bytes: Uint8Array): DumpData {
  switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
    case REG_LINK:
      return decodeSz(bytes);
    case REG_MULTI_SZ:
      return decodeMultiSz(bytes);
    case REG_DWORD:
    case REG_DWORD_BIG_ENDIAN: {
      const n = decodeDword(type, bytes);
      return n ?? toHex(bytes);
    }
    case REG_QWORD: {
      const q = decodeQword(bytes);
      return q === null ? toHex(bytes) : q.toString();
    }
    default:
      return toHex(bytes);
  }
}
