/**
 * Every corpus file (corrupt, truncated, hostile, logs, non-hives): the library either refuses it with a
 * HiveFormatError or reads it completely without throwing, recording damage as anomalies.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPUS, oracles } from '../helpers/oracles.js';
import { HiveFormatError, openHive } from '../../src/regf/hive.js';
import { walkKeys } from '../../src/view/walk.js';
import { filesUnder } from '../helpers/files.js';

const allFiles = (dir: string) => filesUnder(dir).filter((p) => !/(^|\/)(MANIFEST\.tsv|README\.md)$/.test(relative(dir, p)));

/** Touches every public accessor, as a consumer reading everything would. */
function readEverything(bytes: Uint8Array): { keys: number; anomalies: number } {
  const hive = openHive(bytes);
  let keys = 0;
  walkKeys(hive.root, (k) => {
    keys++;
    void k.lastWrite;
    void k.className;
    void k.security();
    for (const v of k.values()) void v.data;
  });
  return { keys, anomalies: hive.anomalies.length };
}

describe.skipIf(!oracles.corpus)('damaged and foreign inputs', () => {
  const files = oracles.corpus ? allFiles(CORPUS) : [];
  it('the corpus holds files to try', () => expect(files.length).toBeGreaterThan(150));
  for (const f of files) {
    it(relative(CORPUS, f), () => {
      const bytes = new Uint8Array(readFileSync(f));
      try {
        readEverything(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(HiveFormatError);
        expect((e as Error).message).not.toMatch(/\n/);
      }
    });
  }

  it('truncations of a real hive at many lengths never throw anything but HiveFormatError', () => {
    const full = new Uint8Array(readFileSync(join(CORPUS, 'mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709')));
    for (const len of [0, 3, 4, 100, 511, 512, 4095, 4096, 4100, 4128, 8192, 65_536, 1_000_003, 7_777_777]) {
      try {
        const r = readEverything(full.subarray(0, len));
        if (len < full.length) expect(r.anomalies).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(HiveFormatError);
      }
    }
  });
});
