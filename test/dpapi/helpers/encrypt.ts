/**
 * Test-only encrypt side of the chain: builds PolEKList / PolSecretEncryptionKey for a chosen boot key,
 * LSA secrets, system master key files and DPAPI blobs, so synthetic images can be checked by src/dpapi.
 * Uses node:crypto directly (tests may); shares only the ALG_ID table, DPAPI's PBKDF2 and CryptDeriveKey
 * with src, and those are pinned independently by the public vectors.
 */
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { cipherAlgorithm, hashAlgorithm, type HashAlgorithm } from '../../../src/dpapi/algorithms.js';
import { BOOT_KEY_PERMUTATION, type BootKeyClassNames } from '../../../src/dpapi/boot-key.js';
import { cryptDeriveKey, DPAPI_PROVIDER_GUID, type BlobHmacForm } from '../../../src/dpapi/blob.js';
import { dpapiPbkdf2 } from '../../../src/dpapi/dpapi-pbkdf2.js';
import { desKeyFrom7 } from '../../../src/dpapi/nt5-secret.js';
import { rc4 } from '../../../src/dpapi/rc4.js';

const u8 = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const cat = (...p: Uint8Array[]) => u8(Buffer.concat(p));
const le32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return u8(b);
};
const le64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return u8(b);
};
const sized = (b: Uint8Array) => cat(le32(b.length), b);

/** Deterministic bytes for salts and keys: SHA-256 counter mode over a text seed. */
export function seededBytes(seed: string, n: number): Uint8Array {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash('sha256').update(`${seed}/${i}`).digest());
  return u8(Buffer.concat(out).subarray(0, n));
}

/** GUID text → Windows byte order. */
export function guidBytes(text: string): Uint8Array {
  const h = text.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  const swap = (s: number, n: number) => b.subarray(s, s + n).reverse();
  swap(0, 4);
  swap(4, 2);
  swap(6, 2);
  return u8(b);
}

/** Inverse of the boot-key permutation: the four class names that give `bootKey`. */
export function classNamesForBootKey(bootKey: Uint8Array): BootKeyClassNames {
  const scrambled = new Uint8Array(16);
  BOOT_KEY_PERMUTATION.forEach((src, i) => (scrambled[src] = bootKey[i]));
  const part = (i: number) => Buffer.from(scrambled.subarray(i * 4, i * 4 + 4)).toString('hex');
  return { JD: part(0), Skew1: part(1), GBG: part(2), Data: part(3) };
}

// ---------------------------------------------------------------- LSA (NT6)

export interface Nt6SecretParams {
  key: Uint8Array;
  keyId: string;
  salt: Uint8Array;
  secret: Uint8Array;
  /** Defaults as seen on Win10: version bytes 00 00 00 01, algorithm 3, flags 0. */
  version?: number;
  algorithm?: number;
  flags?: number;
}

export function encryptNt6Secret(p: Nt6SecretParams): Uint8Array {
  const clearLen = 16 + p.secret.length;
  const clear = new Uint8Array(Math.ceil(clearLen / 16) * 16);
  clear.set(le32(p.secret.length), 0);
  clear.set(p.secret, 16);
  const h = createHash('sha256').update(p.key);
  for (let i = 0; i < 1000; i++) h.update(p.salt);
  const c = createCipheriv('aes-256-ecb', h.digest(), null).setAutoPadding(false);
  const enc = Buffer.concat([c.update(clear), c.final()]);
  return cat(le32(p.version ?? 0x0100_0000), guidBytes(p.keyId), le32(p.algorithm ?? 3), le32(p.flags ?? 0), p.salt, enc);
}

export interface Nt6SystemKey {
  id: string;
  type?: number;
  key: Uint8Array;
}

/** NT6_SYSTEM_KEYS with the given keys (unknown dwords as seen in the dissect Win10 vector unless given). */
export function nt6SystemKeys(currentKeyId: string, keys: Nt6SystemKey[], unk0 = 0, unk1 = 0): Uint8Array {
  const entries = keys.map((k) => cat(guidBytes(k.id), le32(k.type ?? 3), sized(k.key)));
  return cat(le32(unk0), guidBytes(currentKeyId), le32(unk1), le32(keys.length), ...entries);
}

export function buildPolEKList(bootKey: Uint8Array, polEKListKeyId: string, salt: Uint8Array, systemKeys: Uint8Array): Uint8Array {
  return encryptNt6Secret({ key: bootKey, keyId: polEKListKeyId, salt, secret: systemKeys });
}

// ---------------------------------------------------------------- LSA (NT5)

/** PolSecretEncryptionKey: header dwords, RC4(MD5(bootKey ‖ lazyIV ×1000)) over keys[3][16], lazyIV. */
export function buildPolSecretEncryptionKey(bootKey: Uint8Array, lsaKey: Uint8Array, lazyIv: Uint8Array, otherKeys: Uint8Array = new Uint8Array(32)): Uint8Array {
  const h = createHash('md5').update(bootKey);
  for (let i = 0; i < 1000; i++) h.update(lazyIv);
  const keys = cat(otherKeys.subarray(0, 16), lsaKey, otherKeys.subarray(16, 32));
  return cat(le32(1), le32(1), le32(0), rc4(u8(h.digest()), keys), lazyIv);
}

/** NT5 secret value with SystemFunction005 encryption; `headerExtra` models the larger x64 header. */
export function encryptNt5Secret(lsaKey: Uint8Array, secret: Uint8Array, version = 1, headerExtra = 0): Uint8Array {
  const clearLen = 8 + secret.length;
  const clear = new Uint8Array(Math.ceil(clearLen / 8) * 8);
  clear.set(le32(secret.length), 0);
  clear.set(le32(version), 4);
  clear.set(secret, 8);
  const out = new Uint8Array(clear.length);
  let p = 0;
  for (let j = 0; j < clear.length / 8; j++) {
    const k = desKeyFrom7(lsaKey.subarray(p, p + 7));
    const c = createCipheriv('des-ede3', cat(k, k, k), null).setAutoPadding(false);
    out.set(Buffer.concat([c.update(clear.subarray(j * 8, j * 8 + 8)), c.final()]), j * 8);
    p += 7;
    if (lsaKey.length - p < 7) p = lsaKey.length - p;
  }
  return cat(le32(out.length), le32(out.length | 0x2000_0000), le32(0), new Uint8Array(headerExtra), out);
}

export function dpapiSystemSecret(machineKey: Uint8Array, userKey: Uint8Array): Uint8Array {
  return cat(le32(1), machineKey, userKey);
}

// ---------------------------------------------------------------- master key file

export interface MasterKeyFileParams {
  guid: string;
  preKey: Uint8Array;
  masterKey: Uint8Array;
  salt: Uint8Array;
  hmacSalt: Uint8Array;
  rounds: number;
  algCrypt: number;
  algHash: number;
  flags?: number;
  /** 3DES only: the 4 bytes between HMAC and key. */
  filler?: Uint8Array;
  backupKey?: Uint8Array;
  credHist?: Uint8Array;
  domainKey?: Uint8Array;
}

/** The MasterKey section: u32 version 2, salt, rounds, algHash, algCrypt, CBC(hmacSalt ‖ hmac ‖ [filler] ‖ key). */
export function encryptMasterKeySection(p: MasterKeyFileParams): Uint8Array {
  const h = hashAlgorithm(p.algHash)!;
  const c = cipherAlgorithm(p.algCrypt)!;
  const hm = (key: Uint8Array, data: Uint8Array) => u8(createHmac(h.hashName, key).update(data).digest());
  const mac = hm(hm(p.preKey, p.hmacSalt), p.masterKey);
  let clear = cat(p.hmacSalt, mac, p.filler ?? new Uint8Array(0), p.masterKey);
  if (clear.length % c.blockLength) throw new Error('master key plaintext is not whole blocks: give a filler');
  const kb = dpapiPbkdf2(h, p.preKey, p.salt, p.rounds, c.keyLength + c.blockLength);
  const ci = createCipheriv(c.cbc, kb.subarray(0, c.keyLength), kb.subarray(c.keyLength)).setAutoPadding(false);
  clear = u8(Buffer.concat([ci.update(clear), ci.final()]));
  return cat(le32(2), p.salt, le32(p.rounds), le32(p.algHash), le32(p.algCrypt), clear);
}

export function buildMasterKeyFile(p: MasterKeyFileParams): Uint8Array {
  const mk = encryptMasterKeySection(p);
  const backup = p.backupKey ?? new Uint8Array(0);
  const credHist = p.credHist ?? new Uint8Array(0);
  const domain = p.domainKey ?? new Uint8Array(0);
  const header = cat(
    le32(2), le32(0), le32(0),
    u8(Buffer.from(p.guid.toLowerCase(), 'utf16le')),
    le32(0), le32(0), le32(p.flags ?? 6),
    le64(mk.length), le64(backup.length), le64(credHist.length), le64(domain.length),
  );
  return cat(header, mk, backup, credHist, domain);
}

// ---------------------------------------------------------------- blob

export interface BlobParams {
  masterKeyGuid: string;
  masterKey: Uint8Array;
  plaintext: Uint8Array;
  salt: Uint8Array;
  signSalt: Uint8Array;
  algCrypt: number;
  algHash: number;
  algCryptLenBits?: number;
  algHashLenBits?: number;
  flags?: number;
  /** UTF-16LE with its terminator; default "\0". */
  description?: string;
  strong?: Uint8Array;
  entropy?: Uint8Array | null;
  /** HMAC construction: 'xp' is Windows' malformed one for SHA-1 blobs. */
  form?: BlobHmacForm;
}

function formHmac(form: BlobHmacForm, h: HashAlgorithm, key: Uint8Array, inner: Uint8Array, extra: Uint8Array[]): Uint8Array {
  if (form === 'rfc') {
    const m = createHmac(h.hashName, key).update(inner);
    for (const e of extra) m.update(e);
    return u8(m.digest());
  }
  const ipad = Buffer.alloc(h.blockLength, 0x36);
  const opad = Buffer.alloc(h.blockLength, 0x5c);
  for (let i = 0; i < key.length; i++) {
    ipad[i] ^= key[i];
    opad[i] ^= key[i];
  }
  const o = createHash(h.hashName).update(opad).update(createHash(h.hashName).update(ipad).update(inner).digest());
  for (const e of extra) o.update(e);
  return u8(o.digest());
}

export function buildBlob(p: BlobParams): Uint8Array {
  const h = hashAlgorithm(p.algHash)!;
  const c = cipherAlgorithm(p.algCrypt)!;
  const form = p.form ?? 'rfc';
  const kh = u8(createHash('sha1').update(p.masterKey).digest());
  const extra = p.entropy ? [p.entropy] : [];
  const key = cryptDeriveKey(c, h, formHmac(form, h, kh, p.salt, extra));
  const ci = createCipheriv(c.cbc, key, Buffer.alloc(c.blockLength)); // PKCS#7 on
  const data = u8(Buffer.concat([ci.update(p.plaintext), ci.final()]));
  const head = cat(le32(1), guidBytes(DPAPI_PROVIDER_GUID));
  const signed = cat(
    le32(1), guidBytes(p.masterKeyGuid), le32(p.flags ?? 0),
    sized(u8(Buffer.from(p.description ?? '\0', 'utf16le'))),
    le32(p.algCrypt), le32(p.algCryptLenBits ?? c.keyLength * 8),
    sized(p.salt), sized(p.strong ?? new Uint8Array(0)),
    le32(p.algHash), le32(p.algHashLenBits ?? h.digestLength * 8),
    sized(p.signSalt), sized(data),
  );
  return cat(head, signed, sized(formHmac(form, h, kh, p.signSalt, [...extra, signed])));
}
