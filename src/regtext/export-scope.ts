/**
 * What a .reg export covers: regedit and `reg export` write whole subtrees, so the sections whose parent is not a
 * section of the file are the roots of exported subtrees; below a root, a missing key is absent, elsewhere unknown.
 */
import { upcaseName } from '../view/names.js';
import type { RegEdit } from './types.js';

/** Hive-relative paths of the exported subtrees (backslash-joined, as written), sorted, none inside another. */
export function exportedSubtrees(edits: readonly RegEdit[]): string[] {
  const declared = new Map<string, readonly string[]>();
  for (const e of edits) if (e.kind === 'key') declared.set(e.path.map(upcaseName).join('\\'), e.path);
  const roots: string[] = [];
  const upRoots: string[] = [];
  const byDepth = [...declared.entries()].sort((a, b) => a[1].length - b[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [up, parts] of byDepth) {
    if (upRoots.some((r) => r === '' || up === r || up.startsWith(`${r}\\`))) continue;
    upRoots.push(up);
    roots.push(parts.join('\\'));
  }
  return roots.sort((a, b) => {
    const x = upcaseName(a);
    const y = upcaseName(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
