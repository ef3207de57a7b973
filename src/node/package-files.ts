/**
 * Files shipped with the package (templates/, dist/node/analyze-worker.js, dist/web/rdslic.html), found from the
 * package root. The CLI runs both as tsc's module tree and as an esbuild bundle whose chunks live elsewhere in
 * dist/, so paths relative to the calling module would differ; the root (the folder holding rdslic's
 * package.json) does not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'rdslic') return (root = dir);
      } catch {
        // not ours; keep climbing
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('rdslic: cannot find the package root (package.json named rdslic) above the running code');
}

/** A path inside the package, e.g. `packagePath('templates')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
