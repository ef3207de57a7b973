/**
 * Browser build of src/dpapi/crypto.ts (swapped in by scripts/build-web.ts): the same synchronous API over pure-JS
 * primitives, because WebCrypto is asynchronous and has neither DES nor unpadded AES-ECB. Hashes, HMAC and AES
 * come from @noble/hashes and @noble/ciphers, DES and 3DES from des.js.
 */
import { cbc, ecb } from '@noble/ciphers/aes.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import des from 'des.js';
import type { CbcCipherName, HashName } from '../dpapi/crypto.js';

export type { CbcCipherName, HashName } from '../dpapi/crypto.js';

const HASHES = { md5, sha1, sha256, sha384, sha512 } as const;

/** H(part0 ‖ part1 ‖ …) in one context. */
export function hash(alg: HashName, ...parts: Uint8Array[]): Uint8Array {
  const h = HASHES[alg].create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Standard RFC 2104 HMAC over the concatenated parts. */
export function hmac(alg: Exclude<HashName, 'md5'>, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = nobleHmac.create(HASHES[alg], key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** No rounds at once here: the page's CSP allows no WebAssembly compilation (the caller runs them with hmac). */
export function hmacRoundsAtOnce(_alg: Exclude<HashName, 'md5'>, _key: Uint8Array, _acc: Uint8Array, _rounds: number): Uint8Array | null {
  return null;
}

/** AES-256-ECB, no padding; `data.length` must be a multiple of 16. */
export function aes256EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new Error(`AES-256 key must be 32 bytes, got ${key.length}`);
  return ecb(key, { disablePadding: true }).decrypt(data);
}

/** node:crypto's "des-ede3" family takes K1‖K2‖K3; des.js the same 24 bytes. */
function desRun(mode: 'ecb' | 'cbc', key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, ede: boolean): Uint8Array {
  if (data.length % 8 !== 0) throw new Error(`DES data must be a multiple of 8 bytes, got ${data.length}`);
  const base = ede ? des.EDE : des.DES;
  const cipher = mode === 'cbc' ? des.CBC.instantiate(base) : base;
  const d = cipher.create({ type: 'decrypt', key: Array.from(key), padding: false, ...(iv ? { iv: Array.from(iv) } : {}) });
  return Uint8Array.from([...d.update(Array.from(data)), ...d.final()]);
}

/** CBC decryption, no padding removal; `data.length` must be a multiple of the block size. */
export function cbcDecrypt(cipher: CbcCipherName, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (cipher === 'des-ede3-cbc') {
    if (key.length !== 24 || iv.length !== 8) throw new Error('3DES-CBC needs a 24-byte key and an 8-byte IV');
    return desRun('cbc', key, iv, data, true);
  }
  const want = cipher === 'aes-128-cbc' ? 16 : cipher === 'aes-192-cbc' ? 24 : 32;
  if (key.length !== want) throw new Error(`${cipher} key must be ${want} bytes, got ${key.length}`);
  return cbc(key, iv, { disablePadding: true }).decrypt(data);
}

/** Single DES-ECB (8-byte key with parity bits), no padding. */
export function desEcbDecrypt(key8: Uint8Array, data: Uint8Array): Uint8Array {
  if (key8.length !== 8) throw new Error(`DES key must be 8 bytes, got ${key8.length}`);
  return desRun('ecb', key8, null, data, false);
}
