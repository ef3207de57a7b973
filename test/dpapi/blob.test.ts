import { describe, expect, it } from 'vitest';
import { algIdText, cipherAlgorithm, hashAlgorithm } from '../../src/dpapi/algorithms.js';
import { decryptBlob, parseBlob } from '../../src/dpapi/blob.js';
import { timebombEnd } from '../../src/dpapi/timebomb.js';
import { byStage, hex, toHex } from './helpers/vectors.js';

function must<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const blobs = byStage('blob');
const withKey = blobs.filter((v) => v.inputs.masterKey);
const entropyOf = (v: (typeof blobs)[number]) => (v.inputs.entropy ? hex(v.inputs.entropy.hex) : undefined);

describe('DPAPI blob', () => {
  it('the vector set has 3DES/SHA-1 and AES-256/SHA-512 blobs with and without entropy, keyed and unkeyed', () => {
    expect(blobs).toHaveLength(15);
    expect(withKey).toHaveLength(7);
  });

  it.each(blobs.map((v) => [v.id, v] as const))('%s: parsed fields', (_id, v) => {
    const b = must(parseBlob(hex(v.inputs.blob)));
    const p = v.expected.parsed;
    expect({
      length: b.length, version: b.version, provider: b.provider, masterKeyGuid: b.masterKeyGuid, flags: b.flags, description: b.description,
      algCrypt: algIdText(b.algCrypt), algCryptName: cipherAlgorithm(b.algCrypt)?.name, algCryptLenBits: b.algCryptLenBits,
      algHash: algIdText(b.algHash), algHashName: hashAlgorithm(b.algHash)?.name, algHashLenBits: b.algHashLenBits,
      saltLength: b.salt.length, strongLength: b.strong.length, hmac2Length: b.signSalt.length, ciphertextLength: b.data.length, signLength: b.sign.length,
    }).toEqual(p);
  });

  it.each(withKey.map((v) => [v.id, v] as const))('%s: signature verifies and plaintext matches', (_id, v) => {
    const b = must(parseBlob(hex(v.inputs.blob)));
    const out = must(decryptBlob(b, hex(v.inputs.masterKey), entropyOf(v)));
    if (v.expected.plaintext) expect(toHex(out.plaintext)).toBe(v.expected.plaintext.hex);
    else expect(toHex(out.plaintext)).toContain(v.expected.credentialUsername.hex);
    // SHA-1 blobs sign with Windows' malformed HMAC; the RFC form must not be what matched (pitfall 2).
    expect(out.form).toBe(b.algHash === 0x8004 ? 'xp' : 'rfc');
  });

  it.each(withKey.filter((v) => v.inputs.entropy).map((v) => [v.id, v] as const))('%s: without its entropy it is not-decryptable', (_id, v) => {
    const b = must(parseBlob(hex(v.inputs.blob)));
    expect(decryptBlob(b, hex(v.inputs.masterKey))).toMatchObject({ ok: false, kind: 'not-decryptable' });
  });

  it.each(withKey.map((v) => [v.id, v] as const))('%s: a wrong master key or any flipped signed/signature byte is not-decryptable', (_id, v) => {
    const bytes = hex(v.inputs.blob);
    const mk = hex(v.inputs.masterKey);
    const wrong = mk.slice();
    wrong[0] ^= 1;
    expect(decryptBlob(must(parseBlob(bytes)), wrong, entropyOf(v))).toMatchObject({ ok: false, kind: 'not-decryptable' });
    const b = must(parseBlob(bytes));
    const dataEnd = b.length - 4 - b.sign.length;
    // Length fields are covered too, but flipping them mostly changes the parse; flip bytes of salts, data, signature.
    const dataStart = dataEnd - b.data.length;
    for (const at of [20 + 4, dataStart, dataEnd - 1, b.length - 1]) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x40;
      const parsed = parseBlob(damaged);
      if (parsed.ok) expect(decryptBlob(parsed.value, mk, entropyOf(v))).toMatchObject({ ok: false, kind: 'not-decryptable' });
    }
  });

  it.each(withKey.map((v) => [v.id, v] as const))('%s: every truncation is malformed, never thrown', (_id, v) => {
    const bytes = hex(v.inputs.blob);
    for (let n = 0; n < bytes.length; n++) expect(parseBlob(bytes.subarray(0, n))).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('rejects a non-blob (wrong provider) as malformed', () => {
    const bytes = hex(withKey[0].inputs.blob);
    bytes[4] ^= 1;
    expect(parseBlob(bytes)).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('length fields pointing past the end are malformed', () => {
    const bytes = hex(withKey[0].inputs.blob);
    new DataView(bytes.buffer).setUint32(44, 0xffffffff, true); // descLen
    expect(parseBlob(bytes)).toMatchObject({ ok: false, kind: 'malformed' });
  });
});

describe('timebomb plaintext', () => {
  // Real XP/2003 values from public dumps (dpapi.md §1.1).
  it.each([
    ['00f2d131e211d301', '2017-08-10T14:08:52.000Z'],
    ['009250340a93c701', '2007-05-10T13:50:44.000Z'],
  ])('%s → %s', (h, iso) => {
    expect(must(timebombEnd(hex(h))).toISOString()).toBe(iso);
  });

  it('wrong length or zero FILETIME is malformed', () => {
    expect(timebombEnd(hex('00f2d131e211d3'))).toMatchObject({ ok: false, kind: 'malformed' });
    expect(timebombEnd(hex('00f2d131e211d30100'))).toMatchObject({ ok: false, kind: 'malformed' });
    expect(timebombEnd(new Uint8Array(8))).toMatchObject({ ok: false, kind: 'malformed' });
  });
});
