/**
 * The log parser on every transaction log in the corpus (every HvLE entry there must pass both Marvin32
 * hashes), and the replay plan on python-registry's log pairs, whose SYSTEM primaries are not public.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LogFile, type NewFormatLog, parseLogFile } from '../../src/regf/log/log-file.js';
import { type PrimaryState, planReplay, rawLastWritten } from '../../src/regf/log/replay-plan.js';
import { CORPUS, requireOracle } from '../helpers/oracles.js';

const haveCorpus = requireOracle('corpus');
const read = (p: string) => new Uint8Array(readFileSync(resolve(CORPUS, p)));

function parse(path: string): LogFile {
  const r = parseLogFile(path.split('/').pop() as string, read(path));
  if (!r.ok) throw new Error(`${path}: ${r.reason}`);
  return r.log;
}

// [log, entries, first sequence, last sequence, end reason]; expected chains were read off with a separate
// Python header walk (no hash check), so agreement here also means every hash verified.
const NEW_LOGS: [string, number, number, number, string][] = [
  ['msuhanov_yarp/hives_for_tests/NewDirtyHive1/NewDirtyHive.LOG1', 1, 2, 2, 'end-of-file'],
  ['msuhanov_yarp/hives_for_tests/NewDirtyHive1/NewDirtyHive.LOG2', 3, 3, 5, 'no-signature'],
  ['mkorman90_regipy/regipy_tests/data/SYSTEM_B.LOG1', 4, 2107, 2110, 'no-signature'],
  ['mkorman90_regipy/regipy_tests/data/SYSTEM_B.LOG2', 20, 2111, 2130, 'no-signature'],
  ['mkorman90_regipy/regipy_tests/data/UsrClass.dat.LOG1', 4, 287, 290, 'no-signature'],
  ['mkorman90_regipy/regipy_tests/data/UsrClass.dat.LOG2', 10, 291, 300, 'no-signature'],
  ['mkorman90_regipy/regipy_tests/data/transactions_ntuser.dat.log1', 23, 566, 588, 'end-of-file'],
  ['mkorman90_regipy/regipy_tests/data/transactions_ntuser.dat.log2', 1, 562, 562, 'end-of-file'],
  ['AndrewRathbun_DFIRArtifactMuseum/Windows/Amcache/Win10/APTSimulatorVM/Amcache.hve.LOG2', 2, 38, 39, 'stale-entry'],
  ['strozfriedberg_notatin/test_data/system.log1', 3, 4064, 4066, 'no-signature'],
  ['strozfriedberg_notatin/test_data/system.log2', 7, 4067, 4073, 'no-signature'],
  ['williballenthin_python-registry/testing/reg_samples/new_log_1/SYSTEM.LOG1', 8, 178, 185, 'end-of-file'],
  ['williballenthin_python-registry/testing/reg_samples/new_log_1/SYSTEM.LOG2', 31, 186, 216, 'end-of-file'],
  ['williballenthin_python-registry/testing/reg_samples/new_log_2/SYSTEM.LOG1', 32, 206, 237, 'end-of-file'],
  ['williballenthin_python-registry/testing/reg_samples/new_log_2/SYSTEM.LOG2', 1, 196, 196, 'end-of-file'],
  ['log2timeline_dfwinreg/test_data/NTUSER.DAT.LOG', 1, 131, 131, 'end-of-file'],
];

describe.skipIf(!haveCorpus)('parseLogFile on corpus logs', () => {
  it.each(NEW_LOGS)('%s', (path, count, first, last, reason) => {
    const log = parse(path) as NewFormatLog;
    expect(log.format).toBe('HvLE');
    expect(log.anomalies).toEqual([]);
    expect([log.entries.length, log.entries[0].sequence, log.entries.at(-1)?.sequence, log.end.reason]).toEqual([count, first, last, reason]);
    for (const e of log.entries) {
      expect(e.hiveBinsDataSize % 4096).toBe(0);
      for (const p of e.pages) expect(p.hiveOffset + p.bytes.length).toBeLessThanOrEqual(e.hiveBinsDataSize);
    }
  });

  it('reads the DIRT bitmap of OldDirtyHive.LOG1 (64 pages, 4 KiB runs)', () => {
    const log = parse('msuhanov_yarp/hives_for_tests/OldDirtyHive/OldDirtyHive.LOG1');
    if (log.format !== 'DIRT') throw new Error('expected DIRT');
    expect([log.pages.length, log.hiveBinsDataSize, log.pages[0].logOffset]).toEqual([64, 487424, 1024]);
    expect(log.pages.map((p) => p.hiveOffset / 4096).filter((_, i) => i % 8 === 0)).toEqual([0, 1, 12, 13, 106, 116, 117, 118]);
  });

  it('reports what is wrong with damaged logs', () => {
    const cases: [string, string, number][] = [
      ['msuhanov_yarp/hives_for_tests/BadLogHive1/BadLogHive.LOG1', 'log-base-block-checksum', 508],
      ['msuhanov_yarp/hives_for_tests/BadLogHive2/BadLogHive.LOG1', 'dirt-signature', 512],
      ['msuhanov_yarp/hives_for_tests/BadLogHive3/BadLogHive.LOG2', 'log-base-block-checksum', 508],
      ['msuhanov_yarp/hives_for_tests/OldDirtyHive/OldDirtyHive.LOG2', 'log-too-short', 0],
      ['log2timeline_plaso/test_data/ntuser.dat.LOG', 'dirt-truncated', 1024],
    ];
    for (const [path, code, offset] of cases) {
      const r = parseLogFile('x', read(path));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.anomalies.map((a) => [a.code, a.offset])).toEqual([[code, offset]]);
    }
  });
});

/** A primary that would own `log`: same timestamp and name, the given secondary sequence number. */
function primaryFor(log: LogFile, secondarySequence: number, baseBlockValid = true): PrimaryState {
  return { baseBlockValid, secondarySequence, lastWritten: rawLastWritten(log.baseBlockBytes), fileName: log.baseBlock.fileName, firstBinTimestamp: null };
}

const PR = 'williballenthin_python-registry/testing/reg_samples';

describe.skipIf(!haveCorpus)('planReplay on python-registry log pairs', () => {
  const steps = (plan: ReturnType<typeof planReplay>) =>
    plan.format === 'HvLE' ? plan.steps.map((s) => [s.log.name, s.entries.length, s.entries[0].sequence, s.entries.at(-1)?.sequence]) : [];

  it.each(['new_log_1', 'new_log_1_reversed'])('%s: the log holding 178.. goes first, whatever its name', (dir) => {
    const log1 = parse(`${PR}/${dir}/SYSTEM.LOG1`);
    const log2 = parse(`${PR}/${dir}/SYSTEM.LOG2`);
    const first = log1.baseBlock.primarySequence === 178 ? 'SYSTEM.LOG1' : 'SYSTEM.LOG2';
    const second = first === 'SYSTEM.LOG1' ? 'SYSTEM.LOG2' : 'SYSTEM.LOG1';
    for (const order of [[log1, log2], [log2, log1]]) {
      const plan = planReplay(primaryFor(log1, 178), order);
      expect(steps(plan)).toEqual([
        [first, 8, 178, 185],
        [second, 31, 186, 216],
      ]);
      expect(plan.anomalies).toEqual([]);
    }
    // A primary already at 186 needs only the second log.
    expect(steps(planReplay(primaryFor(log1, 186), [log1, log2]))).toEqual([[second, 31, 186, 216]]);
  });

  it('new_log_1_reversed_and_invalid_checksum: base block and entries from the newest log only', () => {
    const log1 = parse(`${PR}/new_log_1_reversed_and_invalid_checksum/SYSTEM.LOG1`);
    const log2 = parse(`${PR}/new_log_1_reversed_and_invalid_checksum/SYSTEM.LOG2`);
    const plan = planReplay(primaryFor(log1, 178, false), [log1, log2]);
    expect(steps(plan)).toEqual([['SYSTEM.LOG1', 31, 186, 216]]);
    expect(plan.format === 'HvLE' && plan.baseBlockFrom?.name).toBe('SYSTEM.LOG1');
    expect(plan.skipped.map((s) => s.name)).toEqual(['SYSTEM.LOG2']);
  });

  it.each(['new_log_2', 'new_log_2_reversed'])('%s: a single entry 196 then 206..: a gap unless the primary is past it', (dir) => {
    const a = parse(`${PR}/${dir}/SYSTEM.LOG1`);
    const b = parse(`${PR}/${dir}/SYSTEM.LOG2`);
    const big = a.baseBlock.primarySequence === 206 ? 'SYSTEM.LOG1' : 'SYSTEM.LOG2';
    const small = big === 'SYSTEM.LOG1' ? 'SYSTEM.LOG2' : 'SYSTEM.LOG1';
    const gap = planReplay(primaryFor(a, 196), [a, b]);
    expect(steps(gap)).toEqual([[small, 1, 196, 196]]);
    expect(gap.anomalies.map((x) => x.code)).toEqual(['hvle-sequence-gap']);
    expect(gap.skipped).toEqual([{ name: big, reason: 'replay stopped at a sequence gap' }]);
    const later = planReplay(primaryFor(a, 206), [a, b]);
    expect(steps(later)).toEqual([[big, 32, 206, 237]]);
    expect(later.skipped).toEqual([{ name: small, reason: 'all entries are already in the hive' }]);
  });

  it('a log of another hive is foreign', () => {
    const sys = parse(`${PR}/new_log_1/SYSTEM.LOG1`);
    const other = parse('mkorman90_regipy/regipy_tests/data/SYSTEM_B.LOG1');
    const plan = planReplay(primaryFor(sys, 178), [sys, other]);
    expect(plan.skipped.map((s) => s.name)).toEqual(['SYSTEM_B.LOG1']);
    expect(plan.anomalies.map((a) => a.code)).toEqual(['log-foreign']);
  });
});
