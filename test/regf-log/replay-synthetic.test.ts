/** Replay rules on small built hives and logs: ordering, gaps, damage, growth, limits, hostile bytes. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBaseBlock } from '../../src/regf/base-block.js';
import { replayLogs } from '../../src/regf/log/replay.js';
import { concat, dirtLog, hbin, hvleEntry, newLog, primaryHive, prng } from './log-builder.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const page = (marker: number, size = 4096) => {
  const b = hbin(0, size, marker);
  return b;
};
/** A 4096-byte bin image for hive offset `off`, its free space filled with `marker`. */
const bin = (off: number, marker: number) => hbin(off, 4096, marker);
const at = (image: Uint8Array, hiveOffset: number) => image[4096 + hiveOffset + 100];

describe('replayLogs (new format, synthetic)', () => {
  const primary = primaryHive({ seq1: 11, seq2: 10, hbins: 8192 });
  const e10 = hvleEntry({ seq: 10, hbins: 8192, pages: [{ offset: 0, bytes: bin(0, 0xa1) }] });
  const e11 = hvleEntry({ seq: 11, hbins: 8192, flags: 1, pages: [{ offset: 4096, bytes: bin(4096, 0xb2) }] });

  it('applies contiguous entries into a copy and leaves a clean hive', () => {
    const inputSha = sha(primary);
    const r = replayLogs(primary, [{ name: 'H.LOG1', bytes: newLog(10, 8192, [e10, e11]) }]);
    expect(sha(primary)).toBe(inputSha);
    expect(r.bytes).not.toBe(primary);
    expect(r.anomalies).toEqual([]);
    expect(r.applied).toEqual([{ name: 'H.LOG1', format: 'HvLE', entries: 2, sequenceBefore: 10, sequenceAfter: 11 }]);
    expect([at(r.bytes, 0), at(r.bytes, 4096)]).toEqual([0xa1, 0xb2]);
    const bb = parseBaseBlock(r.bytes);
    expect([bb.primarySequence, bb.secondarySequence, bb.checksumValid, bb.flags & 1]).toEqual([11, 11, true, 1]);
  });

  it('stops before an entry whose hash does not match', () => {
    const bad = e11.slice();
    bad[200] ^= 0xff;
    const log = newLog(10, 8192, [e10, bad]);
    const r = replayLogs(primary, [{ name: 'H.LOG1', bytes: log }]);
    expect(r.applied.map((a) => a.entries)).toEqual([1]);
    expect(r.anomalies.map((a) => [a.code, a.structure, a.offset])).toEqual([['hvle-hash', 'HvLE', 512 + e10.length + 24]]);
    expect(at(r.bytes, 4096)).toBe(0);
    expect(r.sequenceAfter).toEqual({ primary: 10, secondary: 10 });
  });

  it('skips entries already in the primary and continues in the other log, whatever the names', () => {
    const e9 = hvleEntry({ seq: 9, hbins: 8192, pages: [{ offset: 0, bytes: bin(0, 0x99) }] });
    const e12 = hvleEntry({ seq: 12, hbins: 8192, pages: [{ offset: 0, bytes: bin(0, 0xc3) }] });
    const older = newLog(9, 8192, [e9, e10, e11]);
    const newer = newLog(12, 8192, [e12]);
    const r = replayLogs(primary, [{ name: 'H.LOG1', bytes: newer }, { name: 'H.LOG2', bytes: older }]);
    expect(r.applied.map((a) => [a.name, a.entries, a.sequenceBefore, a.sequenceAfter])).toEqual([
      ['H.LOG2', 2, 10, 11],
      ['H.LOG1', 1, 11, 12],
    ]);
    expect(at(r.bytes, 0)).toBe(0xc3);
  });

  it('stops at a sequence gap between logs', () => {
    const e14 = hvleEntry({ seq: 14, hbins: 8192, pages: [{ offset: 0, bytes: bin(0, 0xee) }] });
    const r = replayLogs(primary, [
      { name: 'H.LOG1', bytes: newLog(10, 8192, [e10, e11]) },
      { name: 'H.LOG2', bytes: newLog(14, 8192, [e14]) },
    ]);
    expect(r.applied.map((a) => a.name)).toEqual(['H.LOG1']);
    expect(r.skipped).toEqual([{ name: 'H.LOG2', reason: 'replay stopped at a sequence gap' }]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['hvle-sequence-gap']);
    expect(at(r.bytes, 0)).toBe(0xa1);
  });

  it('grows the image to the hive-bins size of the entry', () => {
    const grow = hvleEntry({ seq: 10, hbins: 16384, pages: [{ offset: 8192, bytes: hbin(8192, 8192, 0x5a) }] });
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: newLog(10, 8192, [grow]) }]);
    expect(primary.length).toBe(4096 + 8192);
    expect(r.bytes.length).toBe(4096 + 16384);
    expect(parseBaseBlock(r.bytes).hiveBinsDataSize).toBe(16384);
    expect(at(r.bytes, 8192)).toBe(0x5a);
    expect(r.anomalies).toEqual([]);
  });

  it('refuses to grow past the image limit, and caps the number of entries', () => {
    const grow = hvleEntry({ seq: 11, hbins: 1 << 20, pages: [{ offset: 8192, bytes: page(0x5a) }] });
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: newLog(10, 8192, [e10, grow]) }], { maxImageBytes: 65536 });
    expect(r.applied.map((a) => a.entries)).toEqual([1]);
    expect(r.bytes.length).toBe(primary.length);
    // A hive-bins size beyond the limit is already refused by the log parser.
    expect(r.anomalies.map((a) => a.code)).toEqual(['hvle-hive-bins-size']);

    const capped = replayLogs(primary, [{ name: 'H.LOG', bytes: newLog(10, 8192, [e10, e11]) }], { maxEntries: 1 });
    expect(capped.applied.map((a) => a.entries)).toEqual([1]);
    expect(capped.anomalies.map((a) => a.code)).toEqual(['hvle-entry-limit']);

    // The cap also holds across logs.
    const e12 = hvleEntry({ seq: 12, hbins: 8192, pages: [{ offset: 0, bytes: bin(0, 0xc3) }] });
    const across = replayLogs(
      primary,
      [
        { name: 'H.LOG1', bytes: newLog(10, 8192, [e10, e11]) },
        { name: 'H.LOG2', bytes: newLog(12, 8192, [e12]) },
      ],
      { maxEntries: 2 },
    );
    expect(across.applied.map((a) => [a.name, a.entries])).toEqual([['H.LOG1', 2]]);
    expect(across.skipped).toEqual([{ name: 'H.LOG2', reason: 'replay limit reached' }]);
    expect(across.anomalies.map((a) => [a.code, a.offset])).toEqual([['replay-limit', 512]]);
  });

  it('rejects page references outside the hive bins and oversized entries', () => {
    const outside = hvleEntry({ seq: 10, hbins: 8192, pages: [{ offset: 8192, bytes: page(1) }] });
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: newLog(10, 8192, [outside]) }]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['hvle-page-reference', 'dirty-hive-not-replayed']);
    expect(r.bytes).toBe(primary);

    const big = e10.slice();
    new DataView(big.buffer).setUint32(4, 0x7ffffe00, true);
    const r2 = replayLogs(primary, [{ name: 'H.LOG', bytes: newLog(10, 8192, [big]) }]);
    expect(r2.anomalies.map((a) => a.code)).toEqual(['hvle-size', 'dirty-hive-not-replayed']);
  });

  it('with an invalid primary base block, takes the base block from the newest log only', () => {
    const broken = primary.slice();
    broken[508] ^= 1;
    const e12 = hvleEntry({ seq: 12, hbins: 8192, pages: [{ offset: 4096, bytes: bin(4096, 0xc3) }] });
    const r = replayLogs(broken, [
      { name: 'H.LOG1', bytes: newLog(10, 8192, [e10, e11]) },
      { name: 'H.LOG2', bytes: newLog(12, 8192, [e12], { name: 'FROMLOG' }) },
    ]);
    expect(r.applied.map((a) => [a.name, a.entries, a.sequenceBefore, a.sequenceAfter])).toEqual([['H.LOG2', 1, 12, 12]]);
    expect(r.skipped.map((s) => s.name)).toEqual(['H.LOG1']);
    expect(r.anomalies.map((a) => a.code)).toEqual(['primary-base-block-checksum']);
    const bb = parseBaseBlock(r.bytes);
    expect([bb.fileType, bb.fileName, bb.checksumValid, bb.secondarySequence]).toEqual([0, 'FROMLOG', true, 12]);
    expect([at(r.bytes, 0), at(r.bytes, 4096)]).toEqual([0, 0xc3]);
  });

  it('skips a foreign log (other name or timestamp) with an anomaly', () => {
    const r = replayLogs(primary, [
      { name: 'A.LOG1', bytes: newLog(10, 8192, [e10], { name: 'OTHER' }) },
      { name: 'A.LOG2', bytes: newLog(10, 8192, [e10], { timestamp: 5n }) },
    ]);
    expect(r.bytes).toBe(primary);
    expect(r.anomalies.map((a) => a.code)).toEqual(['log-foreign', 'log-foreign', 'dirty-hive-not-replayed']);
  });

  it('never throws, hangs or changes its input on mutated or truncated logs', () => {
    const good = newLog(10, 8192, [e10, e11]);
    const rand = prng(0x5eed);
    const inputSha = sha(primary);
    for (let i = 0; i < 400; i++) {
      const log = good.slice(0, i % 3 === 0 ? rand() % good.length : good.length);
      for (let k = 0; k < 1 + (rand() % 8); k++) if (log.length) log[rand() % log.length] = rand() & 0xff;
      const logSha = sha(log);
      const r = replayLogs(primary, [{ name: 'F.LOG1', bytes: log }]);
      expect(sha(log)).toBe(logSha);
      expect(r.bytes.length).toBeGreaterThanOrEqual(primary.length);
      if (r.applied.length) expect(parseBaseBlock(r.bytes).checksumValid).toBe(true);
    }
    expect(sha(primary)).toBe(inputSha);
    for (const junk of [new Uint8Array(0), new Uint8Array(100), primary.subarray(0, 600)]) {
      expect(() => replayLogs(junk, [{ name: 'x.LOG1', bytes: good }])).not.toThrow();
    }
  });
});

describe('replayLogs (old format, synthetic)', () => {
  const primary = primaryHive({ seq1: 3, seq2: 2, hbins: 8192 });
  const pagesOf = (b: Uint8Array, first: number) => new Map(Array.from({ length: b.length / 512 }, (_, i) => [first + i, b.subarray(i * 512, (i + 1) * 512)]));

  it('writes the dirty pages and takes sequence number and size from the log', () => {
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: dirtLog(3, 8192, pagesOf(bin(4096, 0x77), 8)) }]);
    expect(r.anomalies).toEqual([]);
    expect(r.applied).toEqual([{ name: 'H.LOG', format: 'DIRT', entries: 8, sequenceBefore: 2, sequenceAfter: 3 }]);
    expect(at(r.bytes, 4096)).toBe(0x77);
    expect(parseBaseBlock(r.bytes).checksumValid).toBe(true);
  });

  it('stops at a dirty bin whose header is invalid', () => {
    const broken = bin(4096, 0x77);
    broken[0] = 0x58; // 'Xbin'
    const pages = new Map([...pagesOf(bin(0, 0x66), 0), ...pagesOf(broken, 8)]);
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: dirtLog(3, 8192, pages) }]);
    expect(r.applied.map((a) => a.entries)).toEqual([8]);
    expect(r.anomalies.map((a) => [a.code, a.structure])).toEqual([['dirt-hbin-invalid', 'DIRT']]);
    expect([at(r.bytes, 0), at(r.bytes, 4096)]).toEqual([0x66, 0]);
  });

  it('does not apply a log of another write (timestamp differs)', () => {
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: dirtLog(3, 8192, pagesOf(bin(4096, 0x77), 8), { timestamp: 1n }) }]);
    expect(r.bytes).toBe(primary);
    expect(r.anomalies.map((a) => a.code)).toEqual(['log-foreign', 'dirty-hive-not-replayed']);
  });

  it('rejects a log whose pages are cut off', () => {
    const log = dirtLog(3, 8192, pagesOf(bin(4096, 0x77), 8));
    const r = replayLogs(primary, [{ name: 'H.LOG', bytes: log.subarray(0, log.length - 100) }]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['dirt-truncated', 'dirty-hive-not-replayed']);
  });

  it('prefers new-format logs when both kinds are present', () => {
    const e2 = hvleEntry({ seq: 2, hbins: 8192, pages: [{ offset: 0, bytes: bin(0, 0x42) }] });
    const r = replayLogs(primary, [
      { name: 'H.LOG', bytes: dirtLog(3, 8192, pagesOf(bin(4096, 0x77), 8)) },
      { name: 'H.LOG1', bytes: concat([newLog(2, 8192, [e2])]) },
    ]);
    expect(r.applied.map((a) => [a.name, a.format])).toEqual([['H.LOG1', 'HvLE']]);
    expect(r.skipped).toEqual([{ name: 'H.LOG', reason: 'old-format log ignored: the hive has new-format logs' }]);
  });
});
