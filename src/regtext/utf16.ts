/**
 * UTF-16LE/BE code-unit conversion that keeps unpaired surrogates as they are (TextDecoder would turn them
 * into U+FFFD), so string data read from a .reg file is stored exactly as regedit wrote it.
 */

const CHUNK = 8192;

/** Decodes UTF-16 code units; an odd trailing byte is ignored (the caller reports it). */
export function decodeUtf16Units(bytes: Uint8Array, littleEndian: boolean): string {
  const count = bytes.length >>> 1;
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(count, CHUNK));
  const lo = littleEndian ? 0 : 1;
  const hi = 1 - lo;
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    for (let i = start; i < end; i++) units[i - start] = bytes[2 * i + lo] | (bytes[2 * i + hi] << 8);
    parts.push(String.fromCharCode.apply(null, units.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join('');
}

/** Encodes a string's UTF-16 code units as little-endian bytes, unpaired surrogates included. */
export function encodeUtf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >>> 8;
  }
  return out;
}

/** REG_SZ data as regedit stores a quoted string: UTF-16LE with a terminating NUL. */
export function encodeSz(s: string): Uint8Array {
  return encodeUtf16le(s + '\0');
}
