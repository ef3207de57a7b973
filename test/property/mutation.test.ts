/**
 * Random byte edits and cuts of real hives (fast-check, seeded): the public API (open, walk, every value's data,
 * security, class names, dump) never throws anything but HiveFormatError.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HiveFormatError } from '../../src/regf/hive.js';
import { CORPUS, oracles } from '../helpers/oracles.js';
import { readHiveFully } from '../fuzz/targets.js';
import { PROPERTY_SEED } from './arbitraries.js';

const HIVES = ['msuhanov_yarp/hives_for_tests/BigDataHive', 'libguestfs_hivex/images/special', 'mkorman90_regipy/regipy_tests/data/SECURITY', 'log2timeline_plaso/test_data/regf/100_sub_keys.hiv'];

describe.skipIf(!oracles.corpus)('random mutations of real hives (fast-check, seed ' + PROPERTY_SEED + ')', () => {
  const hives = oracles.corpus ? HIVES.map((h) => new Uint8Array(readFileSync(join(CORPUS, h)))) : [];
  it('throw nothing but HiveFormatError', () => {
    let refused = 0;
    let read = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: HIVES.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }),
        fc.option(fc.nat(), { nil: null }),
        (which, edits, cut) => {
          const src = hives[which];
          const bytes = src.slice(0, cut === null ? src.length : cut % (src.length + 1));
          for (const [at, b] of edits) if (bytes.length > 0) bytes[at % bytes.length] = b;
          try {
            readHiveFully(bytes, false);
            read++;
          } catch (e) {
            if (!(e instanceof HiveFormatError)) throw e;
            refused++;
          }
        },
      ),
      { seed: PROPERTY_SEED, numRuns: 1500 },
    );
    expect(read).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(0);
  });
});
