/**
 * Random trees exported with toRegText read back equal through parseRegText: every value type (unknown numbers
 * too) as hex(n), dword and quoted-string shortcuts, Unicode names; no anomalies on the way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRegText, toRegText } from '../../src/regtext/index.js';
import { upcaseName } from '../../src/view/names.js';
import { TreeView, type TreeKey } from '../../src/view/tree-view.js';
import { canonical, PROPERTY_SEED, treeKey } from './arbitraries.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SYSTEM';
const caps = { lastWrite: false, security: false, className: false };

/** A .reg file is line-based: a key or value name cannot hold CR or LF (regedit cannot export those either). */
function lineSafe(k: TreeKey): TreeKey {
  const fix = (s: string) => s.replace(/[\r\n]/g, ' ');
  return { name: fix(k.name), values: dedupe(k.values.map((v) => ({ ...v, name: fix(v.name) }))), subkeys: dedupe(k.subkeys.map(lineSafe)) };
}

function dedupe<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const u = upcaseName(i.name);
    if (seen.has(u)) return false;
    seen.add(u);
    return true;
  });
}

describe('toRegText → parseRegText round trip (fast-check, seed ' + PROPERTY_SEED + ')', () => {
  it('reads back every key and value unchanged', () => {
    const stats = { keys: 0, values: 0 };
    fc.assert(
      fc.property(treeKey({ maxDepth: 3, maxKeys: 4, maxValues: 6, big: false }), (raw) => {
        const tree = { ...lineSafe(raw), name: '' };
        const text = toRegText(new TreeView(tree, 'reg', caps), ROOT);
        const r = parseRegText(text, 'random.reg');
        expect(r.refused).toBeNull();
        expect(r.anomalies).toEqual([]);
        expect(r.hives.map((h) => h.root)).toEqual(['SYSTEM']);
        const got = canonical(r.hives[0].view.root);
        got[0].name = '';
        expect(got).toEqual(canonical(new TreeView(tree, 'reg', caps).root));
        stats.keys += got.length;
        for (const k of got) stats.values += k.values.length;
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
    // The generator really produced trees, not 300 empty roots.
    expect(stats.keys).toBeGreaterThan(600);
    expect(stats.values).toBeGreaterThan(1000);
  });
});
