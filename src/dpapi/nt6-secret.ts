/**
 * NT6 (Vista+) LSA encrypted secret, "NT6_HARD_SECRET" (mimikatz kuhl_m_lsadump.h; impacket LSA_SECRET):
 * AES-256-ECB with key SHA-256(K ‖ salt ×1000), K = boot key for PolEKList, the LSA key for secrets.
 */
import { aes256EcbDecrypt, hash } from './crypto.js';
import { ByteReader, fail, ok, readU32, repeated, TruncatedError, type Result } from './bytes.js';

export const NT6_HEADER_LENGTH = 60;
export const NT6_CLEAR_HEADER_LENGTH = 16;
export const NT6_SALT_ROUNDS = 1000;

export interface Nt6HardSecret {
  /** Seen as bytes 00 00 00 01, i.e. 0x01000000 read little-endian. */
  readonly version: number;
  /** Which LSA key encrypted it (for PolEKList unrelated to the boot key). */
  readonly keyId: string;
  readonly algorithm: number;
  readonly flags: number;
  readonly salt: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface Nt6ClearSecret {
  /** The whole AES plaintext: 16-byte NT6_CLEAR_SECRET header, secret, padding. */
  readonly plaintext: Uint8Array;
  /** Secret cut at its SecretSize field. */
  readonly secret: Uint8Array;
}

export function parseNt6HardSecret(value: Uint8Array, what: string): Result<Nt6HardSecret> {
  try {
    const r = new ByteReader(value, what);
    const version = r.u32();
    const keyId = r.guid();
    const algorithm = r.u32();
    const flags = r.u32();
    const salt = r.bytesOf(32);
    if (r.remaining < NT6_CLEAR_HEADER_LENGTH) return fail('malformed', `${what}: ${r.remaining} bytes of ciphertext, too short for an NT6 secret`);
    return ok({ version, keyId, algorithm, flags, salt, ciphertext: r.bytesOf(r.remaining) });
  } catch (e) {
    if (e instanceof TruncatedError) return fail('malformed', `${what}: ${value.length} bytes, too short for an NT6 secret header`);
    throw e;
  }
}

export function nt6AesKey(key: Uint8Array, salt: Uint8Array): Uint8Array {
  return hash('sha256', key, ...repeated(salt, NT6_SALT_ROUNDS));
}

/** Decrypts with K; a SecretSize that does not fit means K is wrong (there is no other integrity check). */
export function decryptNt6HardSecret(s: Nt6HardSecret, key: Uint8Array, what: string): Result<Nt6ClearSecret> {
  // A trailing partial block cannot be decrypted; the secret must fit in the whole blocks.
  const whole = s.ciphertext.subarray(0, s.ciphertext.length - (s.ciphertext.length % 16));
  const plaintext = aes256EcbDecrypt(nt6AesKey(key, s.salt), whole);
  const size = readU32(plaintext, 0);
  if (size > plaintext.length - NT6_CLEAR_HEADER_LENGTH) {
    return fail('not-decryptable', `${what}: decrypted length field does not fit (wrong key)`);
  }
  return ok({ plaintext, secret: plaintext.slice(NT6_CLEAR_HEADER_LENGTH, NT6_CLEAR_HEADER_LENGTH + size) });
}
