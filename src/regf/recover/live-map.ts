/**
 * What the live tree holds, found by walking it from the root over raw offsets: the nk cells (with their paths)
 * and vk cells that are reachable, so no live record is ever reported as deleted, and for every cell the tree
 * references, how many of its bytes are in use, so the rest can be scanned as slack (yarp's `walk_everywhere`).
 */
import { joinPath } from '../../view/registry-view.js';
import type { CellSpace } from '../cell-space.js';
import { NK_CLASS, NK_CLASS_LENGTH, NK_NAME, NK_NAME_LENGTH, NK_SECURITY, NK_SUBKEY_COUNT, NK_SUBKEY_LIST, NK_VALUE_COUNT, NK_VALUE_LIST, readNk } from '../key-node.js';
import { BIG_DATA_SEGMENT_SIZE, MAX_KEY_DEPTH, MAX_SUBKEYS_PER_KEY, MAX_VALUES_PER_KEY, NO_OFFSET, SIG_DB, SIG_SK, VK_DATA_INLINE } from '../spec.js';
import { readSubkeyList } from '../subkey-list.js';
import { readVk, VK_DATA_OFFSET, VK_DATA_SIZE, VK_NAME, VK_NAME_LENGTH } from '../value-key.js';

export interface LiveMap {
  /** Hive offset of the root nk, or null when the hive has no readable root. */
  readonly root: number | null;
  /** Reachable nk cells (hive offset) and their paths. */
  readonly keyPaths: ReadonlyMap<number, string>;
  /** Reachable vk cells (hive offset). */
  readonly values: ReadonlySet<number>;
  /** Referenced cells (hive offset) → bytes of their data in use; the rest of the cell is slack. */
  readonly used: ReadonlyMap<number, number>;
  /** The walk stopped at the depth limit somewhere (keys below are not in the map). */
  readonly truncated: boolean;
}

/** Where a walk begins: a key, the path of its parent (null for the root) and its depth below the root. */
export interface LiveStart {
  readonly off: number;
  readonly parentPath: string | null;
  readonly depth: number;
}

/** `cells` should carry a private sink: damage met here is the reader's to report, not recovery's. */
export function buildLiveMap(cells: CellSpace, root: number | null, minorVersion: number): LiveMap {
  return { ...walkLive(cells, root === null ? [] : [{ off: root, parentPath: null, depth: 0 }], minorVersion), root };
}

/** The live map of the subtrees under `starts` (the whole tree when the one start is the root). */
export function walkLive(cells: CellSpace, starts: readonly LiveStart[], minorVersion: number): Omit<LiveMap, 'root'> {
  const keyPaths = new Map<number, string>();
  const values = new Set<number>();
  const used = new Map<number, number>();
  let truncated = false;
  const dv = cells.dv;
  const use = (off: number, n: number): void => {
    used.set(off, Math.max(used.get(off) ?? 0, n));
  };
  /** Marks a cell when the pointer leads to one; returns its data position or -1. */
  const mark = (off: number, n: number): number => {
    const p = cells.cell(off, 'cell');
    if (p >= 0) use(off, Math.min(n, cells.len));
    return p;
  };

  const stack: LiveStart[] = [...starts].reverse();
  while (stack.length > 0) {
    const { off, parentPath, depth } = stack.pop()!;
    if (keyPaths.has(off)) continue; // shared or cyclic: each nk once
    const rec = readNk(cells, off);
    if (!rec) continue;
    const path = parentPath === null ? '' : joinPath(parentPath, rec.name);
    keyPaths.set(off, path);
    const p = rec.p;
    use(off, Math.min(NK_NAME + dv.getUint16(p + NK_NAME_LENGTH, true), rec.len));

    const sk = dv.getUint32(p + NK_SECURITY, true);
    const s = cells.cell(sk, 'sk');
    if (s >= 0 && cells.len >= 20 && dv.getUint16(s, true) === SIG_SK) use(sk, Math.min(20 + dv.getUint32(s + 16, true), cells.len));
    const classLen = dv.getUint16(p + NK_CLASS_LENGTH, true);
    const classOff = dv.getUint32(p + NK_CLASS, true);
    if (classLen > 0 && classOff !== 0) mark(classOff, classLen);

    const valueCount = Math.min(dv.getUint32(p + NK_VALUE_COUNT, true), MAX_VALUES_PER_KEY);
    if (valueCount > 0) {
      const listOff = dv.getUint32(p + NK_VALUE_LIST, true);
      const l = mark(listOff, 4 * valueCount);
      if (l >= 0) {
        const n = Math.min(valueCount, Math.floor(cells.len / 4));
        for (let i = 0; i < n; i++) markValue(cells, dv.getUint32(l + 4 * i, true), minorVersion, values, use, mark);
      }
    }

    if (depth >= MAX_KEY_DEPTH) {
      truncated = true;
      continue;
    }
    const listOff = dv.getUint32(p + NK_SUBKEY_LIST, true);
    if (listOff === NO_OFFSET || dv.getUint32(p + NK_SUBKEY_COUNT, true) === 0) continue;
    const children: number[] = [];
    readSubkeyList(cells, listOff, children, MAX_SUBKEYS_PER_KEY, use);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ off: children[i], parentPath: path, depth: depth + 1 });
  }
  return { keyPaths, values, used, truncated };
}

/** A live vk and its data cells: one cell, or db + segment list + segments (the version rule of readValueData). */
function markValue(
  cells: CellSpace,
  off: number,
  minorVersion: number,
  values: Set<number>,
  use: (off: number, n: number) => void,
  mark: (off: number, n: number) => number,
): void {
  const vk = readVk(cells, off);
  if (!vk) return;
  values.add(off);
  const dv = cells.dv;
  use(off, Math.min(VK_NAME + dv.getUint16(vk.p + VK_NAME_LENGTH, true), cells.len));
  const raw = dv.getUint32(vk.p + VK_DATA_SIZE, true);
  const size = raw & 0x7fffffff;
  if (raw & VK_DATA_INLINE || size === 0) return;
  const dataOff = dv.getUint32(vk.p + VK_DATA_OFFSET, true);
  const c = cells.cell(dataOff, 'value-data');
  if (c < 0) return;
  if (minorVersion > 3 && size > BIG_DATA_SEGMENT_SIZE && cells.len >= 8 && dv.getUint16(c, true) === SIG_DB) {
    use(dataOff, 8);
    const count = dv.getUint16(c + 2, true);
    const l = mark(dv.getUint32(c + 4, true), 4 * count);
    if (l < 0) return;
    const n = Math.min(count, Math.floor(cells.len / 4));
    let left = size;
    for (let i = 0; i < n; i++) {
      const take = Math.min(left, BIG_DATA_SEGMENT_SIZE);
      mark(dv.getUint32(l + 4 * i, true), take);
      left -= take;
    }
    return;
  }
  use(dataOff, Math.min(size, cells.len));
}
