/**
 * RegfHive.scanKeyTimes (the image clock's walk, src/facts/as-of.ts) against the walk over subkeys() it replaces:
 * on every corpus file that opens as a hive, the same keys in the same order with the same names, LastWrite times
 * and paths, and the same anomalies recorded; and the same under a visit limit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HiveFormatError, openHive } from '../../src/regf/hive.js';
import type { RegKey } from '../../src/view/registry-view.js';
import { corpusEntries } from '../helpers/corpus.js';

type Row = [string, number | null, string];
/** Suffixes for nameEndsWith, against /suffix$/i on the decoded name: long, short, common and rare. */
const SUFFIXES = ['GracePeriod', 'Services', 'ontrol', 'e', '0', 'Parameters'];

function bySubkeys(root: RegKey, limit: number): Row[] {
  const out: Row[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const k = stack.pop()!;
    const d = k.lastWrite;
    out.push([k.name, d ? d.getTime() : null, k.path]);
    const subs = k.subkeys();
    for (let i = subs.length - 1; i >= 0; i--) stack.push(subs[i]);
  }
  return out;
}

function open(bytes: Uint8Array) {
  try {
    return openHive(bytes);
  } catch (e) {
    if (e instanceof HiveFormatError) return null;
    throw e;
  }
}

const entries = corpusEntries().filter((e) => e.size > 0 && e.size < 64 * 1024 * 1024);

describe.skipIf(entries.length === 0)('scanKeyTimes equals a walk over subkeys()', () => {
  it(`on every corpus file that opens as a hive (${entries.length} files)`, () => {
    let hives = 0;
    let keys = 0;
    for (const e of entries) {
      const bytes = new Uint8Array(readFileSync(e.abs));
      const a = open(bytes);
      const b = open(bytes);
      if (!a || !b) continue;
      hives++;
      const expected = bySubkeys(a.root, 2_000_000);
      const got: Row[] = [];
      const n = b.scanKeyTimes(2_000_000, (x) => {
        const name = x.name();
        for (const suffix of SUFFIXES) if (x.nameEndsWith(suffix) !== new RegExp(`${suffix}$`, 'i').test(name)) throw new Error(`${e.path}: ${name} / ${suffix}`);
        got.push([name, x.lastWriteMs, x.key().path]);
      });
      expect(n, e.path).toBe(expected.length);
      expect(got, e.path).toEqual(expected);
      expect(b.anomalies, e.path).toEqual(a.anomalies);
      // Asking for no name or key (the image clock's use) records the same damage.
      const c = open(bytes)!;
      c.scanKeyTimes(2_000_000, () => {});
      expect(c.anomalies, e.path).toEqual(a.anomalies);
      keys += n;
    }
    expect(hives).toBeGreaterThan(50);
    expect(keys).toBeGreaterThan(100_000);
  });

  it('stops at the limit where the walk does', () => {
    const e = entries.find((x) => x.path.endsWith('SYSTEM_WIN_10_1709'));
    if (!e) return;
    const bytes = new Uint8Array(readFileSync(e.abs));
    const expected = bySubkeys(openHive(bytes).root, 777);
    const got: Row[] = [];
    expect(openHive(bytes).scanKeyTimes(777, (x) => void got.push([x.name(), x.lastWriteMs, x.key().path]))).toBe(777);
    expect(got).toEqual(expected);
  });
});
