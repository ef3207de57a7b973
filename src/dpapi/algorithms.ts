/** CryptoAPI ALG_IDs found in DPAPI master keys and blobs (wincrypt.h), with what we need to run them. */
import type { CbcCipherName, HashName } from './crypto.js';

export const CALG_3DES = 0x6603;
export const CALG_AES_128 = 0x660e;
export const CALG_AES_192 = 0x660f;
export const CALG_AES_256 = 0x6610;
export const CALG_SHA1 = 0x8004;
/** In master keys CALG_HMAC means HMAC-SHA1 (mimikatz maps it to CALG_SHA1). */
export const CALG_HMAC = 0x8009;
export const CALG_SHA_256 = 0x800c;
export const CALG_SHA_384 = 0x800d;
export const CALG_SHA_512 = 0x800e;

export interface CipherAlgorithm {
  readonly id: number;
  readonly name: string;
  readonly cbc: CbcCipherName;
  readonly keyLength: number;
  readonly blockLength: number;
}

export interface HashAlgorithm {
  readonly id: number;
  readonly name: string;
  readonly hashName: Exclude<HashName, 'md5'>;
  readonly digestLength: number;
  /** Input block size, for the HMAC-style pads of CryptDeriveKey and the SHA-1 blob signature. */
  readonly blockLength: number;
}

const CIPHERS: readonly CipherAlgorithm[] = [
  { id: CALG_3DES, name: 'CALG_3DES', cbc: 'des-ede3-cbc', keyLength: 24, blockLength: 8 },
  { id: CALG_AES_128, name: 'CALG_AES_128', cbc: 'aes-128-cbc', keyLength: 16, blockLength: 16 },
  { id: CALG_AES_192, name: 'CALG_AES_192', cbc: 'aes-192-cbc', keyLength: 24, blockLength: 16 },
  { id: CALG_AES_256, name: 'CALG_AES_256', cbc: 'aes-256-cbc', keyLength: 32, blockLength: 16 },
];

const HASHES: readonly HashAlgorithm[] = [
  { id: CALG_SHA1, name: 'CALG_SHA1', hashName: 'sha1', digestLength: 20, blockLength: 64 },
  { id: CALG_HMAC, name: 'CALG_HMAC', hashName: 'sha1', digestLength: 20, blockLength: 64 },
  { id: CALG_SHA_256, name: 'CALG_SHA_256', hashName: 'sha256', digestLength: 32, blockLength: 64 },
  { id: CALG_SHA_384, name: 'CALG_SHA_384', hashName: 'sha384', digestLength: 48, blockLength: 128 },
  { id: CALG_SHA_512, name: 'CALG_SHA_512', hashName: 'sha512', digestLength: 64, blockLength: 128 },
];

export function cipherAlgorithm(id: number): CipherAlgorithm | undefined {
  return CIPHERS.find((c) => c.id === id);
}

export function hashAlgorithm(id: number): HashAlgorithm | undefined {
  return HASHES.find((h) => h.id === id);
}

/** `0x6610` style, for reasons about ids we do not know. */
export function algIdText(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}
