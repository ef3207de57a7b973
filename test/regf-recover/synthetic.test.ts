/** Deleted records staged with the hive writer: free cells (plain and coalesced), reuse, slack, remnants, caps, damage. */
import { describe, expect, it } from 'vitest';
import { dumpDeletedJsonl } from '../../src/dump/deleted.js';
import type { LoadedHive } from '../../src/evidence/types.js';
import { openHive, RegfKey } from '../../src/regf/hive.js';
import { recoverDeleted, PARTIAL_PATH_PREFIX, type RecoveryResult } from '../../src/regf/recover/index.js';
import { BASE_BLOCK_SIZE } from '../../src/regf/spec.js';
import { dateToFiletime } from '../../src/regf/filetime.js';
import { binary, dword, sz, treeFromPaths, writeHiveLayout } from '../../src/regf-writer/index.js';
import { encodeName } from '../../src/regf-writer/name-encoding.js';
import { encodeNk } from '../../src/regf-writer/nk.js';
import { encodeVk } from '../../src/regf-writer/vk.js';
import { treeKey } from '../../src/view/tree-view.js';
import { dumpData, REG_DWORD, typeName } from '../../src/view/value-types.js';
import { walkKeys } from '../../src/view/walk.js';
import { patternBytes } from '../regf-writer/sample-tree.js';
import { cells, coalesceFree, rng, setI32, setU32, u32 } from './hive-edit.js';

const RCM = 'ControlSet001\\Control\\Terminal Server\\RCM';
const TIMEBOMB = 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588';
const T1 = new Date('2023-06-01T10:00:00Z');
const T2 = new Date('2023-06-02T11:00:00Z');
const timebombData = patternBytes(16, 7);
const bigData = patternBytes(40_000, 11);

const live = treeFromPaths({
  [RCM]: { values: [dword('Enabled', 1)], lastWrite: T1 },
  [`${RCM}\\Licensing Core`]: { values: [dword('LicensingMode', 4)], lastWrite: T1 },
  'Software\\Live': { values: [binary('blob', patternBytes(160, 3))], lastWrite: T1 },
});
const layout = writeHiveLayout(live, {
  deleted: [
    {
      parent: RCM,
      keys: [
        treeKey('GracePeriod', [binary(TIMEBOMB, timebombData), sz('note', 'old'), binary('big', bigData)], [treeKey('Child', [dword('d', 7)], [], { lastWrite: T2 })], {
          lastWrite: T1,
        }),
      ],
      values: [dword('loose', 5)],
    },
  ],
});

const GRACE = `${RCM}\\GracePeriod`;
const graceOffset = layout.deletedKeyOffsets[0].offset + BASE_BLOCK_SIZE;
const looseOffset = layout.deletedValueOffsets[0].offset + BASE_BLOCK_SIZE;

function recover(bytes: Uint8Array, options = {}): RecoveryResult {
  return recoverDeleted(openHive(bytes), options);
}

/** File offsets of every live nk and vk cell. */
function liveOffsets(bytes: Uint8Array): Set<number> {
  const hive = openHive(bytes);
  const out = new Set<number>();
  walkKeys(hive.root, (k) => {
    out.add((k as RegfKey).offset);
    for (const v of k.values()) out.add(v.offset!);
  });
  return out;
}

function summary(r: RecoveryResult) {
  return {
    keys: r.keys.map((k) => [k.path, k.offset, k.lastWrite?.toISOString(), k.pathComplete, k.values.map((v) => v.name).sort()]),
    values: r.values.map((v) => [v.keyPath, v.name, v.type, v.dataReliable, v.data.length]),
  };
}

describe('deleted records in free cells', () => {
  const r = recover(layout.bytes);

  it('finds the deleted key subtree with full paths, times and offsets', () => {
    expect(r.keys.map((k) => [k.path, k.name, k.lastWrite?.toISOString(), k.pathComplete, k.source])).toEqual([
      [GRACE, 'GracePeriod', T1.toISOString(), true, 'free'],
      [`${GRACE}\\Child`, 'Child', T2.toISOString(), true, 'free'],
    ]);
    expect(r.keys[0].offset).toBe(graceOffset);
    expect(r.keys[0].parentOffset).toBe(layout.keyOffsets.get(RCM)! + BASE_BLOCK_SIZE);
    expect(r.keys[1].parentOffset).toBe(graceOffset);
    expect(r.anomalies).toEqual([]);
  });

  it('re-attaches values through the value lists, with their data', () => {
    const grace = r.keys[0];
    const byName = new Map(grace.values.map((v) => [v.name, v]));
    expect([...byName.keys()].sort()).toEqual(['big', 'note', TIMEBOMB].sort());
    expect(byName.get(TIMEBOMB)!.data).toEqual(timebombData);
    expect(byName.get('big')!.data).toEqual(bigData);
    expect(dumpData(byName.get('note')!.type, byName.get('note')!.data)).toBe('old');
    for (const v of grace.values) expect([v.keyPath, v.keyOffset, v.dataReliable]).toEqual([GRACE, graceOffset, true]);
    expect(r.keys[1].values.map((v) => [v.name, v.keyPath, [...v.data]])).toEqual([['d', `${GRACE}\\Child`, [7, 0, 0, 0]]]);
  });

  it('keeps loose values unattached; every value is listed once, in offset order', () => {
    const loose = r.values.filter((v) => v.keyOffset === null);
    expect(loose.map((v) => [v.name, v.keyPath, v.offset, [...v.data]])).toEqual([['loose', '', looseOffset, [5, 0, 0, 0]]]);
    expect(r.values).toHaveLength(5);
    const offsets = r.values.map((v) => v.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(offsets).size).toBe(5);
  });

  it('fits LoadedHive.recovered as it is', () => {
    const recovered: LoadedHive['recovered'] = r; // a type error here breaks the typecheck
    expect(recovered!.keys[0].path).toBe(GRACE);
  });

  it('reports nothing live', () => {
    const liveSet = liveOffsets(layout.bytes);
    expect(liveSet.size).toBeGreaterThan(8);
    for (const rec of [...r.keys, ...r.values]) expect(liveSet.has(rec.offset)).toBe(false);
  });

  it('leaves the hive and its anomaly list untouched', () => {
    const hive = openHive(layout.bytes);
    const before = hive.anomalies.length;
    const copy = layout.bytes.slice();
    recoverDeleted(hive);
    expect(hive.anomalies.length).toBe(before);
    expect(layout.bytes).toEqual(copy);
  });

  it('finds the same records inside coalesced free cells', () => {
    const bytes = layout.bytes.slice();
    expect(coalesceFree(bytes)).toBeGreaterThan(0);
    const merged = recover(bytes);
    expect(summary(merged)).toEqual(summary(r));
    // At least one record now sits inside a free cell rather than at its start.
    const starts = new Set(cells(bytes).map((c) => c.at));
    expect([...merged.keys, ...merged.values].some((rec) => !starts.has(rec.offset))).toBe(true);
  });
});

describe('unreliable data, broken parents, slack and remnants', () => {
  it('marks data whose cell was reused by a live value as unreliable', () => {
    const bytes = layout.bytes.slice();
    const hive = openHive(bytes);
    const blob = hive.key('Software\\Live')!.value('blob')!;
    const note = recover(bytes).values.find((v) => v.name === 'note')!;
    const noteData = u32(bytes, note.offset + 4 + 8);
    // The live blob now points at the deleted note's data cell, which is allocated again.
    setU32(bytes, blob.offset! + 4 + 8, noteData);
    setI32(bytes, BASE_BLOCK_SIZE + noteData, -Math.abs(new DataView(bytes.buffer).getInt32(BASE_BLOCK_SIZE + noteData, true)));
    const after = recover(bytes);
    expect(after.values.map((v) => [v.name, v.dataReliable]).sort()).toEqual(
      [['big', true], ['d', true], ['loose', true], ['note', false], [TIMEBOMB, true]].sort(),
    );
  });

  it('gives partial paths when the parent chain breaks', () => {
    const bytes = layout.bytes.slice();
    setU32(bytes, graceOffset + 4 + 16, 0x7fff_fff0); // parent pointer past every bin
    const after = recover(bytes);
    expect(after.keys.map((k) => [k.path, k.pathComplete, k.parentOffset])).toEqual([
      [`${PARTIAL_PATH_PREFIX}GracePeriod`, false, 0x7fff_fff0 + BASE_BLOCK_SIZE],
      [`${PARTIAL_PATH_PREFIX}GracePeriod\\Child`, false, graceOffset],
    ]);
    expect(after.keys[0].values.map((v) => v.keyPath)).toEqual([`${PARTIAL_PATH_PREFIX}GracePeriod`, `${PARTIAL_PATH_PREFIX}GracePeriod`, `${PARTIAL_PATH_PREFIX}GracePeriod`]);
  });

  it('finds records in the slack of a live value data cell', () => {
    const bytes = layout.bytes.slice();
    const hive = openHive(bytes);
    const liveKey = hive.key('Software\\Live') as RegfKey;
    const blob = liveKey.value('blob')!;
    const dataCell = BASE_BLOCK_SIZE + u32(bytes, blob.offset! + 4 + 8);
    const vk = encodeVk({ name: encodeName('SlackValue'), type: REG_DWORD, dataLength: 4, dataOffset: 0, inline: new Uint8Array([9, 0, 0, 0]) });
    const nk = encodeNk({
      flags: 0x20,
      lastWrite: dateToFiletime(T2),
      parent: liveKey.cellOffset,
      subkeyCount: 0,
      subkeyList: 0xffffffff,
      valueCount: 0,
      valueList: 0xffffffff,
      security: 0xffffffff,
      classOffset: 0xffffffff,
      classLength: 0,
      maxSubkeyName: 0,
      maxSubkeyClass: 0,
      maxValueName: 0,
      maxValueData: 0,
      name: encodeName('SlackKey'),
    });
    // 160 bytes of data: 10 in use, a vk at 10 (an unaligned spot), an nk after it; the live value shrinks to 10.
    expect(10 + vk.length + nk.length).toBeLessThanOrEqual(160);
    bytes.set(vk, dataCell + 4 + 10);
    bytes.set(nk, dataCell + 4 + 10 + vk.length);
    setU32(bytes, blob.offset! + 4 + 4, 10);
    const after = recover(bytes);
    const slackKeys = after.keys.filter((k) => k.source === 'slack');
    const slackValues = after.values.filter((v) => v.source === 'slack');
    expect(slackKeys.map((k) => [k.path, k.offset, k.pathComplete])).toEqual([['Software\\Live\\SlackKey', dataCell + 4 + 10 + vk.length - 4, true]]);
    expect(slackValues.map((v) => [v.name, v.keyPath, [...v.data], v.offset])).toEqual([['SlackValue', '', [9, 0, 0, 0], dataCell + 4 + 10 - 4]]);
    // Without the shrink the same bytes are live data, not slack.
    setU32(bytes, blob.offset! + 4 + 4, 160);
    expect(recover(bytes).keys.filter((k) => k.source === 'slack')).toEqual([]);
  });

  it('keeps a record whose name runs into a reallocated cell, with the part of the name still there', () => {
    const bytes = layout.bytes.slice();
    const tb = recover(bytes).values.find((v) => v.name === TIMEBOMB)!;
    const cellSize = new DataView(bytes.buffer).getInt32(tb.offset, true);
    // The freed vk cell is split: its first 40 bytes stay free, the rest is allocated again.
    setI32(bytes, tb.offset, 40);
    setI32(bytes, tb.offset + 40, -(cellSize - 40));
    const after = recover(bytes);
    const cut = after.values.find((v) => v.offset === tb.offset)!;
    expect([cut.name, cut.nameTruncated, cut.keyPath, cut.dataReliable]).toEqual([TIMEBOMB.slice(0, 16), true, GRACE, true]);
    expect(cut.data).toEqual(timebombData);
    const out: Uint8Array[] = [];
    dumpDeletedJsonl(after, (c) => out.push(c));
    expect(Buffer.concat(out).toString('utf8')).toContain(`"name":"${TIMEBOMB.slice(0, 16)}","valueType":"REG_BINARY","data":`);
    expect(Buffer.concat(out).toString('utf8').match(/"nameTruncated":true/g)).toHaveLength(1);
  });

  it('carves allocated cells nothing references only when asked to', () => {
    const bytes = layout.bytes.slice();
    const loose = new DataView(bytes.buffer).getInt32(looseOffset, true);
    setI32(bytes, looseOffset, -loose); // allocated again, but no live key lists it
    expect(recover(bytes).values.some((v) => v.name === 'loose')).toBe(false);
    const opted = recover(bytes, { unreferencedCells: true }).values.filter((v) => v.name === 'loose');
    expect(opted.map((v) => [v.offset, v.source, [...v.data]])).toEqual([[looseOffset, 'unreferenced', [5, 0, 0, 0]]]);
  });

  it('finds records in remnant data past the last bin', () => {
    const extra = new Uint8Array(4096);
    const vk = encodeVk({ name: encodeName(''), type: REG_DWORD, dataLength: 4, dataOffset: 0, inline: new Uint8Array([1, 0, 0, 0]) });
    extra.set(vk, 102);
    const bytes = new Uint8Array(layout.bytes.length + extra.length);
    bytes.set(layout.bytes);
    bytes.set(extra, layout.bytes.length);
    const remnant = recover(bytes).values.filter((v) => v.source === 'remnant');
    expect(remnant.map((v) => [v.name, typeName(v.type), [...v.data], v.offset])).toEqual([['', 'REG_DWORD', [1, 0, 0, 0], layout.bytes.length + 102 - 4]]);
  });

  it('finds records in a bin whose header is damaged (skipped by the bin index)', () => {
    // Deleted values of 6000 bytes each: every data cell opens a bin, the next vk lands behind it.
    const values = [1, 2, 3, 4].map((i) => binary(`gone${i}`, patternBytes(6000, i)));
    const bytes = writeHiveLayout(live, { deleted: [{ parent: RCM, values }] }).bytes;
    // A bin that holds no live record: its records are all deleted ones.
    const liveSet = liveOffsets(bytes);
    const binStarts: number[] = [];
    for (let at = BASE_BLOCK_SIZE; at < bytes.length; at += u32(bytes, at + 8)) binStarts.push(at);
    const binOf = (off: number) => binStarts.filter((b) => b <= off).pop()!;
    const before = recover(bytes);
    const candidates = binStarts.filter((b) => b > BASE_BLOCK_SIZE && ![...liveSet].some((o) => binOf(o) === b) && before.values.some((v) => binOf(v.offset) === b));
    // Not the last bin: its space must become a gap between bins, not data past the end.
    const bin = candidates.find((b) => b !== binStarts[binStarts.length - 1])!;
    expect(bin).toBeDefined();
    const inBin = (off: number) => binOf(off) === bin;
    setU32(bytes, bin, 0); // no 'hbin' signature
    const after = recover(bytes);
    const moved = after.values.filter((v) => inBin(v.offset));
    expect(moved.map((v) => [v.name, v.source])).toEqual(before.values.filter((v) => inBin(v.offset)).map((v) => [v.name, 'remnant']));
  });

  it('never reports a live record that sits in a free cell, and says so', () => {
    const bytes = layout.bytes.slice();
    const blob = openHive(bytes).key('Software\\Live')!.value('blob')!;
    setI32(bytes, blob.offset!, Math.abs(new DataView(bytes.buffer).getInt32(blob.offset!, true)));
    const after = recover(bytes);
    expect(after.values.some((v) => v.name === 'blob')).toBe(false);
    expect(after.anomalies.map((a) => [a.code, a.offset])).toEqual([['recovery-live-record', blob.offset]]);
  });

  it('ignores implausible records: bad times, names, counts and data pointers', () => {
    const bytes = layout.bytes.slice();
    const child = recover(bytes).keys[1].offset;
    setU32(bytes, child + 4 + 4, 0); // FILETIME 0
    setU32(bytes, child + 4 + 8, 0);
    setU32(bytes, looseOffset + 4 + 4, 0x7fff_ffff); // 2 GiB non-inline data
    const after = recover(bytes);
    expect(after.keys.map((k) => k.name)).toEqual(['GracePeriod']);
    expect(after.values.some((v) => v.name === 'loose')).toBe(false);
    // The child's value loses its key and stays unattached.
    expect(after.values.find((v) => v.name === 'd')!.keyPath).toBe('');
  });
});

describe('bounds', () => {
  it('stops at the record cap and records it', () => {
    const r = recover(layout.bytes, { maxRecords: 2 });
    expect(r.keys.length + r.values.length).toBe(2);
    expect(r.anomalies.map((a) => a.code)).toEqual(['recovery-limit']);
  });

  it('stops at the scan budget and records it', () => {
    const r = recover(layout.bytes, { maxScanBytes: 64 });
    expect(r.keys.length + r.values.length).toBe(0);
    expect(r.anomalies.map((a) => a.code)).toEqual(['recovery-limit']);
  });

  it('skips big data over the data budget', () => {
    const r = recover(layout.bytes, { maxDataBytes: 1000 });
    const big = r.values.find((v) => v.name === 'big')!;
    expect([big.data.length, big.dataReliable]).toEqual([0, false]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['recovery-limit']);
  });

  it('never throws on damaged hives (seeded random overwrites)', () => {
    const next = rng(0x5eed);
    for (let round = 0; round < 150; round++) {
      const bytes = layout.bytes.slice();
      for (let i = 0; i < 40; i++) {
        const at = BASE_BLOCK_SIZE + (next() % (bytes.length - BASE_BLOCK_SIZE - 4));
        setU32(bytes, at & ~3, next());
      }
      const r = recover(bytes);
      for (const rec of [...r.keys, ...r.values]) {
        expect(rec.offset).toBeGreaterThanOrEqual(BASE_BLOCK_SIZE);
        expect(rec.offset).toBeLessThan(bytes.length);
      }
    }
  });
});

describe('dumpDeletedJsonl', () => {
  const r = recover(layout.bytes);
  const chunks: Uint8Array[] = [];
  dumpDeletedJsonl(r, (c) => chunks.push(c));
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));

  it('prints each key, then its values, then the unattached values, all marked deleted with offsets', () => {
    expect(lines.map((l) => [l.type, l.path, l.name])).toEqual([
      ['key', GRACE, undefined],
      ...r.keys[0].values.map((v) => ['value', GRACE, v.name]),
      ['key', `${GRACE}\\Child`, undefined],
      ['value', `${GRACE}\\Child`, 'd'],
      ['value', null, 'loose'],
    ]);
    for (const l of lines) expect([l.deleted, typeof l.offset]).toEqual([true, 'number']);
    expect(lines[0]).toEqual({ type: 'key', path: GRACE, lastWrite: T1.toISOString(), deleted: true, offset: graceOffset });
  });

  it('encodes data as the live dump does', () => {
    for (const l of lines.filter((x) => x.type === 'value')) {
      const v = r.values.find((x) => x.offset === l.offset)!;
      expect([l.valueType, l.data]).toEqual([typeName(v.type), dumpData(v.type, v.data)]);
    }
  });

  it('flags partial paths and unreliable data', () => {
    const bytes = layout.bytes.slice();
    setU32(bytes, graceOffset + 4 + 16, 0x7fff_fff0);
    const out: Uint8Array[] = [];
    const res = recover(bytes);
    (res.values.find((v) => v.name === 'note') as { dataReliable: boolean }).dataReliable = false;
    dumpDeletedJsonl(res, (c) => out.push(c));
    const ls = Buffer.concat(out).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(ls[0].pathComplete).toBe(false);
    expect(ls.find((l) => l.name === 'note').dataReliable).toBe(false);
    expect(ls.filter((l) => 'dataReliable' in l)).toHaveLength(1);
  });
});
