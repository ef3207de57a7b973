/**
 * Directory walk for discovery: sorted, bounded in depth and file count, following symbolic links but never
 * into a folder (or to a file) already reached, so link loops end and linked copies are not counted twice.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { displayJoin } from '../display-path.js';
import type { Anomaly } from '../../view/anomaly.js';
import type { IgnoredFile } from '../../evidence/virtual-file.js';

export interface WalkLimits {
  /** Folder levels below the input. */
  readonly maxDepth: number;
  /** Files listed per input; the walk stops there. */
  readonly maxFiles: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxDepth: 32, maxFiles: 200_000 };

export interface WalkedFile {
  readonly abs: string;
  /** '/'-separated path below the walked folder. */
  readonly relPath: string;
  readonly size: number;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  readonly ignored: IgnoredFile[];
  readonly anomalies: Anomaly[];
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? 'error';

/** `display` is the folder as reports show it (`/`-separated); paths below it are joined with `/`. */
export function walkDirectory(root: string, display: string, limits: WalkLimits = DEFAULT_WALK_LIMITS): WalkResult {
  const files: WalkedFile[] = [];
  const ignored: IgnoredFile[] = [];
  const anomalies: Anomaly[] = [];
  const seen = new Set<string>();
  const rootStat = statSync(root);
  seen.add(`${rootStat.dev}:${rootStat.ino}`);
  const shown = (rel: string) => displayJoin(display, rel);
  // Depth-first, in name order; an explicit stack so deep trees cannot overflow the call stack.
  const stack: { abs: string; rel: string; depth: number }[] = [{ abs: root, rel: '', depth: 0 }];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir.abs).sort();
    } catch (e) {
      ignored.push({ path: shown(dir.rel) || display, reason: `folder cannot be read (${code(e)})` });
      continue;
    }
    const links: string[] = [];
    const plain: string[] = [];
    for (const n of names) {
      try {
        (lstatSync(join(dir.abs, n)).isSymbolicLink() ? links : plain).push(n);
      } catch (e) {
        ignored.push({ path: shown(dir.rel === '' ? n : `${dir.rel}/${n}`), reason: `cannot be read (${code(e)})` });
      }
    }
    const subdirs: { abs: string; rel: string; depth: number }[] = [];
    // Real entries before links: a linked folder that duplicates a real one is then the one skipped.
    for (const n of [...plain, ...links]) {
      const abs = join(dir.abs, n);
      const rel = dir.rel === '' ? n : `${dir.rel}/${n}`;
      let st;
      try {
        st = statSync(abs);
      } catch (e) {
        ignored.push({ path: shown(rel), reason: `cannot be read (${code(e)}${links.includes(n) ? ', broken symbolic link' : ''})` });
        continue;
      }
      const id = `${st.dev}:${st.ino}`;
      if (st.isDirectory()) {
        if (seen.has(id)) {
          ignored.push({ path: shown(rel), reason: 'folder already walked (symbolic link loop or second link to it)' });
        } else if (dir.depth + 1 > limits.maxDepth) {
          ignored.push({ path: shown(rel), reason: `deeper than ${limits.maxDepth} folder levels: not walked` });
        } else {
          seen.add(id);
          subdirs.push({ abs, rel, depth: dir.depth + 1 });
        }
      } else if (st.isFile()) {
        if (seen.has(id)) {
          ignored.push({ path: shown(rel), reason: 'same file as one already listed (link)' });
          continue;
        }
        if (files.length >= limits.maxFiles) {
          anomalies.push({ code: 'walk-limit', severity: 'error', message: `${display}: more than ${limits.maxFiles} files; the rest was not looked at` });
          return { files, ignored, anomalies };
        }
        seen.add(id);
        files.push({ abs, relPath: rel, size: st.size });
      } else {
        ignored.push({ path: shown(rel), reason: 'not a regular file' });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return { files, ignored, anomalies };
}
