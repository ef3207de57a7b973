/**
 * Files shipped with the package (templates/, dist/node/analyze-worker.js, dist/web/rdslic.html), found from the
 * package root. The CLI runs both as tsc's module tree and as an esbuild bundle whose chunks live elsewhere in
 * dist/, so paths relative to the calling module would differ; the root (the folder holding rdslic's
 * package.json) does not. Inside the single executable there is no package folder: src/exe.ts registers the
 * executable's assets (node:sea) here, and the callers take those first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerSource } from './worker-pool.js';

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

/** Names of the single executable's assets (scripts/build-exe.mjs writes them). */
export const EMBEDDED_ASSETS = {
  /** ReportTemplates as JSON (templates/ read by loadTemplates). */
  templates: 'templates.json',
  /** dist/web/rdslic.html. */
  page: 'rdslic.html',
  /** The pool worker (src/node/analyze-worker.ts) bundled as one CommonJS script. */
  worker: 'analyze-worker.cjs',
} as const;

export interface EmbeddedFiles {
  /** The asset's bytes, or undefined when the executable has no such asset. */
  bytes(name: string): Uint8Array | undefined;
}

let embedded: EmbeddedFiles | null = null;

export function useEmbeddedFiles(files: EmbeddedFiles | null): void {
  embedded = files;
}

/** The executable's assets, or null when running from the package. */
export function embeddedFiles(): EmbeddedFiles | null {
  return embedded;
}

export function embeddedText(name: string): string | undefined {
  const b = embedded?.bytes(name);
  return b === undefined ? undefined : new TextDecoder().decode(b);
}

/** The analysis pool's worker: the executable's embedded bundle, else dist/node/analyze-worker.js. */
export function analyzeWorkerSource(): WorkerSource {
  const code = embeddedText(EMBEDDED_ASSETS.worker);
  return code !== undefined ? { code } : { file: pathToFileURL(packagePath('dist', 'node', 'analyze-worker.js')) };
}
