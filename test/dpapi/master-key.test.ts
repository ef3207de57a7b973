import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashAlgorithm } from '../../src/dpapi/algorithms.js';
import { dpapiPbkdf2 } from '../../src/dpapi/dpapi-pbkdf2.js';
import { decryptMasterKey, MAX_MASTER_KEY_ROUNDS, parseMasterKeyFile } from '../../src/dpapi/master-key.js';
import { byStage, hex, toHex, vector } from './helpers/vectors.js';

function must<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** User pre-key (not needed by the timebomb, used here to open dpapick's user keys): HMAC-SHA1(SHA1(pw), SID\0). */
function userPreKey(v: ReturnType<typeof vector>): Uint8Array {
  const pwdHash = createHash('sha1').update(hex(v.inputs.password.hex)).digest();
  expect(pwdHash.toString('hex')).toBe(v.inputs.pwdHashSha1);
  return new Uint8Array(createHmac('sha1', pwdHash).update(Buffer.from(`${v.inputs.sid}\0`, 'utf16le')).digest());
}

function preKeyOf(v: ReturnType<typeof vector>): Uint8Array {
  return v.inputs.key ? hex(v.inputs.key) : userPreKey(v);
}

describe('master key file', () => {
  it.each(byStage('masterkey-file').map((v) => [v.id, v] as const))('%s: header fields', (_id, v) => {
    const f = must(parseMasterKeyFile(hex(v.inputs.masterKeyFile)));
    const e = v.expected.header;
    expect({ length: f.length, version: f.version, guid: f.guid, flags: f.flags, masterKeyLen: f.masterKeyLen, backupKeyLen: f.backupKeyLen, credHistLen: f.credHistLen, domainKeyLen: f.domainKeyLen }).toEqual({
      length: e.length, version: e.version, guid: e.guid, flags: e.flags, masterKeyLen: e.masterKeyLen, backupKeyLen: e.backupKeyLen, credHistLen: e.credHistLen, domainKeyLen: e.domainKeyLen,
    });
    const m = f.masterKey;
    expect([m.version, toHex(m.salt), m.rounds, m.algHash, m.algCrypt, m.encrypted.length]).toEqual([
      e.masterKey.version, e.masterKey.saltHex, e.masterKey.rounds, Number(e.masterKey.algHash), Number(e.masterKey.algCrypt), e.masterKey.ciphertextLength,
    ]);
  });

  it.each(byStage('masterkey-file').map((v) => [v.id, v] as const))('%s: decrypts, and a wrong key fails the HMAC check', (_id, v) => {
    const f = must(parseMasterKeyFile(hex(v.inputs.masterKeyFile)));
    const key = preKeyOf(v);
    const mk = must(decryptMasterKey(f.masterKey, key));
    if (v.expected.masterKey) expect(toHex(mk)).toBe(v.expected.masterKey);
    else expect(mk.length).toBe(v.expected.masterKeyLength);
    const wrong = key.slice();
    wrong[19] ^= 0x80;
    expect(decryptMasterKey(f.masterKey, wrong)).toMatchObject({ ok: false, kind: 'not-decryptable' });
  });

  it("DPAPI's PBKDF2 is not Node's PBKDF2 (pitfall 1), and both agree for one round", () => {
    const h = hashAlgorithm(0x800e)!;
    const key = hex('458dc597034d8801fc6fe3b342817caabb81a0cb');
    const salt = hex('f42f61ea0c9647bf403819898452089f');
    expect(toHex(dpapiPbkdf2(h, key, salt, 1, 48))).toBe(pbkdf2Sync(key, salt, 1, 48, 'sha512').toString('hex'));
    expect(toHex(dpapiPbkdf2(h, key, salt, 3, 48))).not.toBe(pbkdf2Sync(key, salt, 3, 48, 'sha512').toString('hex'));
  });

  it('rejects files that are not master keys: Preferred, a blob, zeros, noise', () => {
    const blob = hex(vector('impacket-blob-no-entropy').inputs.blob);
    const noise = new Uint8Array(createHash('sha512').update('x').digest().toString('hex').repeat(4).split('').map((c) => c.charCodeAt(0)));
    for (const bytes of [new Uint8Array(24), blob, new Uint8Array(468), noise]) {
      expect(parseMasterKeyFile(bytes)).toMatchObject({ ok: false, kind: 'malformed' });
    }
  });

  it('every truncation of a master key file is malformed or fails cleanly', () => {
    const bytes = hex(vector('impacket-system-masterkey-file').inputs.masterKeyFile);
    for (let n = 0; n < 128 + 176; n++) expect(parseMasterKeyFile(bytes.subarray(0, n))).toMatchObject({ ok: false, kind: 'malformed' });
    // The trailing sections are not needed to open the key.
    expect(parseMasterKeyFile(bytes.subarray(0, 128 + 176)).ok).toBe(true);
  });

  it('refuses absurd PBKDF2 round counts instead of spinning', () => {
    const bytes = hex(vector('impacket-system-masterkey-file').inputs.masterKeyFile);
    new DataView(bytes.buffer).setUint32(128 + 20, MAX_MASTER_KEY_ROUNDS + 1, true);
    expect(parseMasterKeyFile(bytes)).toMatchObject({ ok: false, kind: 'malformed' });
    new DataView(bytes.buffer).setUint32(128 + 20, 0, true);
    expect(parseMasterKeyFile(bytes)).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('unknown algorithms and ragged ciphertext are reported, not thrown', () => {
    const bytes = hex(vector('impacket-system-masterkey-file').inputs.masterKeyFile);
    const f = must(parseMasterKeyFile(bytes));
    expect(decryptMasterKey({ ...f.masterKey, algCrypt: 0x6801 }, new Uint8Array(20))).toMatchObject({ ok: false, kind: 'not-decryptable' });
    expect(decryptMasterKey({ ...f.masterKey, algHash: 0x8003 }, new Uint8Array(20))).toMatchObject({ ok: false, kind: 'not-decryptable' });
    expect(decryptMasterKey({ ...f.masterKey, encrypted: f.masterKey.encrypted.subarray(0, 140) }, new Uint8Array(20))).toMatchObject({ ok: false, kind: 'malformed' });
  });
});
