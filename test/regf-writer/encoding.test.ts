/** Byte-level encoders and builders, checked against bytes from real hives where there are any. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binary,
  dword,
  dwordBE,
  encodeSecurityDescriptor,
  encodeSid,
  expandSz,
  HKLM_KEY_SD,
  lhHash,
  multiSz,
  NETWORK_SERVICE_KEY_SD,
  qword,
  rawValue,
  sz,
  treeFromPaths,
} from '../../src/regf-writer/index.js';
import { toHex } from '../../src/view/value-types.js';
import { CORPUS, requireOracle } from '../helpers/oracles.js';
import { HiveBytes } from './hive-structure.js';

describe('encodeSid', () => {
  it('writes revision, count, big-endian authority and little-endian sub-authorities', () => {
    expect(toHex(encodeSid('S-1-5-32-544'))).toBe('01020000000000052000000020020000');
    expect(toHex(encodeSid('S-1-5-18'))).toBe('010100000000000512000000');
    expect(toHex(encodeSid('S-1-0x123456789abc-1'))).toBe('0101123456789abc01000000');
    expect(toHex(encodeSid('S-1-1-0'))).toBe('010100000000000100000000');
  });
  it('rejects malformed strings', () => {
    for (const bad of ['', 'S-1', 'X-1-5', 'S-1-5-x', 'S-1-5-4294967296', `S-1-5${'-1'.repeat(16)}`, 'S-1-281474976710656']) {
      expect(() => encodeSid(bad), bad).toThrow(RangeError);
    }
  });
});

describe('encodeSecurityDescriptor', () => {
  it('NETWORK_SERVICE_KEY_SD is byte for byte the descriptor of RCM\\Secrets in a real Windows 10 SYSTEM hive', () => {
    // sk of ControlSet001\Control\Terminal Server\RCM\Secrets in regipy's SYSTEM_WIN_10_1709 (read with python3-hivex).
    expect(toHex(encodeSecurityDescriptor(NETWORK_SERVICE_KEY_SD))).toBe(
      '01000488440000005000000000000000140000000200300002000000000014003f000f00010100000000000514000000' +
        '000014003f000f00010100000000000512000000010100000000000514000000010100000000000514000000',
    );
  });
  it('lays out SACL, DACL, owner, group and derives the present bits', () => {
    const sd = encodeSecurityDescriptor({
      revision: 1,
      control: 0x0004, // DACL_PRESENT claimed without a DACL: cleared
      owner: 'S-1-5-18',
      group: null,
      dacl: null,
      sacl: { revision: 2, aces: [{ type: 2, typeName: 'SYSTEM_AUDIT', flags: 0xc0, mask: 0x10000, sid: 'S-1-1-0' }] },
      nullDacl: false,
    });
    const dv = new DataView(sd.buffer);
    expect(dv.getUint16(2, true)).toBe(0x8010);
    expect([dv.getUint32(4, true), dv.getUint32(8, true), dv.getUint32(12, true), dv.getUint32(16, true)]).toEqual([48, 0, 20, 0]);
    const nullDacl = encodeSecurityDescriptor({ ...HKLM_KEY_SD, dacl: null, nullDacl: true });
    expect(new DataView(nullDacl.buffer).getUint16(2, true) & 0x4).toBe(4);
    expect(new DataView(nullDacl.buffer).getUint32(16, true)).toBe(0);
  });
});

describe('lhHash', () => {
  it('matches the hashes Windows stored in the root lh list of a real SYSTEM hive', () => {
    if (!requireOracle('corpus')) return;
    const h = new HiveBytes(new Uint8Array(readFileSync(resolve(CORPUS, 'mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709'))));
    const root = h.dv.getUint32(36, true);
    const list = h.u32(root, 28);
    expect(h.sig(list)).toBe('lh');
    const entries = h.listEntries(list, []);
    expect(entries.length).toBeGreaterThan(5);
    for (const e of entries) expect(lhHash(h.nkName(e.offset))).toBe(e.hint);
  });
  it('upcases per code unit (ß stays one unit)', () => {
    expect(lhHash('ß')).toBe(0xdf);
    expect(lhHash('aé')).toBe((0x41 * 37 + 0xc9) >>> 0);
  });
});

describe('value builders', () => {
  it('encode strings as UTF-16LE with terminators, numbers in their byte orders', () => {
    expect(toHex(sz('a', 'Hi').data)).toBe('480069000000');
    expect(expandSz('a', '%x%').type).toBe(2);
    expect(toHex(multiSz('m', ['a', '', 'b']).data)).toBe('610000000000620000000000');
    expect(toHex(multiSz('m', []).data)).toBe('0000');
    expect(toHex(dword('d', 0x01020304).data)).toBe('04030201');
    expect(toHex(dword('d', -1).data)).toBe('ffffffff');
    expect(toHex(dwordBE('d', 0x01020304).data)).toBe('01020304');
    expect(toHex(qword('q', 0x0102030405060708n).data)).toBe('0807060504030201');
    expect(toHex(qword('q', -1n).data)).toBe('ffffffffffffffff');
    expect(toHex(binary('b', [1, 2]).data)).toBe('0102');
    expect(rawValue('r', 0xffff0011, new Uint8Array(0)).type).toBe(0xffff0011);
    expect(() => dword('d', 2 ** 32)).toThrow(RangeError);
    expect(() => dword('d', 1.5)).toThrow(RangeError);
  });
});

describe('treeFromPaths', () => {
  it('creates intermediate keys, merges paths case-insensitively, replaces same-named values', () => {
    const when = new Date('2024-01-01T00:00:00Z');
    const root = treeFromPaths(
      [
        ['A\\B\\C', { values: [dword('x', 1), dword('y', 2)] }],
        ['a\\b', { lastWrite: when }],
        ['A\\b\\c', { values: [dword('X', 3)], className: 'cls' }],
        ['', { values: [sz('', 'root')] }],
      ],
      'TOP',
    );
    expect(root.name).toBe('TOP');
    expect(root.values.map((v) => v.name)).toEqual(['']);
    const a = root.subkeys[0];
    expect(a.name).toBe('A');
    expect(root.subkeys.length).toBe(1);
    const b = a.subkeys[0];
    expect([b.name, b.lastWrite, a.subkeys.length]).toEqual(['B', when, 1]);
    const c = b.subkeys[0];
    expect(c.values.map((v) => [v.name, toHex(v.data)])).toEqual([
      ['X', '03000000'],
      ['y', '02000000'],
    ]);
    expect(c.className).toBe('cls');
  });
});
