/**
 * Writes rendered reports under `--out`, and nowhere else: file names come from the renderers (sanitised there),
 * are checked again here, and the output folder may not lie inside an input folder (the evidence stays untouched).
 */
import { mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import type { RenderedFile } from '../report/render.js';

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** Refuses an output folder inside (or equal to) any input folder, or the folder of an input file. */
export function checkOutputDir(out: string, inputs: readonly string[]): string {
  const target = real(out);
  for (const input of inputs) {
    let dir = real(input);
    try {
      if (!statSync(dir).isDirectory()) dir = dirname(dir);
    } catch {
      continue;
    }
    if (inside(target, dir)) throw new UsageError(`--out ${out} lies inside the evidence folder ${input}: choose an output folder outside the inputs`);
  }
  return target;
}

export function writeReports(outDir: string, files: readonly RenderedFile[]): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    // Defence in depth: a name is one plain path component.
    if (f.fileName !== basename(f.fileName) || f.fileName.startsWith('.') || /[\\/\0]/.test(f.fileName)) {
      throw new Error(`refusing report file name ${JSON.stringify(f.fileName)}`);
    }
    const p = join(outDir, f.fileName);
    writeFileSync(p, f.content);
    written.push(p);
  }
  return written;
}
