/**
 * NT5 (XP/2003) LSA secret value, "NT5_HARD_SECRET", decrypted with SystemFunction005 ([MS-LSAD] 5.1.2):
 * DES-ECB per 8-byte block, each block keyed by a 7-byte window of the 16-byte LSA key.
 */
import { desEcbDecrypt } from './crypto.js';
import { fail, ok, readU32, type Result } from './bytes.js';

export const NT5_MIN_HEADER_LENGTH = 12;

export interface Nt5ClearSecret {
  /** The whole DES plaintext: u32 Length, u32 Version, secret, padding. */
  readonly plaintext: Uint8Array;
  readonly secret: Uint8Array;
}

/** 56 key bits → 8 DES key bytes with odd parity (impacket transformKey, dpapick3 SystemFunction005). */
export function desKeyFrom7(b: Uint8Array): Uint8Array {
  const k = [
    b[0] >> 1,
    ((b[0] & 0x01) << 6) | (b[1] >> 2),
    ((b[1] & 0x03) << 5) | (b[2] >> 3),
    ((b[2] & 0x07) << 4) | (b[3] >> 4),
    ((b[3] & 0x0f) << 3) | (b[4] >> 5),
    ((b[4] & 0x1f) << 2) | (b[5] >> 6),
    ((b[5] & 0x3f) << 1) | (b[6] >> 7),
    b[6] & 0x7f,
  ];
  return Uint8Array.from(k, (x) => {
    const v = (x << 1) & 0xfe;
    let ones = 0;
    for (let t = v; t; t >>= 1) ones += t & 1;
    return ones % 2 === 0 ? v | 1 : v;
  });
}

/** SystemFunction005 core: key windows 0,7,2,9,0,… (advance 7; when fewer than 7 bytes remain, p = len − p). */
export function systemFunction005(key: Uint8Array, data: Uint8Array): Uint8Array {
  const blocks = Math.floor(data.length / 8);
  const out = new Uint8Array(blocks * 8);
  let p = 0;
  for (let j = 0; j < blocks; j++) {
    const dk = desKeyFrom7(key.subarray(p, p + 7));
    out.set(desEcbDecrypt(dk, data.subarray(j * 8, j * 8 + 8)), j * 8);
    p += 7;
    if (key.length - p < 7) p = key.length - p;
  }
  return out;
}

/** The ciphertext is the last encryptedStructSize bytes (the header is longer on x64). */
export function decryptNt5Secret(value: Uint8Array, lsaKey: Uint8Array, what: string): Result<Nt5ClearSecret> {
  if (value.length < NT5_MIN_HEADER_LENGTH + 8) return fail('malformed', `${what}: ${value.length} bytes, too short for an NT5 secret`);
  if (lsaKey.length < 7) return fail('malformed', `${what}: LSA key too short for SystemFunction005`);
  const size = readU32(value, 0);
  if (size < 8 || size > value.length - NT5_MIN_HEADER_LENGTH) {
    return fail('malformed', `${what}: encrypted size ${size} does not fit in ${value.length} bytes`);
  }
  const plaintext = systemFunction005(lsaKey, value.subarray(value.length - size));
  const length = readU32(plaintext, 0);
  if (length > plaintext.length - 8) return fail('not-decryptable', `${what}: decrypted length field does not fit (wrong key)`);
  return ok({ plaintext, secret: plaintext.slice(8, 8 + length) });
}
