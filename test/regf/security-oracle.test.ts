/**
 * Owner, group, DACL and class name of every key, against `reglookup -s` on real hives (an independent sk and
 * SECURITY_DESCRIPTOR decoder). Keys whose paths reglookup escapes (non-ASCII, '/', ',') are skipped.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, oracles, requireOracle } from '../helpers/oracles.js';
import { openHive } from '../../src/regf/hive.js';
import type { Ace } from '../../src/view/security-descriptor.js';

const HIVES = ['msuhanov_yarp/hives_for_tests/TwoOwnersHive', 'mkorman90_regipy/regipy_tests/data/SYSTEM', 'log2timeline_plaso/test_data/NTUSER-RunTests.DAT'];

// reglookup's names for access-mask bits and ACE flags (regfi).
const MASK: [number, string][] = [
  [0x1, 'QRY_VAL'], [0x2, 'SET_VAL'], [0x4, 'CREATE_KEY'], [0x8, 'ENUM_KEYS'], [0x10, 'NOTIFY'], [0x20, 'CREATE_LNK'],
  [0x100, 'WOW64_64'], [0x200, 'WOW64_32'], [0x100000, 'SYNC'], [0x1000000, 'SYS_SEC'], [0x2000000, 'MAX_ALLWD'],
  [0x10000, 'DELETE'], [0x20000, 'R_CONT'], [0x40000, 'W_DAC'], [0x80000, 'W_OWNER'],
  [0x10000000, 'GEN_A'], [0x20000000, 'GEN_X'], [0x40000000, 'GEN_W'], [0x80000000, 'GEN_R'],
];
const FLAGS: [number, string][] = [[0x1, 'OI'], [0x2, 'CI'], [0x4, 'NP'], [0x8, 'IO'], [0x10, 'IA']];
const words = (s: string) => new Set(s.split(' ').filter(Boolean));

function aceKey(sid: string | null, type: string, mask: Set<string>, flags: Set<string>): string {
  return `${sid}:${type}:${[...mask].sort().join(' ')}:${[...flags].sort().join(' ')}`;
}
function ours(a: Ace): string {
  const mask = new Set(MASK.filter(([b]) => (a.mask & b) >>> 0 === b).map(([, n]) => n));
  const flags = new Set(FLAGS.filter(([b]) => (a.flags & b) === b).map(([, n]) => n));
  return aceKey(a.sid, a.type === 0 ? 'ALLOW' : a.type === 1 ? 'DENY' : `T${a.type}`, mask, flags);
}
function theirs(s: string): string {
  const [sid, type, mask, flags] = s.split(':');
  return aceKey(sid, type, words(mask ?? ''), words(flags ?? ''));
}

describe.skipIf(!oracles.corpus)('security descriptors and class names against reglookup -s', () => {
  for (const rel of HIVES) {
    it(rel, () => {
      if (!requireOracle('reglookup')) return;
      const file = join(CORPUS, rel);
      const csv = execFileSync('reglookup', ['-s', '-t', 'KEY', file], { encoding: 'latin1', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
      const hive = openHive(new Uint8Array(readFileSync(file)));
      let compared = 0;
      for (const line of csv.split('\n').slice(1)) {
        const f = line.split(',');
        if (f.length !== 9 || f[1] !== 'KEY' || /[%]/.test(f[0])) continue;
        const path = f[0].replace(/^\//, '').split('/').join('\\');
        const key = hive.key(path);
        expect(key, path).not.toBeNull();
        const sd = key!.security();
        expect({ path, owner: sd?.owner ?? '', group: sd?.group ?? '' }).toEqual({ path, owner: f[4], group: f[5] });
        const dacl = (sd?.dacl?.aces ?? []).map(ours);
        expect({ path, dacl }).toEqual({ path, dacl: f[7] ? f[7].split('|').map(theirs) : [] });
        expect({ path, className: key!.className ?? '' }).toEqual({ path, className: f[8] });
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
