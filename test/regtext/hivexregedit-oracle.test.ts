/**
 * Differential test: hivexregedit (libwin-hivex-perl) exports corpus hives as .reg; our reader must see in the
 * export exactly what hivex sees in the hive (hivex-dump.py), key for key and value for value.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHive } from '../../src/regf/hive.js';
import { parseRegText, toRegText } from '../../src/regtext/index.js';
import { CORPUS, hivexDump, oracles, requireOracle } from '../helpers/oracles.js';
import { dumpLines, filterOracle } from './view-dump.js';

interface Case {
  readonly hive: string;
  /** Subtree exported ('\\' for the whole hive). */
  readonly subkey: string;
  /** --prefix given to hivexregedit; undefined exports root-less `[\...]` paths. */
  readonly prefix?: string;
  readonly root: string;
  /** Records (keys + values) expected in the subtree, so the test cannot pass on an empty export. */
  readonly records: number;
}

const CASES: Case[] = [
  {
    hive: 'mkorman90_regipy/regipy_tests/data/SYSTEM',
    subkey: 'ControlSet001\\Control\\Terminal Server',
    prefix: 'HKEY_LOCAL_MACHINE\\SYSTEM',
    root: 'SYSTEM',
    records: 0,
  },
  { hive: 'mkorman90_regipy/regipy_tests/data/SYSTEM', subkey: '\\', prefix: 'HKEY_LOCAL_MACHINE\\SYSTEM', root: 'SYSTEM', records: 30756 + 73456 },
  { hive: 'libguestfs_hivex/images/special', subkey: '\\', root: 'HIVE', records: 4 + 3 },
  { hive: 'msuhanov_yarp/hives_for_tests/UnicodeHive', subkey: '\\', prefix: 'HKEY_CURRENT_USER', root: 'NTUSER', records: 3 },
  { hive: 'msuhanov_yarp/hives_for_tests/StringValuesHive', subkey: '\\', prefix: 'HKEY_LOCAL_MACHINE\\SOFTWARE', root: 'SOFTWARE', records: 2 + 4 },
  { hive: 'msuhanov_yarp/hives_for_tests/MultiSzHive', subkey: '\\', root: 'HIVE', records: 2 + 2 },
  { hive: 'williballenthin_python-registry/tests/reg_samples/UNICODE_TESTS', subkey: '\\', prefix: 'HKEY_USERS\\S-1-5-21-1-2-3-1001', root: 'NTUSER', records: 3 + 22 },
];

const ready = oracles.corpus && requireOracle('hivexregedit') && requireOracle('pythonHivex');

describe.skipIf(!ready)('hivexregedit export → parseRegText equals hivex on the hive', () => {
  for (const c of CASES) {
    it(`${c.hive} ${c.subkey}`, () => {
      const path = resolve(CORPUS, c.hive);
      if (!existsSync(path)) throw new Error(`corpus file missing: ${path}`);
      const args = ['--export', ...(c.prefix ? ['--prefix', c.prefix] : []), path, c.subkey];
      const reg = execFileSync('hivexregedit', args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
      const r = parseRegText(reg, `${c.hive}.reg`);
      expect(r.refused).toBeNull();
      expect(r.dialect).toBe('5.00');
      expect(r.anomalies.filter((a) => a.severity !== 'info' && a.code !== 'reg-encoding-fallback')).toEqual([]);
      expect(r.hives.map((h) => h.root)).toEqual([c.root]);
      const under = c.subkey === '\\' ? '' : c.subkey;
      const mine = dumpLines(r.hives[0].view, under);
      const oracle = filterOracle(hivexDump(path), under);
      if (c.records > 0) expect(oracle.length).toBe(c.records);
      else expect(oracle.length).toBeGreaterThan(20);
      const mineSet = new Set(mine);
      const oracleSet = new Set(oracle);
      const missing = oracle.filter((x) => !mineSet.has(x));
      const extra = mine.filter((x) => !oracleSet.has(x));
      expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ missing: [], extra: [] });
      expect(mine.length).toBe(oracle.length);
      // And directly against rdslic's own dump of the hive (issue 4: a .reg input is as good as the hive).
      const fromHive = dumpLines(openHive(new Uint8Array(readFileSync(path))), under);
      expect(new Set(mine)).toEqual(new Set(fromHive));
      if (c.subkey === '\\' && c.prefix) {
        // The same hive through our own writer (UTF-16LE, regedit's forms and wrapping) and back.
        const again = parseRegText(toRegText(r.hives[0].view, c.prefix), 'again.reg');
        expect(again.anomalies).toEqual([]);
        expect(dumpLines(again.hives[0].view)).toEqual(mine);
      }
    });
  }

  it('reads --unsafe-printable-strings output (str(n):"…") to the same decoded strings', () => {
    const path = resolve(CORPUS, 'williballenthin_python-registry/tests/reg_samples/UNICODE_TESTS');
    const run = (extra: string[]) =>
      execFileSync('hivexregedit', ['--export', ...extra, '--prefix', 'HKEY_LOCAL_MACHINE\\SOFTWARE', path, '\\'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    const printable = run(['--unsafe-printable-strings']);
    expect(printable.toString('utf8')).toContain('=str(1):"');
    const r = parseRegText(printable, 'printable.reg');
    expect(r.anomalies).toEqual([]);
    expect(dumpLines(r.hives[0].view)).toEqual(filterOracle(hivexDump(path), ''));
  });
});
