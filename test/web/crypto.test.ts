/** The page's pure-JS crypto (src/web/crypto.ts) against node:crypto (src/dpapi/crypto.ts) on the same inputs. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as node from '../../src/dpapi/crypto.js';
import * as web from '../../src/web/crypto.js';

const bytes = (n: number) => new Uint8Array(randomBytes(n));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('browser crypto equals node:crypto', () => {
  it('hashes and HMACs over several parts', () => {
    for (const alg of ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const) {
      for (const sizes of [[0], [1, 63, 64], [200, 1000]]) {
        const parts = sizes.map(bytes);
        expect(hex(web.hash(alg, ...parts)), alg).toBe(hex(node.hash(alg, ...parts)));
        if (alg !== 'md5') {
          for (const keyLen of [0, 20, 64, 200]) {
            const key = bytes(keyLen);
            expect(hex(web.hmac(alg, key, ...parts)), `hmac ${alg}`).toBe(hex(node.hmac(alg, key, ...parts)));
          }
        }
      }
    }
  });

  it('AES-ECB, AES-CBC, 3DES-CBC and DES-ECB decryption without padding removal', () => {
    for (const blocks of [1, 2, 7]) {
      const k32 = bytes(32);
      const d16 = bytes(16 * blocks);
      expect(hex(web.aes256EcbDecrypt(k32, d16))).toBe(hex(node.aes256EcbDecrypt(k32, d16)));
      for (const [cipher, len] of [['aes-128-cbc', 16], ['aes-192-cbc', 24], ['aes-256-cbc', 32]] as const) {
        const key = bytes(len);
        const iv = bytes(16);
        expect(hex(web.cbcDecrypt(cipher, key, iv, d16)), cipher).toBe(hex(node.cbcDecrypt(cipher, key, iv, d16)));
      }
      const d8 = bytes(8 * blocks);
      const k24 = bytes(24);
      const iv8 = bytes(8);
      expect(hex(web.cbcDecrypt('des-ede3-cbc', k24, iv8, d8))).toBe(hex(node.cbcDecrypt('des-ede3-cbc', k24, iv8, d8)));
      const k8 = bytes(8);
      expect(hex(web.desEcbDecrypt(k8, d8))).toBe(hex(node.desEcbDecrypt(k8, d8)));
    }
  });

  it('refuses wrong key sizes and partial blocks like node:crypto does (by throwing)', () => {
    expect(() => web.aes256EcbDecrypt(bytes(16), bytes(16))).toThrow();
    expect(() => web.cbcDecrypt('aes-128-cbc', bytes(16), bytes(16), bytes(15))).toThrow();
    expect(() => web.cbcDecrypt('des-ede3-cbc', bytes(24), bytes(8), bytes(12))).toThrow();
    expect(() => web.desEcbDecrypt(bytes(7), bytes(8))).toThrow();
    expect(() => node.desEcbDecrypt(bytes(8), bytes(12))).toThrow();
  });
});
