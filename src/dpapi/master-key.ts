/**
 * DPAPI master key file (impacket MasterKeyFile/MasterKey; mimikatz KULL_M_DPAPI_MASTERKEYS): a 128-byte
 * header then MasterKey ‖ BackupKey ‖ CredHist ‖ DomainKey sections; the MasterKey section opens with a
 * 20-byte pre-key (DPAPI_SYSTEM machine/user key for system keys) via DPAPI's PBKDF2 and a CBC cipher.
 */
import { cbcDecrypt, hmac } from './crypto.js';
import { algIdText, cipherAlgorithm, hashAlgorithm, type CipherAlgorithm, type HashAlgorithm } from './algorithms.js';
import { ByteReader, bytesEqual, fail, isGuidText, ok, TruncatedError, type Result } from './bytes.js';
import { dpapiPbkdf2 } from './dpapi-pbkdf2.js';

export const MASTER_KEY_FILE_HEADER_LENGTH = 128;
export const MASTER_KEY_SECTION_HEADER_LENGTH = 32;
export const MASTER_KEY_LENGTH = 64;
/** Windows uses 4000 (XP) to 17400 (Win10 system); far more would only burn CPU on a hostile file. */
export const MAX_MASTER_KEY_ROUNDS = 250_000;

/** dwFlags bit: a system master key, opened with DPAPI_SYSTEM. */
export const MASTER_KEY_FLAG_SYSTEM = 0x2;

export interface MasterKeySection {
  readonly version: number;
  readonly salt: Uint8Array;
  readonly rounds: number;
  readonly algHash: number;
  readonly algCrypt: number;
  readonly encrypted: Uint8Array;
}

export interface MasterKeyFile {
  readonly length: number;
  readonly version: number;
  /** szGuid from the header: the key's name, which blobs cite. */
  readonly guid: string;
  readonly flags: number;
  readonly masterKeyLen: number;
  readonly backupKeyLen: number;
  readonly credHistLen: number;
  readonly domainKeyLen: number;
  readonly masterKey: MasterKeySection;
}

function parseSection(bytes: Uint8Array): MasterKeySection {
  const r = new ByteReader(bytes, 'MasterKey');
  const version = r.u32();
  const salt = r.bytesOf(16);
  const rounds = r.u32();
  const algHash = r.u32();
  const algCrypt = r.u32();
  return { version, salt, rounds, algHash, algCrypt, encrypted: r.bytesOf(r.remaining) };
}

export function parseMasterKeyFile(bytes: Uint8Array): Result<MasterKeyFile> {
  if (bytes.length < MASTER_KEY_FILE_HEADER_LENGTH + MASTER_KEY_SECTION_HEADER_LENGTH) {
    return fail('malformed', `master key file: ${bytes.length} bytes, too short`);
  }
  try {
    const r = new ByteReader(bytes, 'MasterKeyFile');
    const version = r.u32();
    r.u32();
    r.u32();
    const guid = new TextDecoder('utf-16le').decode(r.bytesOf(72));
    if (version !== 2 || !isGuidText(guid)) return fail('malformed', 'not a master key file (version or GUID field wrong)');
    r.u32();
    r.u32();
    const flags = r.u32();
    const masterKeyLen = r.u64();
    const backupKeyLen = r.u64();
    const credHistLen = r.u64();
    const domainKeyLen = r.u64();
    if (masterKeyLen < MASTER_KEY_SECTION_HEADER_LENGTH || masterKeyLen > r.remaining) {
      return fail('malformed', `master key file ${guid.toLowerCase()}: MasterKey section length ${masterKeyLen} does not fit`);
    }
    const masterKey = parseSection(r.bytesOf(masterKeyLen));
    if (masterKey.rounds === 0 || masterKey.rounds > MAX_MASTER_KEY_ROUNDS) {
      return fail('malformed', `master key file ${guid.toLowerCase()}: ${masterKey.rounds} PBKDF2 rounds, outside 1..${MAX_MASTER_KEY_ROUNDS}`);
    }
    return ok({ length: bytes.length, version, guid: guid.toLowerCase(), flags, masterKeyLen, backupKeyLen, credHistLen, domainKeyLen, masterKey });
  } catch (e) {
    if (e instanceof TruncatedError) return fail('malformed', `master key file: ${e.message}`);
    throw e;
  }
}

/** Whether a section can be attempted at all: known algorithms, whole blocks, room for salt, HMAC and key. */
export function masterKeyAlgorithms(section: MasterKeySection): Result<{ c: CipherAlgorithm; h: HashAlgorithm }> {
  const h = hashAlgorithm(section.algHash);
  const c = cipherAlgorithm(section.algCrypt);
  if (!h) return fail('not-decryptable', `master key: unsupported hash algorithm ${algIdText(section.algHash)}`);
  if (!c) return fail('not-decryptable', `master key: unsupported cipher algorithm ${algIdText(section.algCrypt)}`);
  const n = section.encrypted.length;
  if (n % c.blockLength !== 0 || n < 16 + h.digestLength + MASTER_KEY_LENGTH) {
    return fail('malformed', `master key: ${n} encrypted bytes do not fit ${c.name}/${h.name}`);
  }
  return ok({ c, h });
}

/** Opens the MasterKey section with a 20-byte pre-key; the embedded HMAC tells a wrong key apart. */
export function decryptMasterKey(section: MasterKeySection, preKey: Uint8Array): Result<Uint8Array> {
  const algs = masterKeyAlgorithms(section);
  if (!algs.ok) return algs;
  const { c, h } = algs.value;
  const enc = section.encrypted;
  const kb = dpapiPbkdf2(h, preKey, section.salt, section.rounds, c.keyLength + c.blockLength);
  const plain = cbcDecrypt(c.cbc, kb.subarray(0, c.keyLength), kb.subarray(c.keyLength), enc);
  const hmacSalt = plain.subarray(0, 16);
  const stored = plain.subarray(16, 16 + h.digestLength);
  // 3DES adds 4 filler bytes after the HMAC, so the key is taken from the end (mimikatz).
  const masterKey = plain.slice(plain.length - MASTER_KEY_LENGTH);
  const check = hmac(h.hashName, hmac(h.hashName, preKey, hmacSalt), masterKey);
  if (!bytesEqual(check, stored)) return fail('not-decryptable', 'master key: HMAC check fails (wrong key)');
  return ok(masterKey);
}
