/** The WebAssembly HMAC-SHA-512 kernel behind DPAPI's PBKDF2 against node:crypto, and its bytes against its source. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CALG_SHA_512, hashAlgorithm } from '../../src/dpapi/algorithms.js';
import { dpapiPbkdf2 } from '../../src/dpapi/dpapi-pbkdf2.js';
import { hmacSha512Rounds } from '../../src/dpapi/hmac-sha512-kernel.js';
import { HMAC_SHA512_WASM } from '../../src/dpapi/hmac-sha512-wasm.js';
import { requireOracle } from '../helpers/oracles.js';
import { xorshift32 } from '../helpers/prng.js';
// @ts-expect-error: a build script without types
import { assemble } from '../../scripts/build-wasm.mjs';

/** The definition, one createHmac per round (mimikatz's isDpapiInternal loop). */
function reference(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 1, pos = 0; pos < length; block++) {
    const index = new Uint8Array([block >>> 24, block >>> 16, block >>> 8, block]);
    const acc = new Uint8Array(createHmac('sha512', password).update(salt).update(index).digest());
    for (let r = 1; r < iterations; r++) {
      const u = createHmac('sha512', password).update(acc).digest();
      for (let i = 0; i < 64; i++) acc[i] ^= u[i];
    }
    out.set(acc.subarray(0, Math.min(64, length - pos)), pos);
    pos += 64;
  }
  return out;
}

describe('HMAC-SHA-512 kernel', () => {
  const sha512 = hashAlgorithm(CALG_SHA_512)!;
  const rnd = xorshift32(512);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => rnd() & 0xff);

  it('gives the node:crypto loop result for keys of 0 to 200 bytes (longer than a block: hashed), any salt, rounds and length', () => {
    let cases = 0;
    for (const keyLength of [0, 1, 20, 64, 127, 128, 129, 200]) {
      for (const iterations of [1, 2, 3, 17, 255]) {
        for (const length of [1, 48, 64, 65, 130]) {
          const password = bytes(keyLength);
          const salt = bytes(rnd() % 40);
          expect(dpapiPbkdf2(sha512, password, salt, iterations, length)).toEqual(reference(password, salt, iterations, length));
          cases++;
        }
      }
    }
    expect(cases).toBe(200);
  });

  it('a Windows 10 master key count (17,400 rounds)', () => {
    const password = bytes(20);
    const salt = bytes(16);
    expect(dpapiPbkdf2(sha512, password, salt, 17_400, 48)).toEqual(reference(password, salt, 17_400, 48));
  });

  it('declines what it is not for (an acc that is not one digest, a key over one block)', () => {
    expect(hmacSha512Rounds(bytes(20), bytes(63), 1)).toBeNull();
    expect(hmacSha512Rounds(bytes(129), bytes(64), 1)).toBeNull();
    expect(hmacSha512Rounds(bytes(20), bytes(64), 0)).toHaveLength(64);
  });

  it.runIf(requireOracle('wat2wasm'))('the committed module is what wat2wasm makes of hmac-sha512.wat (npm run build:wasm)', () => {
    expect(Array.from(assemble() as Uint8Array)).toEqual(Array.from(HMAC_SHA512_WASM));
  });
});
