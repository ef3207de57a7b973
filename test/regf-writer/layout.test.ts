/** The writer's own layout promises: bins, cells, key fields, lists, sk sharing, big data, base block, deleted records. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseBaseBlock } from '../../src/regf/base-block.js';
import { dateToFiletime } from '../../src/regf/filetime.js';
import {
  dword,
  GRACE_PERIOD_TAKEN_OWNERSHIP_SD,
  NETWORK_SERVICE_KEY_SD,
  sz,
  binary,
  treeFromPaths,
  writeHive,
  writeHiveLayout,
} from '../../src/regf-writer/index.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import { requireOracle } from '../helpers/oracles.js';
import { checkKeys, HiveBytes } from './hive-structure.js';
import { countTree, expectedDump, oracleDump, reglookupRows, removeTemp, run, writeTemp } from './oracle-run.js';
import { MANY_SUBKEYS, patternBytes, sampleTree } from './sample-tree.js';

afterAll(removeTemp);

const sample = sampleTree();
const bytes = writeHive(sample);
const hive = new HiveBytes(bytes);

function xor32(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset, 508);
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= dv.getUint32(i, true);
  return x >>> 0;
}

describe('bins and cells', () => {
  const bins = hive.bins();
  it('bins are 4096-multiples at their stated offsets and add up to the header size', () => {
    let at = 0;
    for (const b of bins) {
      expect(b.offset).toBe(at);
      expect(b.size % 4096).toBe(0);
      at += b.size;
    }
    expect(at).toBe(parseBaseBlock(bytes).hiveBinsDataSize);
    expect(bytes.length).toBe(4096 + at);
    expect(bins.some((b) => b.size > 4096)).toBe(true);
  });
  it('cells are 8-byte aligned, allocated ones negative, and only the tail of a bin is free', () => {
    for (const b of bins) {
      b.cells.forEach((c, i) => {
        expect(c.size % 8).toBe(0);
        if (!c.allocated) expect(i).toBe(b.cells.length - 1);
      });
    }
  });
});

describe('keys and subkey lists', () => {
  const check = checkKeys(hive);
  it('every nk names its parent, counts its subkeys, sorts them by upcased name and records the longest name', () => {
    expect(check.problems).toEqual([]);
    expect(check.keys).toBe(countTree(sample).keys);
  });
  it('flags the root KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME', () => {
    expect(hive.u16(hive.dv.getUint32(36, true), 2)).toBe(0x2c);
  });
  it('sets KEY_SYM_LINK / KEY_COMP_NAME per key and VALUE_COMP_NAME per value; class names are UTF-16', () => {
    const layout = writeHiveLayout(sample);
    expect(layout.bytes).toEqual(bytes);
    const h = new HiveBytes(layout.bytes);
    const key = (p: string) => layout.keyOffsets.get(p) as number;
    expect(h.u16(key('ControlSet001\\Control\\Terminal Server\\Symlink'), 2)).toBe(0x30);
    expect(h.u16(key('Names\\Ünïcödé Latin-1 ÿ'), 2)).toBe(0x20);
    const cyr = key('Names\\Кириллица');
    expect(h.u16(cyr, 2)).toBe(0);
    expect(h.nkName(cyr)).toBe('Кириллица');
    expect(new TextDecoder('utf-16le').decode(h.payload(h.u32(cyr, 48), 0, h.u16(cyr, 74)))).toBe('класс');
    const vks = [0, 1].map((i) => h.u32(h.u32(cyr, 40), 4 * i));
    expect(vks.map((vk) => h.u16(vk, 16))).toEqual([0, 0]);
    const latin = h.u32(h.u32(key('Names\\Ünïcödé Latin-1 ÿ'), 40), 0);
    expect([h.u16(latin, 16), String.fromCharCode(...h.payload(latin, 20, h.u16(latin, 2)))]).toEqual([1, 'wert-ä']);
    expect([h.u32(cyr, 60), h.u32(cyr, 64)]).toEqual([8 * 2, 2 * ('данные'.length + 1)]);
  });
  it(`splits ${MANY_SUBKEYS} subkeys into an ri of leaves of at most maxLeafSize`, () => {
    expect(check.leafSizes.filter((n) => n === 512).length).toBe(5);
    expect(check.leafSizes).toContain(MANY_SUBKEYS - 5 * 512);
    const small = checkKeys(new HiveBytes(writeHive(sample, { maxLeafSize: 7 })));
    expect(small.problems).toEqual([]);
    expect(Math.max(...small.leafSizes)).toBe(7);
    expect(small.leafSizes.filter((n) => n === 7).length).toBe(Math.floor(MANY_SUBKEYS / 7) + 1 /* Names has 8 subkeys */);
  });
  it('stores lh hashes h = h*37 + upcased unit and lf hints of the first four characters', () => {
    const root = treeFromPaths({ abc: {}, Zeta: {}, 'Ünï': {}, 'Кир': {}, x: {} });
    const rel = (b: Uint8Array) => new HiveBytes(b).dv.getUint32(36, true);
    const lh = new HiveBytes(writeHive(root));
    const lhEntries = lh.listEntries(lh.u32(rel(lh.bytes), 28), []);
    for (const e of lhEntries) {
      const name = lh.nkName(e.offset);
      let h = 0;
      for (const ch of name.toUpperCase()) h = (Math.imul(h, 37) + ch.charCodeAt(0)) >>> 0;
      expect(e.hint).toBe(h);
    }
    const lf = new HiveBytes(writeHive(root, { subkeyList: 'lf' }));
    const hints = lf.listEntries(lf.u32(rel(lf.bytes), 28), []).map((e) => [lf.nkName(e.offset), e.hint]);
    expect(hints).toEqual([
      ['abc', 0x00636261],
      ['x', 0x78],
      ['Zeta', 0x6174655a],
      ['Ünï', 0x00ef6edc],
      ['Кир', 0],
    ]);
  });
});

describe('security cells', () => {
  const check = checkKeys(hive);
  it('one sk per distinct descriptor, reference counts equal the keys using it, in one circular Flink/Blink list', () => {
    const used = [...check.skRefs.keys()];
    expect(used.length).toBe(4); // hive root, default HKLM, NETWORK SERVICE, taken-ownership
    for (const [sk, refs] of check.skRefs) {
      expect(hive.sig(sk)).toBe('sk');
      expect(hive.u32(sk, 12)).toBe(refs);
    }
    const seen: number[] = [];
    let at = used[0];
    do {
      seen.push(at);
      const next = hive.u32(at, 4);
      expect(hive.u32(next, 8)).toBe(at);
      at = next;
    } while (at !== used[0] && seen.length <= used.length);
    expect(seen.sort()).toEqual(used.sort());
  });
});

describe('value data placement', () => {
  const cells = (h: HiveBytes) => h.bins().flatMap((b) => b.cells);
  it('1.5: data over 16344 bytes goes to db records with full-size 16344-byte segments', () => {
    const dbs = cells(hive).filter((c) => c.allocated && c.signature === 'db');
    // exactly-16345, 100k, long-string, segments-exact, last-segment-4-mod-8
    expect(dbs.length).toBe(5);
    const segmentsOf100k = Math.ceil(102400 / 16344);
    expect(dbs.map((c) => hive.u16(c.offset, 2))).toContain(segmentsOf100k);
    for (const db of dbs) {
      const list = hive.u32(db.offset, 4);
      for (let i = 0; i < hive.u16(db.offset, 2); i++) expect(Math.abs(hive.cellSize(hive.u32(list, 4 * i)))).toBe(16352);
    }
  });
  it('1.3: big data stays in one cell, whatever it starts with', () => {
    const root = treeFromPaths({ K: { values: [binary('looks-like-db', Uint8Array.from([0x64, 0x62, 2, 0, ...patternBytes(30000)]))] } });
    const h = new HiveBytes(writeHive(root, { minorVersion: 3 }));
    expect(cells(h).filter((c) => c.signature === 'db' && c.allocated).length).toBe(1);
    expect(cells(h).some((c) => c.allocated && c.size === 30008)).toBe(true);
  });
});

describe('base block', () => {
  it('checksum is the XOR of the first 127 dwords', () => {
    const b = parseBaseBlock(bytes);
    expect(b.checksumValid).toBe(true);
    expect(b.storedChecksum).toBe(xor32(bytes));
    expect([b.majorVersion, b.minorVersion, b.fileType, b.fileFormat, b.clusteringFactor]).toEqual([1, 5, 0, 1, 1]);
  });
  it('writes 1 for an XOR of 0 and 0xFFFFFFFE for an XOR of 0xFFFFFFFF', () => {
    const tree = treeFromPaths({ A: { values: [dword('v', 1)] } });
    const base = xor32(writeHive(tree, { hiveName: '' }));
    // The file name's first dword is XORed in: choose its two UTF-16 units to cancel (or complement) the rest.
    const nameFor = (x: number) => String.fromCharCode(x & 0xffff, x >>> 16);
    const zero = writeHive(tree, { hiveName: nameFor(base) });
    expect(xor32(zero)).toBe(0);
    expect(new DataView(zero.buffer).getUint32(508, true)).toBe(1);
    const ones = writeHive(tree, { hiveName: nameFor(~base >>> 0) });
    expect(xor32(ones)).toBe(0xffffffff);
    expect(new DataView(ones.buffer).getUint32(508, true)).toBe(0xfffffffe);
  });
  it('dirty option: differing sequence numbers, still readable by the oracles', () => {
    const dirty = writeHive(sample, { primarySequence: 7, secondarySequence: 6 });
    const b = parseBaseBlock(dirty);
    expect([b.primarySequence, b.secondarySequence, b.sequenceMismatch, b.checksumValid]).toEqual([7, 6, true, true]);
    expect(parseBaseBlock(bytes).sequenceMismatch).toBe(false);
    if (!requireOracle('pythonHivex')) return;
    expect(oracleDump(writeTemp(dirty, 'dirty'))).toEqual(expectedDump(sample));
  });
  it('timestamps: lastWritten option, else the latest key LastWrite; copied into the first bin; name keeps its tail', () => {
    const latest = dateToFiletime(new Date('2024-03-02T11:22:33.456Z'));
    const dv = new DataView(bytes.buffer);
    expect(dv.getBigUint64(12, true)).toBe(latest);
    expect(dv.getBigUint64(4096 + 20, true)).toBe(latest);
    const when = new Date('2025-01-02T03:04:05Z');
    const named = writeHive(sample, { lastWritten: when, hiveName: '\\SystemRoot\\System32\\Config\\SYSTEM' });
    expect(parseBaseBlock(named).lastWritten).toEqual(when);
    expect(parseBaseBlock(named).fileName).toBe('\\SystemRoot\\System32\\Config\\SYSTEM'.slice(-31));
  });
});

describe('determinism', () => {
  it('the same tree gives the same bytes, and so does a structured clone of it', () => {
    expect(writeHive(sampleTree())).toEqual(bytes);
    expect(writeHive(structuredClone(sample))).toEqual(bytes);
  });
  it('a different input gives different bytes', () => {
    const other = sampleTree();
    other.values.push(dword('extra', 1));
    expect(writeHive(other)).not.toEqual(bytes);
  });
});

describe('deleted records', () => {
  const T = new Date('2024-01-05T06:07:08Z');
  const live = treeFromPaths({
    'ControlSet001\\Control\\Terminal Server\\RCM\\GracePeriod': { security: NETWORK_SERVICE_KEY_SD, lastWrite: T },
    'ControlSet001\\Control\\Terminal Server\\RCM': { lastWrite: T },
  });
  const gone: TreeKey = {
    name: 'OldGrace',
    lastWrite: new Date('2023-06-01T00:00:00Z'),
    security: GRACE_PERIOD_TAKEN_OWNERSHIP_SD,
    values: [sz('was', 'here'), binary('blob', patternBytes(200, 9))],
    subkeys: [{ name: 'Child', lastWrite: new Date('2023-06-02T00:00:00Z'), values: [dword('d', 1)], subkeys: [] }],
  };
  const options = {
    deleted: [
      { parent: 'controlset001\\CONTROL\\terminal server\\rcm', keys: [gone] },
      { parent: 'ControlSet001\\Control\\Terminal Server\\RCM\\GracePeriod', values: [binary('L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588', patternBytes(278, 6)), dword('loose', 9)] },
    ],
  };
  const layout = writeHiveLayout(live, options);
  const h = new HiveBytes(layout.bytes);

  it('writes them as free cells, leaves the live tree and its sk counts as they were', () => {
    const plain = new HiveBytes(writeHive(live));
    expect(checkKeys(h).skRefs).toEqual(new Map([...checkKeys(plain).skRefs].map(([k, v]) => [k, v])));
    expect(checkKeys(h).problems).toEqual([]);
    const rcm = layout.keyOffsets.get('ControlSet001\\Control\\Terminal Server\\RCM');
    const [old, child] = layout.deletedKeyOffsets;
    expect(old.path).toBe('controlset001\\CONTROL\\terminal server\\rcm\\OldGrace');
    expect(h.cellSize(old.offset)).toBeGreaterThan(0);
    expect(h.sig(old.offset)).toBe('nk');
    expect(h.u32(old.offset, 16)).toBe(rcm);
    expect(child).toBeUndefined(); // only top-level deleted keys are listed; the child hangs below OldGrace
    const freeSk = h.u32(old.offset, 44);
    expect([h.sig(freeSk), h.cellSize(freeSk) > 0, h.u32(freeSk, 4)]).toEqual(['sk', true, freeSk]);
    for (const v of layout.deletedValueOffsets) expect([h.sig(v.offset), h.cellSize(v.offset) > 0]).toEqual(['vk', true]);
  });

  it('hivex does not see them', () => {
    if (!requireOracle('pythonHivex')) return;
    expect(oracleDump(writeTemp(layout.bytes, 'deleted'))).toEqual(expectedDump(live));
  });

  it('reglookup-recover finds the deleted keys (with their paths) and values', () => {
    if (!requireOracle('reglookup')) return;
    const r = run('reglookup-recover', [writeTemp(layout.bytes, 'deleted')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // OFFSET,REC_LENGTH,REC_TYPE,PATH,NAME,NK_MTIME,NK_NVAL,VK_TYPE,VK_VALUE,VK_DATA_LEN,...
    const rows = reglookupRows(r.stdout).map((f) => [parseInt(f[0], 16) - 4096, f[2], f[3], f[4], f[5]]);
    const rcm = '/ROOT/ControlSet001/Control/Terminal Server/RCM';
    expect(rows.filter((f) => f[1] === 'KEY')).toEqual([
      [layout.deletedKeyOffsets[0].offset, 'KEY', rcm, 'OldGrace', '2023-06-01 00:00:00'],
      [expect.any(Number), 'KEY', `${rcm}/OldGrace`, 'Child', '2023-06-02 00:00:00'],
    ]);
    const values = rows.filter((f) => f[1] === 'VALUE').map((f) => [f[2], f[3]]);
    expect(values).toEqual(
      expect.arrayContaining([
        [`${rcm}/OldGrace`, 'was'],
        [`${rcm}/OldGrace`, 'blob'],
        [`${rcm}/OldGrace/Child`, 'd'],
        ['', 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588'],
        ['', 'loose'],
      ]),
    );
    expect(values.length).toBe(5);
  });
});

describe('caller errors', () => {
  it('rejects impossible options and unknown deleted-record parents', () => {
    const t = treeFromPaths({ A: {} });
    expect(() => writeHive(t, { maxLeafSize: 0 })).toThrow(RangeError);
    expect(() => writeHive(t, { deleted: [{ parent: 'Nope', values: [dword('x', 1)] }] })).toThrow(RangeError);
    expect(() => writeHive(t, { minorVersion: 2 as 3 })).toThrow(RangeError);
  });
});

