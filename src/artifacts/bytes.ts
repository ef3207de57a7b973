/** Bounds-checked little-endian reads over a Uint8Array: every read says whether it fit instead of throwing. */
import { readFiletime } from '../regf/filetime.js';
import { decodeUtf16 } from '../view/value-types.js';

export class ByteReader {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  fits(off: number, len: number): boolean {
    return Number.isInteger(off) && off >= 0 && len >= 0 && off + len <= this.bytes.length;
  }
  u16(off: number): number | null {
    return this.fits(off, 2) ? this.dv.getUint16(off, true) : null;
  }
  u32(off: number): number | null {
    return this.fits(off, 4) ? this.dv.getUint32(off, true) : null;
  }
  /** A 64-bit value as a JS number when exact (≤ 2^53), else null. */
  u64(off: number): number | null {
    if (!this.fits(off, 8)) return null;
    const lo = this.dv.getUint32(off, true);
    const hi = this.dv.getUint32(off + 4, true);
    return hi < 0x200000 ? hi * 0x1_0000_0000 + lo : null;
  }
  /** FILETIME → Date; null when zero, out of range or out of bounds. */
  filetime(off: number): Date | null {
    return this.fits(off, 8) ? readFiletime(this.dv, off) : null;
  }
  /** UTF-16LE text of `len` bytes at `off`, cut at the first NUL; null when out of bounds. */
  utf16(off: number, len: number): string | null {
    if (!this.fits(off, len)) return null;
    const s = decodeUtf16(this.bytes.subarray(off, off + len));
    const nul = s.indexOf('\0');
    return nul < 0 ? s : s.slice(0, nul);
  }
  ascii(off: number, len: number): string | null {
    if (!this.fits(off, len)) return null;
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(this.bytes[off + i]);
    return s;
  }
}

/** FILETIME as the 16-hex-digit string of its 64-bit value (kept exact where a Date would drop the 100 ns). */
export function filetimeHex(bytes: Uint8Array, off: number): string | null {
  if (off < 0 || off + 8 > bytes.length) return null;
  let s = '';
  for (let i = 7; i >= 0; i--) s += bytes[off + i].toString(16).padStart(2, '0');
  return s;
}
