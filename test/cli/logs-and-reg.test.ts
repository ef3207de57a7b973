/** dump/info replay a dirty hive's logs by default (what Windows would see), --no-logs reads it as it is; .reg too. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { CORPUS, ROOT, hivexDump, oracles, requireOracle } from '../helpers/oracles.js';

const DIRTY = join(CORPUS, 'msuhanov_yarp/hives_for_tests/NewDirtyHive1/NewDirtyHive');
const RECOVERED = join(CORPUS, 'msuhanov_yarp/hives_for_tests/NewDirtyHive1/RecoveredHive_Windows10');

const records = (jsonl: string) =>
  new Set(
    jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((o) => JSON.stringify(o.type === 'key' ? ['key', o.path] : ['value', o.path, o.name, o.valueType, o.data])),
  );

describe.skipIf(!oracles.corpus)('transaction logs in dump and info', () => {
  it('dump of a dirty hive equals what Windows recovered; --no-logs gives the stale primary', () => {
    if (!requireOracle('pythonHivex')) return;
    const replayed = runCli(['dump', DIRTY]);
    expect(replayed.code).toBe(0);
    expect(records(replayed.stdout)).toEqual(records(hivexDump(RECOVERED)));
    const stale = runCli(['dump', '--no-logs', DIRTY]);
    expect(stale.code).toBe(0);
    expect(records(stale.stdout)).toEqual(records(hivexDump(DIRTY)));
    expect(records(stale.stdout)).not.toEqual(records(replayed.stdout));
    expect(stale.stderr).toMatch(/hive-dirty/);
  });

  it('info says which logs were applied, with entries and sequence numbers', () => {
    const r = runCli(['info', '--json', DIRTY]);
    const info = JSON.parse(r.stdout);
    expect(info.dirty).toBe(true);
    expect(info.logs.applied.map((a: { entries: number }) => a.entries)).toEqual([1, 3]);
    expect(info.logs.sequenceAfter).toEqual({ primary: 5, secondary: 5 });
    const text = runCli(['info', DIRTY]).stdout;
    expect(text).toMatch(/log applied .*NewDirtyHive\.LOG2: HvLE, 3 entries, sequence 2 → 5/);
  });

  it('a dirty hive without logs is read as it is and flagged', () => {
    const r = runCli(['info', '--json', join(CORPUS, 'mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709')]);
    expect(JSON.parse(r.stdout).logs.missing).toBe(true);
  });
});

describe('.reg exports in dump and info', () => {
  const REG = join(ROOT, 'test/fixtures/reg/all-forms.reg');
  it('info lists the hives a .reg file holds', () => {
    const r = runCli(['info', '--json', REG]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.format).toBe('reg');
    expect(info.hives.map((h: { root: string }) => h.root)).toContain('SYSTEM');
  });
  it('dump --hive prints one hive in the same JSON-lines shape, without lastWrite', () => {
    const r = runCli(['dump', REG, '--hive', 'SYSTEM']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'key', path: '' });
    expect(lines.every((l) => l.lastWrite === undefined && l.hive === undefined)).toBe(true);
    expect(lines.some((l) => l.type === 'value')).toBe(true);
  });
});

describe('dump --deleted', () => {
  it('lists recovered keys and values, each marked deleted with its offset, and nothing live', () => {
    const r = runCli(['dump', join(ROOT, 'samples/grace-period-key-deleted/SYSTEM'), '--deleted']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.every((l) => l.deleted === true && Number.isInteger(l.offset))).toBe(true);
    expect(lines[0]).toMatchObject({ type: 'key', path: 'ControlSet001\\Control\\Terminal Server\\RCM\\GracePeriod' });
    expect(lines.find((l) => l.type === 'value')?.name).toMatch(/^L\$RTMTIMEBOMB_/);
    const live = runCli(['dump', join(ROOT, 'samples/grace-period-key-deleted/SYSTEM'), '--key', 'ControlSet001\\Control\\Terminal Server\\RCM\\GracePeriod']);
    expect(live.code).toBe(2);
  });
  it('is refused for .reg exports', () => {
    expect(runCli(['dump', join(ROOT, 'test/fixtures/reg/all-forms.reg'), '--deleted']).code).toBe(2);
  });
});
