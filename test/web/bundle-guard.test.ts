/**
 * Platform-neutrality guard: every module of the core (src/ except src/node, src/cli, the entries src/cli.ts and
 * src/exe.ts, and src/dpapi/crypto.ts, which the page swaps for src/web/crypto.ts) bundles for the browser with
 * esbuild without pulling in a Node built-in or the Node edge; a module that does is named with its importer.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { browserBuildOptions, ROOT } from '../../scripts/build-web.js';
import { loadTemplates } from '../../src/node/templates.js';

const SRC = join(ROOT, 'src');
const EXCLUDED = ['node', 'cli', 'cli.ts', 'exe.ts', join('dpapi', 'crypto.ts')].map((p) => join(SRC, p));

function coreModules(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (EXCLUDED.includes(p)) continue;
    if (statSync(p).isDirectory()) out.push(...coreModules(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

async function bundleAll(entryPoints: string[], extra: Record<string, string> = {}): Promise<string[]> {
  const found: string[] = [];
  try {
    await build({ ...browserBuildOptions(loadTemplates(), '', found), format: 'esm', minify: false, entryPoints, outdir: join(ROOT, 'dist/web-guard'), ...extra });
  } catch {
    // esbuild reports the plugin's errors by throwing; they are in `found`.
  }
  return found;
}

describe('the core bundles for the browser', () => {
  const entries = coreModules(SRC);

  it(`no Node module is pulled in by any of the ${entries.length} core modules`, async () => {
    expect(entries.length).toBeGreaterThan(150);
    expect(entries.some((e) => e.startsWith(join(SRC, 'web') + sep))).toBe(true);
    expect(entries.some((e) => e.endsWith(join('dpapi', 'chain.ts')))).toBe(true);
    expect(await bundleAll(entries)).toEqual([]);
  });

  it('the guard fails on a Node built-in and on the Node edge, naming the importer', async () => {
    const found = await bundleAll([join(SRC, 'dpapi/chain.ts'), join(SRC, 'node/read-file.ts')]);
    expect(found.some((f) => f.includes(`${relative(ROOT, join(SRC, 'node/read-file.ts'))} imports the Node module "node:fs"`)), found.join('\n')).toBe(true);
    const edge = await bundleAll([join(SRC, 'cli/commands/web.ts')]);
    expect(edge.length).toBeGreaterThan(0);
  });
});
