/**
 * fast-check generators of registry trees (TreeKey), and the canonical form both sides of a round trip are
 * compared in: keys sorted the way the format sorts them (upcased name), values in stored order.
 */
import fc from 'fast-check';
import { upcaseName } from '../../src/view/names.js';
import type { RegKey } from '../../src/view/registry-view.js';
import type { TreeKey, TreeValue } from '../../src/view/tree-view.js';
import { dumpData, toHex, typeName } from '../../src/view/value-types.js';

/** The one seed of every property test in this folder: CI runs the same cases every time. */
export const PROPERTY_SEED = 0x7d51c;

/** Any well-formed Unicode (astral planes, combining marks, NUL, C1 controls), but no lone surrogates. */
const anyChars = (maxLength: number) => fc.string({ unit: 'binary', minLength: 1, maxLength });
/** Names that stress compressed (Latin-1) storage: every code unit ≤ 0xFF, C1 controls included. */
const latin1Chars = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x01, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength });
const plainChars = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.{}$~'), minLength: 1, maxLength });

/** Key names: 1..maxLength UTF-16 units, never a backslash (the path separator). */
export const keyName = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(plainChars(maxLength), latin1Chars(maxLength), anyChars(maxLength), latin1Chars(120)).map((s) => {
    const t = s.replace(/\\/g, '/').slice(0, 255);
    return t.length > 0 ? t : '_';
  });

/** Value names: anything, backslashes and the empty default-value name included. */
export const valueName: fc.Arbitrary<string> = fc.oneof(fc.constant(''), plainChars(20), latin1Chars(80), anyChars(30));

const KNOWN_TYPES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

export const valueType: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_TYPES) },
  { weight: 1, arbitrary: fc.integer({ min: 12, max: 0xffffffff }) },
);

/** Data: inline sizes (0..4), small, medium, and rarely past one big-data segment (16344 bytes). */
export const valueData = (big: boolean): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 4 }) },
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1000, maxLength: 5000 }) },
    { weight: big ? 1 : 0, arbitrary: fc.integer({ min: 16_000, max: 50_000 }).map(seededBytes) },
  );

/** Large buffers from a length alone (generating 50k random bytes through fast-check is slow). */
function seededBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = n * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export const treeValue = (big: boolean): fc.Arbitrary<TreeValue> =>
  fc.record({ name: valueName, type: valueType, data: valueData(big) });

const time = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms));

function uniqueBy<T>(items: T[], name: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const u = upcaseName(name(t));
    if (seen.has(u)) return false;
    seen.add(u);
    return true;
  });
}

export interface TreeShape {
  readonly maxDepth: number;
  readonly maxKeys: number;
  readonly maxValues: number;
  readonly big: boolean;
}

/** A random tree: sibling names unique case-insensitively (the format's rule), as are value names per key. */
export const treeKey = (shape: TreeShape): fc.Arbitrary<TreeKey> => {
  const { tree } = fc.letrec<{ tree: TreeKey }>((tie) => ({
    tree: fc
      .record({
        name: keyName(),
        values: fc.array(treeValue(shape.big), { maxLength: shape.maxValues }),
        subkeys: fc.oneof(
          { maxDepth: shape.maxDepth, depthIdentifier: 'tree' },
          fc.constant([] as TreeKey[]),
          fc.array(tie('tree'), { maxLength: shape.maxKeys, depthIdentifier: 'tree' }),
        ),
        lastWrite: time,
        className: fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: null }),
      })
      .map((k) => ({ ...k, values: uniqueBy(k.values, (v) => v.name), subkeys: uniqueBy(k.subkeys, (s) => s.name) })),
  }));
  return tree;
};

export interface CanonicalValue {
  name: string;
  type: string;
  hex: string;
  data: unknown;
}
export interface CanonicalKey {
  path: string;
  name: string;
  values: CanonicalValue[];
}

/** Depth-first, subkeys sorted by upcased name (how lists are ordered on disk); values in stored order. */
export function canonical(root: RegKey): CanonicalKey[] {
  const out: CanonicalKey[] = [];
  const stack: RegKey[] = [root];
  while (stack.length > 0) {
    const k = stack.pop()!;
    out.push({
      path: k.path,
      name: k.name,
      values: k.values().map((v) => ({ name: v.name, type: typeName(v.type), hex: toHex(v.data), data: dumpData(v.type, v.data) })),
    });
    const subs = [...k.subkeys()].sort((a, b) => cmp(upcaseName(b.name), upcaseName(a.name)));
    stack.push(...subs);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function countKeys(k: TreeKey): number {
  let n = 1;
  for (const s of k.subkeys) n += countKeys(s);
  return n;
}
