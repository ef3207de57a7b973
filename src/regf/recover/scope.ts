/**
 * Path-scoped recovery: which keys a scope names (case-insensitive path prefixes whose components may hold `*`,
 * e.g. `ControlSet*\Control\Terminal Server\RCM`), found by descending from the root along the patterns only, and
 * the live records under them, so only those are mapped instead of the whole tree.
 */
import { joinPath, splitPath } from '../../view/registry-view.js';
import { upcaseName } from '../../view/names.js';
import type { CellSpace } from '../cell-space.js';
import { NK_SUBKEY_COUNT, NK_SUBKEY_LIST, NK_VALUE_COUNT, NK_VALUE_LIST, readNk } from '../key-node.js';
import { MAX_KEY_DEPTH, MAX_SUBKEYS_PER_KEY, NO_OFFSET } from '../spec.js';
import { readSubkeyList } from '../subkey-list.js';
import { walkLive, type LiveMap, type LiveStart } from './live-map.js';
import type { RecoveryScope } from './types.js';

/** One component of a scope path: the upcased pieces between its `*`s (a single piece when it has none). */
type Component = readonly string[];

export class ScopeMatcher {
  private readonly patterns: Component[][];

  constructor(scope: RecoveryScope) {
    this.patterns = scope.paths.map((p) => splitPath(p).map((c) => upcaseName(c).split('*')));
  }

  /** Whether a hive-relative key path lies at or under one of the scope paths. */
  covers(path: string): boolean {
    const parts = splitPath(path);
    return this.patterns.some((pat) => pat.length <= parts.length && pat.every((c, i) => componentMatches(c, parts[i])));
  }

  /**
   * Finds the live keys the scope paths name, descending from the root through matching names only. Returns them
   * as walk starts, plus every key passed on the way (their paths, for rebuilding the paths of carved keys).
   */
  findStarts(cells: CellSpace, root: number): { starts: LiveStart[]; ancestors: Map<number, string> } {
    const starts: LiveStart[] = [];
    const ancestors = new Map<number, string>();
    // Frontier: keys whose path matches the first `depth` components of the patterns listed with them.
    let frontier: { off: number; path: string; pats: Component[][] }[] = [];
    const whole = this.patterns.filter((p) => p.length === 0);
    if (whole.length > 0) starts.push({ off: root, parentPath: null, depth: 0 });
    else frontier.push({ off: root, path: '', pats: this.patterns });
    ancestors.set(root, '');
    for (let depth = 0; frontier.length > 0 && depth < MAX_KEY_DEPTH; depth++) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const child of subkeys(cells, f.off)) {
          if (ancestors.has(child)) continue; // cyclic or shared
          const rec = readNk(cells, child);
          if (!rec) continue;
          const pats = f.pats.filter((p) => componentMatches(p[depth], rec.name));
          if (pats.length === 0) continue;
          if (pats.some((p) => p.length === depth + 1)) {
            starts.push({ off: child, parentPath: f.path, depth: depth + 1 });
            continue; // the walk from here covers every longer pattern too
          }
          const path = joinPath(f.path, rec.name);
          ancestors.set(child, path);
          next.push({ off: child, path, pats });
        }
      }
      frontier = next;
    }
    return { starts, ancestors };
  }
}

function componentMatches(pieces: Component, name: string): boolean {
  const up = upcaseName(name);
  if (pieces.length === 1) return up === pieces[0];
  // Glob: the first piece anchors the start, the last the end, the middle ones are found in order.
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (up.length < first.length + last.length || !up.startsWith(first) || !up.endsWith(last)) return false;
  let at = first.length;
  const end = up.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const k = up.indexOf(pieces[i], at);
    if (k < 0 || k + pieces[i].length > end) return false;
    at = k + pieces[i].length;
  }
  return true;
}

function subkeys(cells: CellSpace, off: number): number[] {
  const p = cells.cell(off, 'nk');
  if (p < 0) return [];
  const dv = cells.dv;
  const listOff = dv.getUint32(p + NK_SUBKEY_LIST, true);
  if (listOff === NO_OFFSET || dv.getUint32(p + NK_SUBKEY_COUNT, true) === 0) return [];
  const out: number[] = [];
  readSubkeyList(cells, listOff, out, MAX_SUBKEYS_PER_KEY);
  return out;
}

/** The live map of the scoped subtrees only, with the keys above them added to `keyPaths` (their cells unmarked). */
export function buildScopedLiveMap(cells: CellSpace, root: number | null, minorVersion: number, matcher: ScopeMatcher): LiveMap {
  if (root === null) return { root, keyPaths: new Map(), values: new Set(), used: new Map(), truncated: false };
  const { starts, ancestors } = matcher.findStarts(cells, root);
  const live = walkLive(cells, starts, minorVersion);
  const keyPaths = new Map(live.keyPaths);
  for (const [off, path] of ancestors) if (!keyPaths.has(off)) keyPaths.set(off, path);
  return { ...live, root, keyPaths };
}

/**
 * Offsets left in the value lists of live scoped keys past their value count. Deleting a value shifts the later
 * entries down and lowers the count, so the slot past the end still names the deleted value when it was last.
 */
export function staleValueSlots(cells: CellSpace, live: LiveMap): Set<number> {
  const out = new Set<number>();
  const dv = cells.dv;
  for (const off of live.used.keys()) {
    if (!live.keyPaths.has(off)) continue;
    const p = cells.cell(off, 'nk');
    if (p < 0) continue;
    const count = dv.getUint32(p + NK_VALUE_COUNT, true);
    const l = cells.cell(dv.getUint32(p + NK_VALUE_LIST, true), 'value-list');
    if (l < 0) continue;
    const slots = Math.floor(cells.len / 4);
    for (let i = count; i < slots; i++) out.add(dv.getUint32(l + 4 * i, true));
  }
  return out;
}
