/**
 * DPAPI blob (dpapick3 DPAPIBlob; mimikatz KULL_M_DPAPI_BLOB; impacket DPAPI_BLOB): parse, verify the
 * signature with the master key, derive the session key, decrypt. Layout and algorithms: dpapi.md §2.6.
 */
import { cbcDecrypt, hash, hmac } from './crypto.js';
import { algIdText, cipherAlgorithm, hashAlgorithm, type CipherAlgorithm, type HashAlgorithm } from './algorithms.js';
import { ByteReader, bytesEqual, concatBytes, fail, ok, TruncatedError, type Result } from './bytes.js';

/** guidProvider of every DPAPI blob. */
export const DPAPI_PROVIDER_GUID = 'df9d8cd0-1501-11d1-8c7a-00c04fc297eb';
/** The signed region starts at dwMasterKeyVersion. */
export const BLOB_SIGNED_START = 20;

/** dwFlags bits (impacket dpapi.py FLAGS). */
export const CRYPTPROTECT_UI_FORBIDDEN = 0x1;
export const CRYPTPROTECT_LOCAL_MACHINE = 0x4;
export const CRYPTPROTECT_SYSTEM = 0x2000_0000;

export interface DpapiBlob {
  readonly length: number;
  readonly version: number;
  readonly provider: string;
  readonly masterKeyVersion: number;
  readonly masterKeyGuid: string;
  readonly flags: number;
  /** UTF-16LE, terminator included as stored. */
  readonly description: string;
  readonly algCrypt: number;
  readonly algCryptLenBits: number;
  readonly salt: Uint8Array;
  /** Strong-password data (impacket "HMacKey"); normally empty. */
  readonly strong: Uint8Array;
  readonly algHash: number;
  readonly algHashLenBits: number;
  /** Signature salt (impacket "HMac"). */
  readonly signSalt: Uint8Array;
  readonly data: Uint8Array;
  readonly sign: Uint8Array;
  /** raw[20 : end of data], what the signature covers. */
  readonly signed: Uint8Array;
}

export function parseBlob(bytes: Uint8Array): Result<DpapiBlob> {
  try {
    const r = new ByteReader(bytes, 'DPAPI blob');
    const version = r.u32();
    const provider = r.guid();
    if (version !== 1 || provider !== DPAPI_PROVIDER_GUID) return fail('malformed', 'not a DPAPI blob (version or provider GUID wrong)');
    const masterKeyVersion = r.u32();
    const masterKeyGuid = r.guid();
    const flags = r.u32();
    const description = new TextDecoder('utf-16le').decode(r.sized());
    const algCrypt = r.u32();
    const algCryptLenBits = r.u32();
    const salt = r.sized();
    const strong = r.sized();
    const algHash = r.u32();
    const algHashLenBits = r.u32();
    const signSalt = r.sized();
    const data = r.sized();
    const signed = bytes.subarray(BLOB_SIGNED_START, r.pos);
    const sign = r.sized();
    return {
      ok: true,
      value: { length: r.pos, version, provider, masterKeyVersion, masterKeyGuid, flags, description, algCrypt, algCryptLenBits, salt, strong, algHash, algHashLenBits, signSalt, data, sign, signed },
    };
  } catch (e) {
    if (e instanceof TruncatedError) return fail('malformed', `DPAPI blob truncated: ${e.message}`);
    throw e;
  }
}

/**
 * Which HMAC construction Windows used. `rfc`: HMAC_H(kh, inner ‖ extra). `xp`: H(opad ‖ H(ipad ‖ inner) ‖ extra),
 * the malformed form of SHA-1 blobs where entropy and signed data go to the outer hash (mimikatz
 * kull_m_dpapi_hmac_sha1_incorrect; dpapick3 CryptSessionKeyXP). Without extra data both are equal.
 */
export type BlobHmacForm = 'rfc' | 'xp';

function pads(h: HashAlgorithm, key: Uint8Array): { ipad: Uint8Array; opad: Uint8Array } {
  const k = key.length > h.blockLength ? hash(h.hashName, key) : key;
  const ipad = new Uint8Array(h.blockLength).fill(0x36);
  const opad = new Uint8Array(h.blockLength).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    ipad[i] ^= k[i];
    opad[i] ^= k[i];
  }
  return { ipad, opad };
}

function blobHmac(form: BlobHmacForm, h: HashAlgorithm, key: Uint8Array, inner: Uint8Array, extra: Uint8Array[]): Uint8Array {
  if (form === 'rfc') return hmac(h.hashName, key, inner, ...extra);
  const { ipad, opad } = pads(h, key);
  return hash(h.hashName, opad, hash(h.hashName, ipad, inner), ...extra);
}

/** CryptDeriveKey: use the hash as is when long enough, else H(pad ^ 0x36) ‖ H(pad ^ 0x5c). */
export function cryptDeriveKey(c: CipherAlgorithm, h: HashAlgorithm, sessionKey: Uint8Array): Uint8Array {
  const base = sessionKey.length > h.blockLength ? hash(h.hashName, sessionKey) : sessionKey;
  if (base.length >= c.keyLength) return base.slice(0, c.keyLength);
  const { ipad, opad } = pads(h, base);
  return concatBytes(hash(h.hashName, ipad), hash(h.hashName, opad)).slice(0, c.keyLength);
}

/** SHA-1 of a 64-byte master key; a 20-byte key is already the hash. */
export function masterKeyHash(masterKey: Uint8Array): Uint8Array {
  return masterKey.length === 20 ? masterKey : hash('sha1', masterKey);
}

export interface BlobPlaintext {
  readonly plaintext: Uint8Array;
  readonly form: BlobHmacForm;
  readonly cipher: CipherAlgorithm;
  readonly hash: HashAlgorithm;
}

/** Verifies the signature (which also proves the master key), then decrypts; no entropy unless given. */
export function decryptBlob(blob: DpapiBlob, masterKey: Uint8Array, entropy?: Uint8Array): Result<BlobPlaintext> {
  const c = cipherAlgorithm(blob.algCrypt);
  const h = hashAlgorithm(blob.algHash);
  if (!c) return fail('not-decryptable', `blob: unsupported cipher algorithm ${algIdText(blob.algCrypt)}`);
  if (!h) return fail('not-decryptable', `blob: unsupported hash algorithm ${algIdText(blob.algHash)}`);
  if (blob.data.length === 0 || blob.data.length % c.blockLength !== 0) {
    return fail('malformed', `blob: ${blob.data.length} ciphertext bytes, not whole ${c.name} blocks`);
  }
  const kh = masterKeyHash(masterKey);
  const extra = entropy && entropy.length > 0 ? [entropy] : [];
  const form = (['rfc', 'xp'] as const).find((f) => bytesEqual(blobHmac(f, h, kh, blob.signSalt, [...extra, blob.signed]), blob.sign));
  if (!form) return fail('not-decryptable', 'blob: signature does not verify (wrong master key or entropy, or damaged blob)');
  const key = cryptDeriveKey(c, h, blobHmac(form, h, kh, blob.salt, extra));
  const padded = cbcDecrypt(c.cbc, key, new Uint8Array(c.blockLength), blob.data);
  const pad = padded[padded.length - 1];
  if (pad < 1 || pad > c.blockLength || padded.subarray(padded.length - pad).some((b) => b !== pad)) {
    return fail('malformed', 'blob: signature verifies but the PKCS#7 padding is wrong');
  }
  return ok({ plaintext: padded.slice(0, padded.length - pad), form, cipher: c, hash: h });
}
