/**
 * Deleted keys and values (regf-format.md §2.4): carve plausible nk/vk records out of free cells, unreferenced
 * cells, slack and remnant data; drop any the live tree reaches; re-attach values to keys through the keys'
 * value lists when those lists are still in free space; rebuild paths through parent offsets.
 */
import { AnomalySink } from '../../view/anomaly.js';
import { joinPath } from '../../view/registry-view.js';
import { CellSpace } from '../cell-space.js';
import { RegfKey, type RegfHive } from '../hive.js';
import { BASE_BLOCK_SIZE, BIG_DATA_SEGMENT_SIZE, MAX_KEY_DEPTH, NO_OFFSET, SIG_DB, VK_DATA_INLINE } from '../spec.js';
import { readValueData, VK_DATA_OFFSET, VK_DATA_SIZE } from '../value-key.js';
import { carveNk, carveVk, type CarvedNk, type CarvedVk } from './carve.js';
import { buildLiveMap, type LiveMap } from './live-map.js';
import { buildScopedLiveMap, ScopeMatcher, staleValueSlots } from './scope.js';
import { SpaceMap, type ScanRegion } from './space-map.js';
import { PARTIAL_PATH_PREFIX, type RecoveredKey, type RecoveredValue, type RecoveryOptions, type RecoveryResult, type RecoverySource } from './types.js';

export const DEFAULT_MAX_RECORDS = 200_000;
export const DEFAULT_MAX_SCAN_BYTES = 1 << 30;
export const DEFAULT_MAX_DATA_BYTES = 256 << 20;
/** Live records met in free space are reported once each, up to this many. */
const MAX_LIVE_IN_FREE_ANOMALIES = 20;
const EMPTY = new Uint8Array(0);

interface FoundKey {
  readonly nk: CarvedNk;
  readonly source: RecoverySource;
}
interface FoundValue {
  readonly vk: CarvedVk;
  readonly source: RecoverySource;
}

export function recoverDeleted(hive: RegfHive, options: RecoveryOptions = {}): RecoveryResult {
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const maxScanBytes = options.maxScanBytes ?? DEFAULT_MAX_SCAN_BYTES;
  let dataBudget = options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES;
  const sink = new AnomalySink(1000);
  // A private cell space: stale pointers followed here must not add anomalies to the hive's own list.
  const cells = new CellSpace(hive.bytes, hive.cells.dv, hive.bins, new AnomalySink(0));
  const root = hive.root instanceof RegfKey ? hive.root.cellOffset : null;
  const matcher = options.scope ? new ScopeMatcher(options.scope) : null;
  const live = matcher ? buildScopedLiveMap(cells, root, hive.minorVersion, matcher) : buildLiveMap(cells, root, hive.minorVersion);
  if (root === null) {
    sink.add({ code: 'recovery-no-live-tree', severity: 'info', structure: 'recovery', message: 'the hive has no readable root: only free cells, slack and remnant data were scanned' });
  }
  if (live.truncated) {
    sink.add({ code: 'recovery-depth-limit', severity: 'info', structure: 'recovery', message: `keys deeper than ${MAX_KEY_DEPTH} levels were not mapped; their cells are scanned as unreferenced` });
  }
  const space = new SpaceMap(cells.dv, hive.bins, hive.dataEnd, live, !matcher && options.unreferencedCells === true && root !== null, matcher !== null);

  const keys: FoundKey[] = [];
  const values: FoundValue[] = [];
  let scanned = 0;
  let liveInFree = 0;
  const dv = cells.dv;
  scan: for (const region of space.regions) {
    const length = region.end - region.start;
    if (scanned + length > maxScanBytes) {
      sink.add({ code: 'recovery-limit', severity: 'warning', structure: 'recovery', offset: region.start, message: `stopped after scanning ${scanned} bytes (limit ${maxScanBytes}); space from here on was not searched` });
      break;
    }
    scanned += length;
    // A record in a free cell may run on into the next free cell (free cells are not always coalesced).
    const limit = region.source === 'free' || region.source === 'unreferenced' ? space.freeEnd(region.start) : region.end;
    let p = region.first;
    while (p + 2 <= region.end) {
      const avail = limit - p;
      const nk = carveNk(hive.bytes, dv, p, avail);
      const vk = nk ? null : carveVk(hive.bytes, dv, p, avail);
      const size = nk?.size ?? vk?.size ?? 0;
      if (size === 0) {
        p += region.step;
        continue;
      }
      const off = p - 4 - BASE_BLOCK_SIZE;
      if (nk ? live.keyPaths.has(off) : live.values.has(off)) {
        if (liveInFree++ < MAX_LIVE_IN_FREE_ANOMALIES) {
          sink.add({ code: 'recovery-live-record', severity: 'info', structure: nk ? 'nk' : 'vk', offset: p - 4, message: `a live ${nk ? 'key' : 'value'} record lies in ${region.source} space; not reported as deleted` });
        }
      } else {
        if (keys.length + values.length >= maxRecords) {
          sink.add({ code: 'recovery-limit', severity: 'warning', structure: 'recovery', offset: p - 4, message: `stopped after ${maxRecords} recovered records` });
          break scan;
        }
        if (nk) keys.push({ nk, source: region.source });
        else values.push({ vk: vk!, source: region.source });
      }
      // Records do not overlap: continue past this one, on the region's stride.
      p += Math.ceil(size / region.step) * region.step;
    }
  }

  const recoveredValues = new Map<number, RecoveredValueBuilder>();
  for (const v of values) recoveredValues.set(v.vk.p - 4 - BASE_BLOCK_SIZE, { found: v, data: EMPTY, dataReliable: false, keyPath: '', keyOffset: null });
  // Scoped, the map holds every live key a path in the scope can pass through (the keys on the way down and the
  // scoped subtrees), so a chain that leaves it belongs outside the scope and its partial path is dropped below.
  let outKeys = buildKeys(keys, live, space, hive, recoveredValues);
  let kept = [...recoveredValues.values()];
  if (matcher) {
    outKeys = outKeys.filter((k) => k.pathComplete && matcher.covers(k.path));
    const keptKeys = new Set(outKeys.map((k) => k.offset));
    const stale = staleValueSlots(cells, live);
    const names = options.scope!.valueNames;
    kept = kept.filter(
      (v) =>
        (v.keyOffset !== null ? keptKeys.has(v.keyOffset) : stale.has(v.found.vk.p - 4 - BASE_BLOCK_SIZE)) ||
        (names !== undefined && v.found.vk.name.search(names) >= 0),
    );
  }
  let overBudget = 0;
  for (const v of kept) {
    // Big data is copied out of its segments: a budget keeps forged sizes from exhausting memory.
    const size = dv.getUint32(v.found.vk.p + VK_DATA_SIZE, true) & 0x7fffffff;
    if (size <= BIG_DATA_SEGMENT_SIZE || size <= dataBudget) {
      const d = valueData(hive, cells, space, v.found.vk);
      v.data = d.data;
      v.dataReliable = d.dataReliable;
      if (size > BIG_DATA_SEGMENT_SIZE) dataBudget -= size;
    } else overBudget++;
  }
  if (overBudget > 0) {
    sink.add({ code: 'recovery-limit', severity: 'warning', structure: 'recovery', message: `data of ${overBudget} large deleted values was not read: over the ${options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES}-byte budget` });
  }
  const outValues = kept.map(freezeValue);
  const byOffset = new Map(outValues.map((v) => [v.offset, v]));
  for (const k of outKeys) k.values.push(...k.attached.map((off) => byOffset.get(off + BASE_BLOCK_SIZE)!));
  return {
    keys: outKeys.map(({ attached: _attached, ...k }) => k),
    values: outValues,
    anomalies: [...sink.items],
  };
}

interface RecoveredValueBuilder {
  readonly found: FoundValue;
  /** Read once the value is known to be kept (valueData). */
  data: Uint8Array;
  dataReliable: boolean;
  keyPath: string;
  keyOffset: number | null;
}

function freezeValue(b: RecoveredValueBuilder): RecoveredValue {
  const vk = b.found.vk;
  return {
    keyPath: b.keyPath,
    keyOffset: b.keyOffset,
    name: vk.name,
    nameTruncated: vk.nameTruncated,
    type: vk.type,
    data: b.data,
    offset: vk.p - 4,
    dataReliable: b.dataReliable,
    source: b.found.source,
  };
}

/**
 * Data through the record's stale pointers, read as the live reader would (readValueData). It is reliable only
 * when every cell it comes from still lies in free space and holds all the bytes the record claims.
 */
function valueData(hive: RegfHive, cells: CellSpace, space: SpaceMap, vk: CarvedVk): { data: Uint8Array; dataReliable: boolean } {
  const dv = cells.dv;
  const raw = dv.getUint32(vk.p + VK_DATA_SIZE, true);
  const size = raw & 0x7fffffff;
  const data = readValueData(cells, { offset: vk.p - 4 - BASE_BLOCK_SIZE, p: vk.p, name: vk.name, type: vk.type }, hive.minorVersion);
  if (raw & VK_DATA_INLINE || size === 0) return { data, dataReliable: true };
  if (data.length !== size) return { data, dataReliable: false };
  const dataOff = dv.getUint32(vk.p + VK_DATA_OFFSET, true);
  const c = BASE_BLOCK_SIZE + dataOff;
  // readValueData found every byte, so the cells it read are inside the bins; checked again for the reads below.
  if (c + 12 > dv.byteLength) return { data, dataReliable: false };
  const bigData = hive.minorVersion > 3 && size > BIG_DATA_SEGMENT_SIZE && dv.getUint16(c + 4, true) === SIG_DB;
  if (!bigData) return { data, dataReliable: space.isFree(c, c + 4 + size) };
  // db: the db cell, its segment list and every segment must all still be free.
  const count = dv.getUint16(c + 6, true);
  const list = BASE_BLOCK_SIZE + dv.getUint32(c + 8, true);
  if (list + 4 + 4 * count > dv.byteLength) return { data, dataReliable: false };
  let ok = space.isFree(c, c + 12) && space.isFree(list, list + 4 + 4 * count);
  let left = size;
  for (let i = 0; ok && i < count && left > 0; i++) {
    const s = BASE_BLOCK_SIZE + dv.getUint32(list + 4 + 4 * i, true);
    const take = Math.min(left, BIG_DATA_SEGMENT_SIZE);
    ok = space.isFree(s, s + 4 + take);
    left -= take;
  }
  return { data, dataReliable: ok };
}

type KeyBuilder = RecoveredKey & { attached: number[] };

function buildKeys(found: FoundKey[], live: LiveMap, space: SpaceMap, hive: RegfHive, values: Map<number, RecoveredValueBuilder>): KeyBuilder[] {
  const byOffset = new Map<number, FoundKey>();
  for (const k of found) byOffset.set(k.nk.p - 4 - BASE_BLOCK_SIZE, k);
  const paths = new Map<number, { path: string; complete: boolean }>();
  const pathOf = (start: number): { path: string; complete: boolean } => {
    // Climb parent offsets until a live key, a key already resolved, or a break; then fill in the chain.
    const chain: number[] = [];
    let cur = start;
    let base: { path: string; complete: boolean } | null = null;
    while (base === null) {
      const known = paths.get(cur);
      if (known) {
        base = known;
        break;
      }
      chain.push(cur);
      const parent = byOffset.get(cur)!.nk.parent;
      const livePath = live.keyPaths.get(parent);
      if (livePath !== undefined) base = { path: livePath, complete: true };
      else if (byOffset.has(parent) && !chain.includes(parent) && chain.length < MAX_KEY_DEPTH) cur = parent;
      else base = { path: PARTIAL_PATH_PREFIX.slice(0, -1), complete: false };
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      base = { path: joinPath(base.path, byOffset.get(chain[i])!.nk.name), complete: base.complete };
      paths.set(chain[i], base);
    }
    return base;
  };

  const out: KeyBuilder[] = found.map((k) => {
    const { path, complete } = pathOf(k.nk.p - 4 - BASE_BLOCK_SIZE);
    return {
      path,
      name: k.nk.name,
      nameTruncated: k.nk.nameTruncated,
      lastWrite: k.nk.lastWrite,
      offset: k.nk.p - 4,
      parentOffset: k.nk.parent === NO_OFFSET ? null : k.nk.parent + BASE_BLOCK_SIZE,
      pathComplete: complete,
      values: [],
      source: k.source,
      attached: [],
    };
  });

  // Newest key first: when two recovered keys list the same value (an older copy of a key), the newest owns it.
  const order = out.map((_, i) => i).sort((a, b) => out[b].lastWrite!.getTime() - out[a].lastWrite!.getTime() || a - b);
  const dv = hive.cells.dv;
  for (const i of order) {
    const nk = found[i].nk;
    if (nk.valueCount === 0 || nk.valueList === NO_OFFSET) continue;
    const list = BASE_BLOCK_SIZE + nk.valueList;
    // The list cell must itself still be free: a reused cell holds someone else's offsets.
    if (!space.isFree(list, list + 4 + 4 * nk.valueCount)) continue;
    for (let j = 0; j < nk.valueCount; j++) {
      const off = dv.getUint32(list + 4 + 4 * j, true);
      const v = values.get(off);
      if (!v || v.keyOffset !== null) continue;
      v.keyPath = out[i].path;
      v.keyOffset = out[i].offset;
      out[i].attached.push(off);
    }
  }
  return out;
}
