import { describe, expect, it } from 'vitest';
import { bootKeyFromClassNames } from '../../src/dpapi/boot-key.js';
import { parseDpapiSystem } from '../../src/dpapi/dpapi-system.js';
import { lsaKeyFromPolSecretEncryptionKey, lsaKeysFromPolEKList, type LsaKeys } from '../../src/dpapi/lsa-key.js';
import { decryptLsaSecret } from '../../src/dpapi/lsa-secret.js';
import { decryptNt5Secret } from '../../src/dpapi/nt5-secret.js';
import { decryptNt6HardSecret, parseNt6HardSecret } from '../../src/dpapi/nt6-secret.js';
import { byStage, hex, toHex, vector, vectors } from './helpers/vectors.js';

function must<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('boot key', () => {
  it.each(byStage('bootkey').map((v) => [v.id, v] as const))('%s', (_id, v) => {
    expect(toHex(must(bootKeyFromClassNames(v.inputs.classNames)))).toBe(v.expected.bootKey);
  });

  it('accepts a class name still carrying its NUL terminator', () => {
    const names = { ...vector('dissect-win10-bootkey').inputs.classNames };
    names.GBG += '\0';
    expect(toHex(must(bootKeyFromClassNames(names)))).toBe('7b143e8c93f5037451f6fe3bcee04f55');
  });

  it.each([['7bf5e09'], ['7bf5e0933'], ['7bf5e09g'], ['']])('rejects class name %j as malformed', (bad) => {
    const names = { ...vector('dissect-win10-bootkey').inputs.classNames, GBG: bad };
    const r = bootKeyFromClassNames(names);
    expect(r).toMatchObject({ ok: false, kind: 'malformed' });
  });
});

describe('LSA key', () => {
  it('NT6: PolEKList with the Win10 boot key gives the dissect LSA key, one key whose id DPAPI_SYSTEM names', () => {
    const v = vector('dissect-win10-lsakey');
    const keys = must(lsaKeysFromPolEKList(hex(v.inputs.polEKList), hex(v.inputs.bootKey)));
    expect(keys.scheme).toBe('nt6');
    if (keys.scheme !== 'nt6') return;
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0].type).toBe(3);
    expect(toHex(keys.keys[0].key)).toBe(v.expected.lsaKey);
    const dpapi = must(parseNt6HardSecret(hex(vector('dissect-win10-dpapi-system').inputs.currVal), 'x'));
    expect(keys.keys[0].id).toBe(dpapi.keyId);
    expect(keys.currentKeyId).toBe(dpapi.keyId);
  });

  it('NT5: PolSecretEncryptionKey with the XP boot key gives the dissect LSA key', () => {
    const v = vector('dissect-winxp-lsakey');
    const keys = must(lsaKeyFromPolSecretEncryptionKey(hex(v.inputs.polSecretEncryptionKey), hex(v.inputs.bootKey)));
    expect(keys.scheme === 'nt5' && toHex(keys.key)).toBe(v.expected.lsaKey);
  });

  it('NT6: a wrong boot key is not-decryptable, a truncated PolEKList malformed', () => {
    const v = vector('dissect-win10-lsakey');
    const value = hex(v.inputs.polEKList);
    const wrong = hex(v.inputs.bootKey);
    wrong[0] ^= 1;
    expect(lsaKeysFromPolEKList(value, wrong)).toMatchObject({ ok: false, kind: 'not-decryptable' });
    for (let n = 0; n < 76; n++) expect(lsaKeysFromPolEKList(value.subarray(0, n), hex(v.inputs.bootKey))).toMatchObject({ ok: false, kind: 'malformed' });
    // Cut inside the ciphertext: whole blocks decrypt but the key list no longer fits.
    for (let n = 76; n < value.length; n++) expect(lsaKeysFromPolEKList(value.subarray(0, n), hex(v.inputs.bootKey)).ok).toBe(false);
  });

  it('NT5: a truncated PolSecretEncryptionKey is malformed', () => {
    const v = vector('dissect-winxp-lsakey');
    expect(lsaKeyFromPolSecretEncryptionKey(hex(v.inputs.polSecretEncryptionKey).subarray(0, 75), hex(v.inputs.bootKey))).toMatchObject({ ok: false, kind: 'malformed' });
  });
});

describe('LSA secrets and DPAPI_SYSTEM', () => {
  it('NT6: DPAPI_SYSTEM CurrVal and OldVal decrypt to the exact dissect buffers', () => {
    const v = vector('dissect-win10-dpapi-system');
    for (const [field, want] of [['currVal', 'decryptedCurrVal'], ['oldVal', 'decryptedOldVal']]) {
      const hard = must(parseNt6HardSecret(hex(v.inputs[field]), field));
      const clear = must(decryptNt6HardSecret(hard, hex(v.inputs.lsaKey), field));
      expect(toHex(clear.plaintext)).toBe(v.expected[want]);
      expect(toHex(clear.secret)).toBe(v.expected.secret);
    }
    const lsa: LsaKeys = { scheme: 'nt6', currentKeyId: '', keys: [{ id: must(parseNt6HardSecret(hex(v.inputs.currVal), 'x')).keyId, type: 3, key: hex(v.inputs.lsaKey) }] };
    const s = must(decryptLsaSecret(hex(v.inputs.currVal), lsa, 'DPAPI_SYSTEM'));
    const sys = must(parseDpapiSystem(s.secret));
    expect([toHex(sys.machineKey), toHex(sys.userKey)]).toEqual([v.expected.machineKey, v.expected.userKey]);
    expect(s.lsaKeyId).toBe('859b1f00-4f98-a868-ed3e-9d44dbd5b79c');
  });

  it('NT6: a secret naming an LSA key that PolEKList lacks is not-decryptable', () => {
    const v = vector('dissect-win10-dpapi-system');
    const lsa: LsaKeys = { scheme: 'nt6', currentKeyId: '', keys: [{ id: '00000000-0000-0000-0000-000000000000', type: 3, key: hex(v.inputs.lsaKey) }] };
    expect(decryptLsaSecret(hex(v.inputs.currVal), lsa, 'DPAPI_SYSTEM')).toMatchObject({ ok: false, kind: 'not-decryptable' });
  });

  it('NT5: DPAPI_SYSTEM decrypts to the exact dissect buffer, also behind a longer (x64) header', () => {
    const v = vector('dissect-winxp-dpapi-system');
    const value = hex(v.inputs.currVal);
    const clear = must(decryptNt5Secret(value, hex(v.inputs.lsaKey), 'DPAPI_SYSTEM'));
    expect(toHex(clear.plaintext)).toBe(v.expected.decryptedCurrVal);
    expect(toHex(clear.secret)).toBe(v.expected.secret);
    const x64 = new Uint8Array(value.length + 8);
    x64.set(value.subarray(0, 12));
    x64.set(value.subarray(12), 20);
    expect(toHex(must(decryptNt5Secret(x64, hex(v.inputs.lsaKey), 'x')).secret)).toBe(v.expected.secret);
    const sys = must(parseDpapiSystem(clear.secret));
    expect([toHex(sys.machineKey), toHex(sys.userKey)]).toEqual([v.expected.machineKey, v.expected.userKey]);
  });

  it('NT5: truncated or lying size fields are malformed, never thrown', () => {
    const v = vector('dissect-winxp-dpapi-system');
    const value = hex(v.inputs.currVal);
    for (let n = 0; n < value.length; n++) expect(decryptNt5Secret(value.subarray(0, n), hex(v.inputs.lsaKey), 'x').ok).toBe(false);
  });

  it('impacket DPAPI_SYSTEM parse', () => {
    const v = vector('impacket-dpapi-system-parse');
    const sys = must(parseDpapiSystem(hex(v.inputs.secret)));
    expect([sys.version, toHex(sys.machineKey), toHex(sys.userKey)]).toEqual([v.expected.version, v.expected.machineKey, v.expected.userKey]);
    expect(parseDpapiSystem(hex(v.inputs.secret).subarray(0, 43))).toMatchObject({ ok: false });
  });

  // Win7 and Vista LSA inputs from dissect's blob tests: the source asserts no LSA values, so check what it implies.
  it.each(vectors.filter((v) => v.inputs.lsaInputs).filter((v, i, all) => all.findIndex((w) => w.inputs.lsaInputs.polEKList === v.inputs.lsaInputs.polEKList) === i).map((v) => [v.id, v] as const))(
    '%s LSA inputs: boot key, LSA key and a well-formed DPAPI_SYSTEM and DefaultPassword',
    (_id, v) => {
      const li = v.inputs.lsaInputs;
      const bootKey = must(bootKeyFromClassNames(li.classNames));
      const expectedBoot = /bootKey ([0-9a-f]{32})/.exec(v.inputs.lsaNote)![1];
      expect(toHex(bootKey)).toBe(expectedBoot);
      const lsa = must(lsaKeysFromPolEKList(hex(li.polEKList), bootKey));
      const sys = must(parseDpapiSystem(must(decryptLsaSecret(hex(li.dpapiSystemCurrVal), lsa, 'DPAPI_SYSTEM')).secret));
      expect(sys.version).toBe(1);
      const pw = must(decryptLsaSecret(hex(li.defaultPasswordCurrVal), lsa, 'DefaultPassword')).secret;
      expect(Buffer.from(pw).toString('utf16le').replace(/\0+$/, '')).toBe('password');
    },
  );
});
