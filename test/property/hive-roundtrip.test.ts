/**
 * Random trees written by the hive writer read back equal through openHive: names (Unicode, NUL, Latin-1
 * compressed), every value type (unknown numbers too), inline/cell/big data, ri lists, versions 1.3–1.6.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openHive } from '../../src/regf/hive.js';
import { writeHive, type WriteHiveOptions } from '../../src/regf-writer/index.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import { TreeView } from '../../src/view/tree-view.js';
import { canonical, PROPERTY_SEED, treeKey } from './arbitraries.js';

const options: fc.Arbitrary<WriteHiveOptions> = fc
  .record({ minorVersion: fc.constantFrom(3, 4, 5, 6) as fc.Arbitrary<3 | 4 | 5 | 6>, leaf: fc.constantFrom('li', 'lf', 'lh'), maxLeafSize: fc.integer({ min: 1, max: 6 }) })
  .map(({ minorVersion, leaf, maxLeafSize }) => ({
    minorVersion,
    // lh lists belong to 1.5+; small leaves force ri (index root) lists with few keys.
    subkeyList: leaf === 'lh' && minorVersion < 5 ? 'lf' : (leaf as 'li' | 'lf' | 'lh'),
    maxLeafSize,
  }));

function roundTrip(tree: TreeKey, opts: WriteHiveOptions): void {
  const hive = openHive(writeHive(tree, opts));
  const expected = canonical(new TreeView(tree, 'regf', { lastWrite: true, security: true, className: true }).root);
  expect(canonical(hive.root)).toEqual(expected);
  expect(hive.anomalies).toEqual([]);
  // Timestamps and class names survive too (FILETIME keeps milliseconds).
  const stack: [TreeKey, string][] = [[tree, '']];
  while (stack.length > 0) {
    const [k, path] = stack.pop()!;
    const got = hive.key(path)!;
    expect(got.lastWrite?.getTime()).toBe(k.lastWrite?.getTime());
    expect(got.className).toBe(k.className || null);
    for (const s of k.subkeys) stack.push([s, path === '' ? s.name : `${path}\\${s.name}`]);
  }
}

describe('hive writer → openHive round trip (fast-check, seed ' + PROPERTY_SEED + ')', () => {
  it('small trees with every kind of name and value', () => {
    fc.assert(
      fc.property(treeKey({ maxDepth: 3, maxKeys: 5, maxValues: 6, big: false }), options, (tree, opts) => roundTrip(tree, opts)),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
  });

  it('big data values (db segments on 1.4+, one cell on 1.3)', () => {
    fc.assert(
      fc.property(treeKey({ maxDepth: 1, maxKeys: 2, maxValues: 3, big: true }), options, (tree, opts) => roundTrip(tree, opts)),
      { seed: PROPERTY_SEED, numRuns: 60 },
    );
  });

  it('wide keys: hundreds of subkeys through ri lists with the default leaf size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 513, max: 1500 }), fc.constantFrom(3, 5) as fc.Arbitrary<3 | 5>, (n, minorVersion) => {
        const subkeys: TreeKey[] = Array.from({ length: n }, (_, i) => ({ name: `K${(i * 7919) % n}-é`, values: [], subkeys: [] }));
        roundTrip({ name: 'ROOT', values: [], subkeys }, { minorVersion });
      }),
      { seed: PROPERTY_SEED, numRuns: 6 },
    );
  });
});
