import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptTimebomb, type TimebombInput, type TimebombResult } from '../../src/dpapi/chain.js';
import { CALG_AES_256, CALG_SHA_512 } from '../../src/dpapi/algorithms.js';
import { buildBlob, buildMasterKeyFile, classNamesForBootKey, seededBytes } from './helpers/encrypt.js';
import { filetimeBytes, syntheticImage, type SyntheticImage } from './helpers/synthetic-image.js';
import { hex, toHex, vector } from './helpers/vectors.js';

const END = new Date('2026-03-14T15:09:26.535Z');

function decoded(r: TimebombResult) {
  if (r.status !== 'decoded') throw new Error(`${r.status}: ${r.reason}`);
  return r;
}

/** No string in the result may carry key material, in hex or base64. */
function expectNoSecrets(r: TimebombResult, img: SyntheticImage) {
  const text = JSON.stringify(r).toLowerCase();
  for (const s of img.secrets) {
    for (let i = 0; i + 4 <= s.length; i += 4) expect(text).not.toContain(toHex(s.subarray(i, i + 4)));
    expect(JSON.stringify(r)).not.toContain(Buffer.from(s).toString('base64').slice(0, 8));
  }
}

describe('decryptTimebomb: synthetic images', () => {
  it('Vista+ (PolEKList, AES-256/SHA-512, machine key): the exact chosen end', () => {
    const img = syntheticImage({ seed: 'nt6', end: END });
    const r = decoded(decryptTimebomb(img.input));
    expect(r.end.toISOString()).toBe(END.toISOString());
    expect(r.derivation).toEqual({
      masterKeyGuid: img.masterKeyGuid, masterKeyFile: img.masterKeyFileName, cipher: 'CALG_AES_256', hash: 'CALG_SHA_512',
      lsaKeyId: img.lsaKeyId, secret: 'CurrVal', dpapiKey: 'machine',
    });
    expectNoSecrets(r, img);
  });

  it('XP-era LSA (PolSecretEncryptionKey) with a 3DES/SHA-1 blob and a User\\ master key', () => {
    const img = syntheticImage({ seed: 'nt5', end: END, scheme: 'nt5', blob: '3des-sha1', folder: 'user' });
    const r = decoded(decryptTimebomb(img.input));
    expect(r.end.getTime()).toBe(END.getTime());
    expect(r.derivation).toMatchObject({ cipher: 'CALG_3DES', hash: 'CALG_SHA1', secret: 'CurrVal', dpapiKey: 'user' });
    expect(r.derivation.lsaKeyId).toBeUndefined();
    expectNoSecrets(r, img);
  });

  it('picks the PolEKList key by the id DPAPI_SYSTEM names, not the first one', () => {
    const img = syntheticImage({ seed: 'multi', end: END, extraLsaKeys: 2 });
    const r = decoded(decryptTimebomb(img.input));
    expect(r.derivation.lsaKeyId).toBe(img.lsaKeyId);
  });

  it('a master key made under the previous DPAPI_SYSTEM opens with OldVal', () => {
    const img = syntheticImage({ seed: 'rotated', end: END, rotated: true, folder: 'user' });
    expect(decoded(decryptTimebomb(img.input)).derivation).toMatchObject({ secret: 'OldVal', dpapiKey: 'user' });
    const noOld = { ...img.input, dpapiSystemOldVal: undefined };
    expect(decryptTimebomb(noOld)).toMatchObject({ status: 'not-decryptable' });
  });

  it('a master key file named by its GUID only, or misfiled in the wrong folder, still opens', () => {
    const img = syntheticImage({ seed: 'names', end: END, folder: 'user' });
    const files = img.input.masterKeyFiles.map((f) => (f.name === img.masterKeyFileName ? { ...f, name: `S-1-5-18/${img.masterKeyGuid.toUpperCase()}` } : f));
    expect(decoded(decryptTimebomb({ ...img.input, masterKeyFiles: files })).derivation.dpapiKey).toBe('user');
  });

  it.each([
    ['1601-01-01T00:00:00.001Z'],
    ['2007-05-10T13:50:44.000Z'],
    ['9999-12-31T23:59:59.999Z'],
  ])('round-trips end %s', (iso) => {
    const img = syntheticImage({ seed: iso, end: new Date(iso) });
    expect(decoded(decryptTimebomb(img.input)).end.toISOString()).toBe(iso);
  });
});

describe('decryptTimebomb: real LSA material (dissect vectors) with a synthetic master key and blob', () => {
  function realChain(scheme: 'nt6' | 'nt5'): TimebombInput {
    const boot = vector(scheme === 'nt6' ? 'dissect-win10-bootkey' : 'dissect-winxp-bootkey');
    const lsa = vector(scheme === 'nt6' ? 'dissect-win10-lsakey' : 'dissect-winxp-lsakey');
    const sys = vector(scheme === 'nt6' ? 'dissect-win10-dpapi-system' : 'dissect-winxp-dpapi-system');
    const guid = '59873e79-ca24-459a-8b17-a5dcd82c6ea1';
    const masterKey = seededBytes('real/mk', 64);
    const file = buildMasterKeyFile({
      guid, preKey: hex(sys.expected.userKey), masterKey, salt: seededBytes('real/salt', 16), hmacSalt: seededBytes('real/hs', 16),
      rounds: 17400, algCrypt: CALG_AES_256, algHash: CALG_SHA_512,
    });
    const blob = buildBlob({
      masterKeyGuid: guid, masterKey, plaintext: filetimeBytes(END), salt: seededBytes('real/bs', 32), signSalt: seededBytes('real/ss', 32),
      algCrypt: CALG_AES_256, algHash: CALG_SHA_512, flags: 4,
    });
    return {
      bootKeyClassNames: boot.inputs.classNames,
      ...(scheme === 'nt6' ? { polEKList: hex(lsa.inputs.polEKList) } : { polSecretEncryptionKey: hex(lsa.inputs.polSecretEncryptionKey) }),
      dpapiSystemCurrVal: hex(sys.inputs.currVal),
      masterKeyFiles: [{ name: `S-1-5-18\\User\\${guid}`, bytes: file }],
      blob,
    };
  }

  it('Win10: class names → PolEKList → DPAPI_SYSTEM user key → master key → end', () => {
    const r = decoded(decryptTimebomb(realChain('nt6')));
    expect(r.end.toISOString()).toBe(END.toISOString());
    expect(r.derivation).toMatchObject({ lsaKeyId: '859b1f00-4f98-a868-ed3e-9d44dbd5b79c', secret: 'CurrVal', dpapiKey: 'user' });
  });

  it('XP: class names → PolSecretEncryptionKey → DPAPI_SYSTEM user key → master key → end', () => {
    expect(decoded(decryptTimebomb(realChain('nt5'))).end.toISOString()).toBe(END.toISOString());
  });

  it('the wrong machine\'s class names make it not-decryptable', () => {
    const nt6 = realChain('nt6');
    expect(decryptTimebomb({ ...nt6, bootKeyClassNames: vector('dissect-winxp-bootkey').inputs.classNames })).toMatchObject({ status: 'not-decryptable' });
    const nt5 = realChain('nt5');
    expect(decryptTimebomb({ ...nt5, bootKeyClassNames: vector('dissect-win10-bootkey').inputs.classNames })).toMatchObject({ status: 'not-decryptable' });
  });
});

describe('decryptTimebomb: failures are statuses, never throws', () => {
  const img = syntheticImage({ seed: 'fail', end: END, rounds: 500 });

  it('wrong boot key → not-decryptable (NT6 and NT5)', () => {
    const other = classNamesForBootKey(seededBytes('other boot key', 16));
    const r = decryptTimebomb({ ...img.input, bootKeyClassNames: other });
    expect(r).toMatchObject({ status: 'not-decryptable' });
    expectNoSecrets(r, img);
    const nt5 = syntheticImage({ seed: 'fail5', end: END, scheme: 'nt5' });
    expect(decryptTimebomb({ ...nt5.input, bootKeyClassNames: other })).toMatchObject({ status: 'not-decryptable' });
  });

  it('wrong master key (file made with another DPAPI_SYSTEM) → not-decryptable, naming the file', () => {
    const other = syntheticImage({ seed: 'fail-other', end: END });
    const files = img.input.masterKeyFiles.map((f) => (f.name === img.masterKeyFileName ? { ...f, bytes: buildMasterKeyFile({
      guid: img.masterKeyGuid, preKey: other.secrets[2], masterKey: img.masterKey, salt: seededBytes('s', 16), hmacSalt: seededBytes('h', 16), rounds: 1000, algCrypt: CALG_AES_256, algHash: CALG_SHA_512,
    }) } : f));
    const r = decryptTimebomb({ ...img.input, masterKeyFiles: files });
    expect(r).toMatchObject({ status: 'not-decryptable' });
    expect(r.status !== 'decoded' && r.reason).toContain(img.masterKeyFileName);
  });

  it('damaged blob: flipped ciphertext → not-decryptable; truncated → malformed', () => {
    const blob = img.input.blob.slice();
    blob[blob.length - 64 - 4 - 5] ^= 1;
    expect(decryptTimebomb({ ...img.input, blob })).toMatchObject({ status: 'not-decryptable' });
    for (let n = 1; n < img.input.blob.length; n += 7) {
      expect(decryptTimebomb({ ...img.input, blob: img.input.blob.subarray(0, n) })).toMatchObject({ status: 'malformed' });
    }
  });

  it('truncated master key file, PolEKList, DPAPI_SYSTEM → malformed', () => {
    const files = img.input.masterKeyFiles.map((f) => (f.name === img.masterKeyFileName ? { ...f, bytes: f.bytes.subarray(0, 200) } : f));
    expect(decryptTimebomb({ ...img.input, masterKeyFiles: files })).toMatchObject({ status: 'malformed' });
    expect(decryptTimebomb({ ...img.input, polEKList: img.input.polEKList!.subarray(0, 70) })).toMatchObject({ status: 'malformed' });
    expect(decryptTimebomb({ ...img.input, dpapiSystemCurrVal: img.input.dpapiSystemCurrVal.subarray(0, 50), dpapiSystemOldVal: undefined })).toMatchObject({ status: 'malformed' });
  });

  it('non-8-byte plaintext → malformed', () => {
    const odd = syntheticImage({ seed: 'odd', end: END, plaintext: new Uint8Array(16).fill(1) });
    expect(decryptTimebomb(odd.input)).toMatchObject({ status: 'malformed' });
  });

  it('a hostile set of same-GUID master key files is bounded in work', () => {
    const slow = syntheticImage({ seed: 'slow', end: END, rounds: 240_000 });
    const file = slow.input.masterKeyFiles.find((f) => f.name === slow.masterKeyFileName)!;
    // Same GUID, same rounds, but the key does not open them (bytes of the section flipped).
    const bad = file.bytes.slice();
    bad[bad.length - 30] ^= 1;
    const files = Array.from({ length: 20 }, (_, i) => ({ name: `S-1-5-18/x${i}/${slow.masterKeyGuid}`, bytes: bad }));
    const t = performance.now();
    const r = decryptTimebomb({ ...slow.input, masterKeyFiles: files });
    expect(r).toMatchObject({ status: 'not-decryptable' });
    expect(r.status !== 'decoded' && r.reason).toContain('gave up');
    expect(performance.now() - t).toBeLessThan(20_000);
  });

  it('missing material is listed', () => {
    const r = decryptTimebomb({
      ...img.input,
      bootKeyClassNames: { ...img.input.bootKeyClassNames, Skew1: '' },
      polEKList: undefined,
      masterKeyFiles: img.input.masterKeyFiles.filter((f) => f.name !== img.masterKeyFileName),
    });
    expect(r.status).toBe('missing-material');
    expect(r.status !== 'decoded' && r.missing).toEqual([
      'SYSTEM Control\\Lsa\\Skew1 class name',
      'SECURITY Policy\\PolEKList or Policy\\PolSecretEncryptionKey',
      `master key file Protect\\S-1-5-18[\\User]\\${img.masterKeyGuid}`,
    ]);
    expect(decryptTimebomb({ ...img.input, blob: new Uint8Array(0) })).toMatchObject({ status: 'missing-material' });
  });

  it('hostile inputs (seeded bit flips, truncations, garbage types) always return a status', () => {
    const fields = ['polEKList', 'dpapiSystemCurrVal', 'dpapiSystemOldVal', 'blob', 'mk'] as const;
    let seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const rnd = createHash('sha256').update(`fuzz${i}`).digest();
      const field = fields[rnd[0] % fields.length];
      const mutate = (b: Uint8Array) => {
        const c = b.slice(0, rnd[1] % 4 === 0 ? rnd.readUInt16LE(2) % (b.length + 1) : b.length);
        for (let k = 0; k < 1 + (rnd[4] % 3); k++) if (c.length) c[rnd.readUInt16LE(5 + 2 * k) % c.length] ^= 1 << (rnd[12 + k] % 8);
        return c;
      };
      const input: any = { ...img.input };
      if (field === 'mk') input.masterKeyFiles = img.input.masterKeyFiles.map((f) => ({ ...f, bytes: mutate(f.bytes) }));
      else input[field] = mutate(img.input[field]!);
      const r = decryptTimebomb(input);
      expect(['decoded', 'missing-material', 'not-decryptable', 'malformed']).toContain(r.status);
      if (r.status === 'decoded') expect(r.end.getTime()).toBe(END.getTime());
      expectNoSecrets(r, img);
      seen.add(r.status);
    }
    expect(seen.size).toBeGreaterThan(2);
    for (const junk of [null, undefined, {}, { blob: 'text' }, { ...img.input, masterKeyFiles: 'x' }, { ...img.input, bootKeyClassNames: null }]) {
      const r = decryptTimebomb(junk as any);
      expect(['missing-material', 'malformed']).toContain(r.status);
    }
  });
});
