/**
 * DPAPI's PBKDF2 variant for master keys: each round's HMAC input is the running XOR, not the previous U
 * (mimikatz kull_m_crypto_pkcs5_pbkdf2_hmac isDpapiInternal, "thank you MS!"); stock PBKDF2 gives wrong keys.
 */
import { hmac, hmacRoundsAtOnce } from './crypto.js';
import type { HashAlgorithm } from './algorithms.js';
import { concatBytes, u32be } from './bytes.js';

export function dpapiPbkdf2(h: HashAlgorithm, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 1, pos = 0; pos < length; block++) {
    const first = hmac(h.hashName, password, concatBytes(salt, u32be(block))).slice();
    const acc = hmacRoundsAtOnce(h.hashName, password, first, iterations - 1) ?? rounds(h, password, first, iterations - 1);
    const take = Math.min(acc.length, length - pos);
    out.set(acc.subarray(0, take), pos);
    pos += take;
  }
  return out;
}

/** `count` rounds of acc ^= HMAC(password, acc), in place. */
function rounds(h: HashAlgorithm, password: Uint8Array, acc: Uint8Array, count: number): Uint8Array {
  for (let r = 0; r < count; r++) {
    const u = hmac(h.hashName, password, acc);
    for (let i = 0; i < acc.length; i++) acc[i] ^= u[i];
  }
  return acc;
}
