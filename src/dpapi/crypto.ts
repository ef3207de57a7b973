/**
 * The only door to `node:crypto` in the DPAPI code: hashes, HMAC and raw block-cipher decryption.
 * A browser build swaps this one module (e.g. for a WebCrypto/pure-JS backend); callers never see Buffer.
 */
import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import { hmacSha512Rounds } from './hmac-sha512-kernel.js';

export type HashName = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type CbcCipherName = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc';

function own(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** H(part0 ‖ part1 ‖ …) in one context. */
export function hash(alg: HashName, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return own(h.digest());
}

/** Standard RFC 2104 HMAC over the concatenated parts. */
export function hmac(alg: Exclude<HashName, 'md5'>, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac(alg, key);
  for (const p of parts) h.update(p);
  return own(h.digest());
}

/**
 * `rounds` more acc ^= HMAC(key, acc) for DPAPI's PBKDF2 in one call where this backend has one: SHA-512 in the
 * WebAssembly kernel (a createHmac per round costs several times the hashing); null: the caller runs the rounds.
 */
export function hmacRoundsAtOnce(alg: Exclude<HashName, 'md5'>, key: Uint8Array, acc: Uint8Array, rounds: number): Uint8Array | null {
  return alg === 'sha512' ? hmacSha512Rounds(key.length > 128 ? hash('sha512', key) : key, acc, rounds) : null;
}

function decipher(name: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
  const d = createDecipheriv(name, key, iv);
  d.setAutoPadding(false); // callers strip padding themselves (only DPAPI blobs are PKCS#7-padded)
  const a = d.update(data);
  const b = d.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** AES-256-ECB, no padding; `data.length` must be a multiple of 16. */
export function aes256EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return decipher('aes-256-ecb', key, null, data);
}

/** CBC decryption, no padding removal; `data.length` must be a multiple of the block size. */
export function cbcDecrypt(cipher: CbcCipherName, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return decipher(cipher, key, iv, data);
}

/** Single DES-ECB (8-byte key with parity bits), no padding; OpenSSL 3 only offers it as EDE with K‖K‖K. */
export function desEcbDecrypt(key8: Uint8Array, data: Uint8Array): Uint8Array {
  const k = new Uint8Array(24);
  k.set(key8, 0);
  k.set(key8, 8);
  k.set(key8, 16);
  return decipher('des-ede3', k, null, data);
}
