/**
 * Name → key-node lookups in big subkey lists without a name-by-name scan each time. lh lists narrow by hash,
 * but li/lf lists (1.3 hives, e.g. a Windows 7 SYSTEM) and hash misses would read every name on every lookup:
 * 2,500 keys looked up in a 2,500-key list is six million reads. The first lookup in a list builds its index;
 * the rest are map lookups. Lists are indexed in file order, so the first of duplicate names wins as in a scan.
 */
import { upcaseName } from '../view/names.js';
import type { CellSpace } from './cell-space.js';
import { readNk } from './key-node.js';

/** Lists shorter than this are scanned: an index would cost more than it saves. */
const MIN_INDEXED = 32;
/** Names indexed per hive at most (memory bound for hostile hives); beyond it lookups scan. */
const MAX_INDEXED_NAMES = 2_000_000;

interface HiveIndex {
  readonly lists: Map<number, Map<string, number>>;
  names: number;
}

const byCells = new WeakMap<CellSpace, HiveIndex>();

/**
 * The nk offset of the subkey named `upcased` (already upcased) among `offsets` (the list at `listOff`), or -1.
 * Offsets whose record cannot be read are skipped, as in a scan.
 */
export function findSubkey(cells: CellSpace, listOff: number, offsets: () => number[], upcased: string): number {
  let hive = byCells.get(cells);
  if (!hive) byCells.set(cells, (hive = { lists: new Map(), names: 0 }));
  let index = hive.lists.get(listOff);
  if (!index) {
    const all = offsets();
    if (all.length < MIN_INDEXED || hive.names + all.length > MAX_INDEXED_NAMES) return scan(cells, all, upcased);
    index = new Map();
    for (const off of all) {
      const rec = readNk(cells, off);
      if (!rec) continue;
      const name = upcaseName(rec.name);
      if (!index.has(name)) index.set(name, off);
    }
    hive.lists.set(listOff, index);
    hive.names += all.length;
  }
  return index.get(upcased) ?? -1;
}

function scan(cells: CellSpace, offsets: number[], upcased: string): number {
  for (const off of offsets) {
    const rec = readNk(cells, off);
    if (rec && upcaseName(rec.name) === upcased) return off;
  }
  return -1;
}
