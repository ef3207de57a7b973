/** Marvin32 (Microsoft's seeded 64-bit hash), as used for the Hash-1/Hash-2 fields of HvLE log entries. */
import { HVLE_MARVIN32_SEED } from '../spec.js';

/** Hashes `data` with a 64-bit seed; the result is (s1 << 32) | s0, the layout stored in HvLE entries. */
export function marvin32(data: Uint8Array, seed: bigint = HVLE_MARVIN32_SEED): bigint {
  let s0 = Number(seed & 0xffffffffn) >>> 0;
  let s1 = Number((seed >> 32n) & 0xffffffffn) >>> 0;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const whole = data.byteLength & ~3;
  // The mixing block is inlined: this runs over every byte of every log entry.
  for (let i = 0; i < whole; i += 4) {
    s0 = (s0 + dv.getUint32(i, true)) >>> 0;
    s1 ^= s0;
    s0 = (((s0 << 20) | (s0 >>> 12)) + s1) >>> 0;
    s1 = (((s1 << 9) | (s1 >>> 23)) ^ s0) >>> 0;
    s0 = (((s0 << 27) | (s0 >>> 5)) + s1) >>> 0;
    s1 = ((s1 << 19) | (s1 >>> 13)) >>> 0;
  }
  // Tail: the 0-3 remaining bytes little-endian, followed by a 0x80 marker byte.
  const rest = data.byteLength - whole;
  let last = 0x80;
  for (let k = rest - 1; k >= 0; k--) last = ((last << 8) | data[whole + k]) >>> 0;
  for (const v of [last, 0]) {
    s0 = (s0 + v) >>> 0;
    s1 ^= s0;
    s0 = (((s0 << 20) | (s0 >>> 12)) + s1) >>> 0;
    s1 = (((s1 << 9) | (s1 >>> 23)) ^ s0) >>> 0;
    s0 = (((s0 << 27) | (s0 >>> 5)) + s1) >>> 0;
    s1 = ((s1 << 19) | (s1 >>> 13)) >>> 0;
  }
  return (BigInt(s1 >>> 0) << 32n) | BigInt(s0);
}
