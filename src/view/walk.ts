/**
 * Depth-first walk over any HiveView subtree: each key before its subkeys, in list order. A key listed under two
 * parents (damaged hives) is shown under both, as hivex and reglookup do; a key that is its own ancestor (a real
 * cycle) is not entered again, and a total budget bounds hostile hives whose lists fan out exponentially.
 */
import type { Anomaly } from './anomaly.js';
import type { RegKey } from './registry-view.js';

export const MAX_WALK_DEPTH = 512;
export const MAX_WALK_KEYS = 4_000_000;

export interface WalkProblem {
  readonly kind: 'cycle' | 'depth' | 'shared' | 'limit';
  readonly key: RegKey;
  readonly parent?: RegKey;
}

type Frame = { key: RegKey; depth: number; parent: RegKey | undefined };

export function walkKeys(
  start: RegKey,
  visit: (key: RegKey, depth: number, parent: RegKey | undefined) => void,
  onProblem?: (p: WalkProblem) => void,
  maxKeys = MAX_WALK_KEYS,
): void {
  // ancestors[d] is the id of the key at depth d on the current path: popping a frame at depth d truncates it,
  // so a cycle check is a scan of at most `depth` numbers, with no exit frames.
  const ancestors: number[] = [];
  const seen = new Set<number>();
  const stack: Frame[] = [{ key: start, depth: 0, parent: undefined }];
  let visited = 0;
  while (stack.length > 0) {
    const f = stack.pop()!;
    const id = f.key.offset ?? -1;
    ancestors.length = f.depth;
    if (id >= 0) {
      if (ancestors.includes(id)) {
        onProblem?.({ kind: 'cycle', key: f.key, parent: f.parent });
        continue;
      }
      if (seen.has(id)) onProblem?.({ kind: 'shared', key: f.key, parent: f.parent });
      else seen.add(id);
    }
    if (++visited > maxKeys) {
      onProblem?.({ kind: 'limit', key: f.key, parent: f.parent });
      return;
    }
    visit(f.key, f.depth, f.parent);
    if (f.depth >= MAX_WALK_DEPTH) {
      onProblem?.({ kind: 'depth', key: f.key, parent: f.parent });
      continue;
    }
    ancestors.push(id);
    const children = f.key.subkeys();
    for (let i = children.length - 1; i >= 0; i--) stack.push({ key: children[i], depth: f.depth + 1, parent: f.key });
  }
}

/** The anomaly for a problem met while walking a key tree (shared by `walk` and `dump`). */
export function walkAnomaly(p: { readonly kind: WalkProblem['kind']; readonly key: Pick<RegKey, 'path' | 'offset'> }): Anomaly {
  const where = p.key.path;
  switch (p.kind) {
    case 'cycle':
      return { code: 'key-cycle', severity: 'warning', structure: 'key', offset: p.key.offset, message: `key ${where} is listed below itself (a cycle); not entered again` };
    case 'shared':
      return { code: 'key-shared', severity: 'warning', structure: 'key', offset: p.key.offset, message: `key node at ${where} is listed under more than one parent` };
    case 'depth':
      return { code: 'key-depth-limit', severity: 'warning', structure: 'key', offset: p.key.offset, message: `key tree deeper than the limit at ${where}; not descended` };
    case 'limit':
      return { code: 'key-count-limit', severity: 'error', structure: 'key', offset: p.key.offset, message: `walk stopped at ${where}: more keys than the walk limit` };
  }
}
