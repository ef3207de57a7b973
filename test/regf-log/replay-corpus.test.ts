/**
 * Replay of the corpus' dirty hives, checked through hivex (an independent reader) against the state Windows
 * itself recovered (yarp RecoveredHive_*), plus the damaged-log cases. Figures are asserted exactly.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBaseBlock } from '../../src/regf/base-block.js';
import { replayLogs, type ReplayResult } from '../../src/regf/log/replay.js';
import { CORPUS, hivexDump, requireOracle } from '../helpers/oracles.js';

const haveCorpus = requireOracle('corpus');
const haveHivex = haveCorpus && requireOracle('pythonHivex');
const tmp = mkdtempSync(join(tmpdir(), 'rdslic-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (p: string) => new Uint8Array(readFileSync(resolve(CORPUS, p)));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Replays `hive` with the named sibling logs (missing files are left out) and checks the input is untouched. */
function replayCorpus(hive: string, logs: string[]): ReplayResult {
  const primary = read(hive);
  const inputs = logs.filter((l) => existsSync(resolve(CORPUS, l))).map((l) => ({ name: l.split('/').pop() as string, bytes: read(l) }));
  const before = [primary, ...inputs.map((i) => i.bytes)].map(sha);
  const r = replayLogs(primary, inputs);
  expect([primary, ...inputs.map((i) => i.bytes)].map(sha)).toEqual(before);
  return r;
}

/** hivex's dump as a sorted line set (hivex-dump.py emits one JSON record per key and value). */
function dumpOf(bytes: Uint8Array, label: string): string[] {
  const p = join(tmp, label.replace(/[^\w.-]/g, '_'));
  writeFileSync(p, bytes);
  return hivexDump(p).trim().split('\n').sort();
}

function summary(r: ReplayResult) {
  return r.applied.map((a) => [a.name, a.format, a.entries, a.sequenceBefore, a.sequenceAfter]);
}

function expectClean(bytes: Uint8Array): void {
  const bb = parseBaseBlock(bytes);
  expect(bb.checksumValid).toBe(true);
  expect(bb.sequenceMismatch).toBe(false);
  expect(bb.fileType).toBe(0);
}

const YARP = 'msuhanov_yarp/hives_for_tests';
const REGIPY = 'mkorman90_regipy/regipy_tests/data';
const MUSEUM = 'AndrewRathbun_DFIRArtifactMuseum/Windows/Amcache';

describe.skipIf(!haveCorpus)('replayLogs on corpus hives', () => {
  it.skipIf(!haveHivex)('NewDirtyHive1 + LOG1/LOG2 equals the hive Windows 10 recovered', () => {
    const d = `${YARP}/NewDirtyHive1`;
    const r = replayCorpus(`${d}/NewDirtyHive`, [`${d}/NewDirtyHive.LOG1`, `${d}/NewDirtyHive.LOG2`]);
    expect(r.anomalies).toEqual([]);
    expect(summary(r)).toEqual([
      ['NewDirtyHive.LOG1', 'HvLE', 1, 2, 2],
      ['NewDirtyHive.LOG2', 'HvLE', 3, 2, 5],
    ]);
    expect(r.sequenceBefore).toEqual({ primary: 3, secondary: 2 });
    expect(r.sequenceAfter).toEqual({ primary: 5, secondary: 5 });
    expectClean(r.bytes);
    const mine = dumpOf(r.bytes, 'NewDirtyHive.replayed');
    expect(mine).toEqual(dumpOf(read(`${d}/RecoveredHive_Windows10`), 'RecoveredHive_Windows10'));
    expect(mine.some((l) => l.includes('"Key3\\\\Key3_3"'))).toBe(true);
    // And the stale primary really differs: this is what reglookup/hivex show without replay.
    expect(dumpOf(read(`${d}/NewDirtyHive`), 'NewDirtyHive.stale')).not.toEqual(mine);
  });

  it('applies the logs by sequence number whatever their names or order', () => {
    const d = `${YARP}/NewDirtyHive1`;
    const primary = read(`${d}/NewDirtyHive`);
    const log1 = read(`${d}/NewDirtyHive.LOG1`);
    const log2 = read(`${d}/NewDirtyHive.LOG2`);
    const straight = replayLogs(primary, [{ name: 'A.LOG1', bytes: log1 }, { name: 'A.LOG2', bytes: log2 }]);
    const swapped = replayLogs(primary, [{ name: 'A.LOG1', bytes: log2 }, { name: 'A.LOG2', bytes: log1 }]);
    expect(sha(swapped.bytes)).toBe(sha(straight.bytes));
    expect(swapped.applied.map((a) => [a.name, a.entries])).toEqual([['A.LOG2', 1], ['A.LOG1', 3]]);
  });

  it.skipIf(!haveHivex)('OldDirtyHive + DIRT log equals the hive Windows 7 recovered', () => {
    const d = `${YARP}/OldDirtyHive`;
    const r = replayCorpus(`${d}/OldDirtyHive`, [`${d}/OldDirtyHive.LOG1`, `${d}/OldDirtyHive.LOG2`]);
    expect(r.anomalies).toEqual([]);
    expect(summary(r)).toEqual([['OldDirtyHive.LOG1', 'DIRT', 64, 4, 5]]);
    expect(r.skipped).toEqual([{ name: 'OldDirtyHive.LOG2', reason: 'empty file' }]);
    expect(r.sequenceAfter).toEqual({ primary: 5, secondary: 5 });
    expectClean(r.bytes);
    expect(dumpOf(r.bytes, 'OldDirtyHive.replayed')).toEqual(dumpOf(read(`${d}/RecoveredHive_Windows7`), 'RecoveredHive_Windows7'));
  });

  /**
   * SHA-256 of the hive yarp 1.0.33 recovers from the same files (recover_auto + save_recovered_hive), as
   * published in another project's test suite: byte-for-byte agreement with an independent implementation.
   */
  const YARP_SHA: Record<string, string> = {
    'regipy SYSTEM_B': '734095bf043ea72300feb8bc380a585d8a9c925cdd5ffc190ca5ff6bc5a7c231',
    'regipy UsrClass.dat': '0c52ea278e8c524fd13c146b060f7801af7791a1cad5b04ae9e6e06617de0e3e',
    'regipy transactions_NTUSER.DAT': '0a7a7b2d1eb24ab63455f5a83e554601d88fe558d0ba1c1068a7e1102c79a092',
  };
  const realSets: [string, string, string[], (string | number)[][], { primary: number; secondary: number }][] = [
    ['regipy SYSTEM_B', `${REGIPY}/SYSTEM_B`, [`${REGIPY}/SYSTEM_B.LOG1`, `${REGIPY}/SYSTEM_B.LOG2`],
      [['SYSTEM_B.LOG1', 'HvLE', 4, 1621, 2110], ['SYSTEM_B.LOG2', 'HvLE', 20, 2110, 2130]], { primary: 1622, secondary: 1621 }],
    ['regipy UsrClass.dat', `${REGIPY}/UsrClass.dat`, [`${REGIPY}/UsrClass.dat.LOG1`, `${REGIPY}/UsrClass.dat.LOG2`],
      [['UsrClass.dat.LOG1', 'HvLE', 4, 255, 290], ['UsrClass.dat.LOG2', 'HvLE', 10, 290, 300]], { primary: 256, secondary: 255 }],
    ['regipy transactions_NTUSER.DAT', `${REGIPY}/transactions_NTUSER.DAT`, [`${REGIPY}/transactions_ntuser.dat.log1`, `${REGIPY}/transactions_ntuser.dat.log2`],
      [['transactions_ntuser.dat.log1', 'HvLE', 23, 566, 588]], { primary: 567, secondary: 566 }],
    ['Amcache APTSimulatorVM', `${MUSEUM}/Win10/APTSimulatorVM/Amcache.hve`, [`${MUSEUM}/Win10/APTSimulatorVM/Amcache.hve.LOG1`, `${MUSEUM}/Win10/APTSimulatorVM/Amcache.hve.LOG2`],
      [['Amcache.hve.LOG1', 'HvLE', 2, 23, 37], ['Amcache.hve.LOG2', 'HvLE', 2, 37, 39]], { primary: 24, secondary: 23 }],
    ['Amcache RathbunVM', `${MUSEUM}/Win10/RathbunVM/Amcache.hve`, [`${MUSEUM}/Win10/RathbunVM/Amcache.hve.LOG1`, `${MUSEUM}/Win10/RathbunVM/Amcache.hve.LOG2`],
      [['Amcache.hve.LOG1', 'HvLE', 5, 67, 80], ['Amcache.hve.LOG2', 'HvLE', 1, 80, 81]], { primary: 68, secondary: 67 }],
  ];
  it.skipIf(!haveHivex).each(realSets)('%s replays without anomalies and opens in hivex', (label, hive, logs, applied, before) => {
    const r = replayCorpus(hive, logs);
    if (YARP_SHA[label]) expect(sha(r.bytes)).toBe(YARP_SHA[label]);
    expect(r.anomalies).toEqual([]);
    expect(summary(r)).toEqual(applied);
    expect(r.sequenceBefore).toEqual(before);
    const last = applied.at(-1)?.[4] as number;
    expect(r.sequenceAfter).toEqual({ primary: last, secondary: last });
    expectClean(r.bytes);
    const lines = dumpOf(r.bytes, `${hive}.replayed`);
    expect(lines.length).toBeGreaterThan(100);
  });

  it.skipIf(!haveHivex)('grows a primary cut at its hive-bins size to the logs\' size (transactions_NTUSER)', () => {
    const full = read(`${REGIPY}/transactions_NTUSER.DAT`);
    const cut = full.slice(0, 4096 + parseBaseBlock(full).hiveBinsDataSize);
    const logs = ['transactions_ntuser.dat.log1', 'transactions_ntuser.dat.log2'].map((n) => ({ name: n, bytes: read(`${REGIPY}/${n}`) }));
    const grown = replayLogs(cut, logs);
    expect([cut.length, grown.bytes.length, parseBaseBlock(grown.bytes).hiveBinsDataSize]).toEqual([782336, 929792, 925696]);
    expect(grown.anomalies).toEqual([]);
    expect(dumpOf(grown.bytes, 'ntuser.grown')).toEqual(dumpOf(replayLogs(full, logs).bytes, 'ntuser.full'));
  });

  it('a clean hive ignores its logs (Amcache StolenSzechuan)', () => {
    const d = `${MUSEUM}/Win2012R2/StolenSzechuan`;
    const primary = read(`${d}/Amcache.hve`);
    const r = replayLogs(primary, [{ name: 'Amcache.hve.LOG1', bytes: read(`${d}/Amcache.hve.LOG1`) }]);
    expect(r.dirty).toBe(false);
    expect(r.bytes).toBe(primary);
    expect(r.applied).toEqual([]);
    expect(r.skipped).toEqual([{ name: 'Amcache.hve.LOG1', reason: 'hive is clean: logs are ignored' }]);
  });
});

describe.skipIf(!haveCorpus)('replayLogs on damaged inputs', () => {
  it.skipIf(!haveHivex)('BadBaseBlockHive: base block rebuilt from the DIRT log', () => {
    const d = `${YARP}/BadBaseBlockHive`;
    const r = replayCorpus(`${d}/BadBaseBlockHive`, [`${d}/BadBaseBlockHive.LOG1`, `${d}/BadBaseBlockHive.LOG2`]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['primary-base-block-checksum']);
    expect(summary(r)).toEqual([['BadBaseBlockHive.LOG1', 'DIRT', 64, 4, 5]]);
    expectClean(r.bytes);
    expect(parseBaseBlock(r.bytes).minorVersion).toBe(3); // the primary's base block said 1.1
    // Same pages, same log: the result equals the replayed OldDirtyHive.
    const old = `${YARP}/OldDirtyHive`;
    const ref = replayLogs(read(`${old}/OldDirtyHive`), [{ name: 'OldDirtyHive.LOG1', bytes: read(`${old}/OldDirtyHive.LOG1`) }]);
    expect(dumpOf(r.bytes, 'BadBaseBlockHive.replayed')).toEqual(dumpOf(ref.bytes, 'OldDirtyHive.replayed2'));
  });

  it.each([
    ['BadLogHive1', 'log-base-block-checksum'],
    ['BadLogHive2', 'dirt-signature'],
  ])('%s: the old-format log is rejected and the primary returned as is', (dir, code) => {
    const d = `${YARP}/${dir}`;
    const primary = read(`${d}/BadLogHive`);
    const r = replayCorpus(`${d}/BadLogHive`, [`${d}/BadLogHive.LOG1`, `${d}/BadLogHive.LOG2`]);
    expect(sha(r.bytes)).toBe(sha(primary));
    expect(r.applied).toEqual([]);
    expect(r.anomalies.map((a) => a.code)).toEqual([code, 'dirty-hive-not-replayed']);
    expect(r.anomalies[0]).toMatchObject({ structure: code.startsWith('dirt') ? 'DIRT' : 'base-block', offset: code.startsWith('dirt') ? 512 : 508 });
    expect(r.sequenceAfter).toEqual({ primary: 5, secondary: 4 });
  });

  it.skipIf(!haveHivex)('BadLogHive3: both new-format logs rejected; the stale primary still opens', () => {
    const d = `${YARP}/BadLogHive3`;
    const r = replayCorpus(`${d}/BadLogHive`, [`${d}/BadLogHive.LOG1`, `${d}/BadLogHive.LOG2`]);
    expect(r.applied).toEqual([]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['log-base-block-checksum', 'log-base-block-checksum', 'dirty-hive-not-replayed']);
    expect(dumpOf(r.bytes, 'BadLogHive3').length).toBeGreaterThan(2);
  });

  it('TruncatedDirtyHive without logs: flagged, returned unchanged', () => {
    const primary = read(`${YARP}/TruncatedDirtyHive`);
    const r = replayLogs(primary, []);
    expect(r.dirty).toBe(true);
    expect(r.bytes).toBe(primary);
    expect(r.anomalies.map((a) => a.code)).toEqual(['dirty-hive-not-replayed']);
  });

  it('TruncatedDirtyHive with another hive\'s logs: foreign logs skipped', () => {
    const primary = read(`${YARP}/TruncatedDirtyHive`);
    const d = `${YARP}/OldDirtyHive`;
    const n = `${YARP}/NewDirtyHive1`;
    const r = replayLogs(primary, [
      { name: 'x.LOG', bytes: read(`${d}/OldDirtyHive.LOG1`) },
      { name: 'x.LOG1', bytes: read(`${n}/NewDirtyHive.LOG1`) },
    ]);
    expect(r.bytes).toBe(primary);
    expect(r.skipped.map((s) => s.name)).toEqual(['x.LOG', 'x.LOG1']);
    expect(r.skipped.every((s) => s.reason.startsWith('foreign log'))).toBe(true);
    expect(r.anomalies.map((a) => a.code)).toEqual(['log-foreign', 'log-foreign', 'dirty-hive-not-replayed']);
  });
});
