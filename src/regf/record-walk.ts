/**
 * The depth-first walk of view/walk.ts over a binary hive's records themselves: keys and values are handed out as
 * positions in the hive's bytes, with no key, value, name or path objects. A full dump visits every record once,
 * and building those objects (then their JSON) was most of its time; this walk lets a writer copy names straight
 * from the bytes. It reads the cells in the order RegfKey does under walkKeys (a key's value list, its values' data,
 * then its subkey list), so anomalies, work-budget charges and problems come out exactly as in that walk.
 */
import { joinPath } from '../view/registry-view.js';
import { MAX_WALK_DEPTH, MAX_WALK_KEYS, type WalkProblem } from '../view/walk.js';
import type { RegfHive, RegfKey } from './hive.js';
import { NK_SUBKEY_COUNT, NK_SUBKEY_LIST, NK_VALUE_COUNT, NK_VALUE_LIST, nkCell, nkNameAt, nkNameLength } from './key-node.js';
import { MAX_SUBKEYS_PER_KEY, MAX_VALUES_PER_KEY } from './spec.js';
import { readSubkeyList } from './subkey-list.js';
import { readValueData, VK_NAME, VK_NAME_LENGTH, VK_TYPE, vkCell } from './value-key.js';

/** What a record walk hands out; positions are file offsets into `hive.bytes`, valid during the call. */
export interface RecordVisitor {
  /**
   * A key about to be listed (its values follow): `p` is its nk record, its name `nameLen` bytes at p + NK_NAME
   * (Latin-1 when the nk's KEY_COMP_NAME flag is set, else UTF-16LE); depth 0 is the start key.
   */
  key(p: number, nameLen: number, depth: number): void;
  /** One of that key's values: `p` its vk record, its name `nameLen` bytes at p + VK_NAME. */
  value(p: number, nameLen: number, type: number, data: Uint8Array): void;
  /** A key not listed normally (cycle, limit), or listed with a remark (shared, depth), as walkKeys reports them. */
  problem(kind: WalkProblem['kind'], p: number, nameLen: number, depth: number): void;
}

/**
 * Walks the subtree of `start` (a key of `hive`), calling `visitor` for each key and value in walkKeys' order.
 * The start key's own values are not handed out: they may already be cached on `start` (read them there).
 * `pathAt(depth)` (during a call) gives the path of the current key's ancestor at that depth, for messages.
 */
export class RecordWalk {
  // The walk's stack of keys still to list (nk position, name length, depth), and its top.
  private stackP = new Float64Array(256);
  private stackLen = new Int32Array(256);
  private stackDepth = new Int32Array(256);
  private top = 0;
  /** p and name length of the key on the current path at each depth (index 0: the start key). */
  private readonly pathP = new Int32Array(MAX_WALK_DEPTH + 2);
  private readonly pathLen = new Int32Array(MAX_WALK_DEPTH + 2);
  private vkP = new Float64Array(64);
  private vkLen = new Int32Array(64);
  private readonly offsets: number[] = [];
  /** readValueData reads only `p` of its record. */
  private readonly dataRef = { offset: 0, p: 0, name: '', type: 0 };
  private depth = 0;

  constructor(
    private readonly hive: RegfHive,
    private readonly start: RegfKey,
  ) {}

  /** The hive-relative path of the current key (depth given) as walkKeys' keys spell it. */
  pathAt(depth = this.depth): string {
    let path = this.start.path;
    const { bytes, dv } = this.hive.cells;
    for (let d = 1; d <= depth; d++) path = joinPath(path, nkNameAt(bytes, dv, this.pathP[d], this.pathLen[d]));
    return path;
  }

  run(visitor: RecordVisitor, maxKeys = MAX_WALK_KEYS): void {
    const cells = this.hive.cells;
    const dv = cells.dv;
    // ancestors[d]: the id (nk file offset) of the key at depth d on the current path, as in walkKeys.
    const ancestors = new Float64Array(MAX_WALK_DEPTH + 2);
    // Keys already listed, one bit per possible (4-aligned) nk offset.
    const seen = new Uint8Array((this.hive.bytes.length >>> 5) + 1);
    this.top = 0;
    this.push(this.start.offset + 4, 0, 0);
    let visited = 0;
    while (this.top > 0) {
      const t = --this.top;
      const p = this.stackP[t];
      const nameLen = this.stackLen[t];
      const depth = this.stackDepth[t];
      const id = p - 4;
      this.depth = depth;
      this.pathP[depth] = p;
      this.pathLen[depth] = nameLen;
      let cycle = false;
      for (let d = 0; d < depth; d++) if (ancestors[d] === id) cycle = true;
      if (cycle) {
        visitor.problem('cycle', p, nameLen, depth);
        continue;
      }
      const bit = id >>> 2;
      if (seen[bit >>> 3] & (1 << (bit & 7))) visitor.problem('shared', p, nameLen, depth);
      else seen[bit >>> 3] |= 1 << (bit & 7);
      if (++visited > maxKeys) {
        visitor.problem('limit', p, nameLen, depth);
        return;
      }
      visitor.key(p, nameLen, depth);
      if (depth > 0) this.values(visitor, p);
      if (depth >= MAX_WALK_DEPTH) {
        visitor.problem('depth', p, nameLen, depth);
        continue;
      }
      ancestors[depth] = id;
      // RegfKey.subkeyOffsets + subkeys: the list, then every nk on it; pushed in reverse so the first pops first.
      const offsets = this.offsets;
      if (offsets.length > 0) offsets.length = 0;
      const listOff = dv.getUint32(p + NK_SUBKEY_LIST, true);
      if (!(dv.getUint32(p + NK_SUBKEY_COUNT, true) === 0 && listOff === 0xffffffff)) {
        readSubkeyList(cells, listOff, offsets, MAX_SUBKEYS_PER_KEY);
        if (offsets.length >= MAX_SUBKEYS_PER_KEY) {
          this.hive.addAnomaly({ code: 'subkey-limit', severity: 'error', structure: 'subkey-list', offset: p - 4, message: `key ${this.pathAt()} lists ${MAX_SUBKEYS_PER_KEY} subkeys or more (the per-key limit); the rest are not read` });
        }
      }
      const base = this.top;
      for (let i = 0; i < offsets.length; i++) {
        const c = nkCell(cells, offsets[i]);
        if (c >= 0) this.push(c, nkNameLength(cells, c), depth + 1);
      }
      this.stackP.subarray(base, this.top).reverse();
      this.stackLen.subarray(base, this.top).reverse();
    }
  }

  private push(p: number, nameLen: number, depth: number): void {
    if (this.top === this.stackP.length) {
      const n = this.top * 2;
      this.stackP = grow(this.stackP, new Float64Array(n));
      this.stackLen = grow(this.stackLen, new Int32Array(n));
      this.stackDepth = grow(this.stackDepth, new Int32Array(n));
    }
    this.stackP[this.top] = p;
    this.stackLen[this.top] = nameLen;
    this.stackDepth[this.top++] = depth;
  }

  /** RegfKey.values, then each value's data: every vk of the list first, as RegfKey reads them. */
  private values(visitor: RecordVisitor, p: number): void {
    const cells = this.hive.cells;
    const dv = cells.dv;
    let count = dv.getUint32(p + NK_VALUE_COUNT, true);
    if (count === 0) return;
    const l = cells.cell(dv.getUint32(p + NK_VALUE_LIST, true), 'value-list');
    if (l < 0) return;
    const fit = Math.min(Math.floor(cells.len / 4), MAX_VALUES_PER_KEY);
    if (count > fit) {
      this.hive.addAnomaly(
        fit === MAX_VALUES_PER_KEY
          ? { code: 'value-limit', severity: 'error', structure: 'value-list', offset: l - 4, message: `key ${this.pathAt()} claims ${count} values, more than the ${MAX_VALUES_PER_KEY}-value limit; the first ${fit} are read` }
          : { code: 'value-list-invalid', severity: 'warning', structure: 'value-list', offset: l - 4, message: `key ${this.pathAt()} claims ${count} values but its list holds ${fit}` },
      );
      count = fit;
    }
    if (count > this.vkP.length) {
      this.vkP = new Float64Array(count);
      this.vkLen = new Int32Array(count);
    }
    const { vkP, vkLen } = this;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const v = vkCell(cells, dv.getUint32(l + 4 * i, true));
      if (v < 0) continue;
      vkP[n] = v;
      vkLen[n++] = Math.min(dv.getUint16(v + VK_NAME_LENGTH, true), cells.len - VK_NAME);
    }
    const minor = this.hive.minorVersion;
    const ref = this.dataRef;
    for (let i = 0; i < n; i++) {
      ref.p = vkP[i];
      visitor.value(ref.p, vkLen[i], dv.getUint32(ref.p + VK_TYPE, true), readValueData(cells, ref, minor));
    }
  }
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
