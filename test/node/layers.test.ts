/** The layering rule: only the CLI imports from src/cli (errors it shares with the Node edge live in src/node). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/oracles.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The programs themselves (the bin's launcher, the single executable's entry) sit above the CLI. */
const PROGRAMS = ['cli.ts', 'exe.ts'];

describe('layers', () => {
  it('nothing outside src/cli imports from src/cli', () => {
    const src = join(ROOT, 'src');
    const offenders = sources(src)
      .filter((f) => !relative(src, f).startsWith('cli/') && !PROGRAMS.includes(relative(src, f)))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '((?:\.\.?\/)+(?:[\w-]+\/)*)cli\/[^']+'/g)].map((m) => `${relative(src, f)}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });
});
