/** Every command's --help shows examples, and each example works when pasted (in this repository). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const COMMANDS = ['analyze', 'info', 'dump', 'rules', 'explain', 'web'];

function examplesOf(help: string): string[] {
  return help
    .split('\n')
    .map((l) => l.match(/^\s+\$ (rdslic .*)$/)?.[1])
    .filter((l): l is string => l !== undefined);
}

function tree(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

describe('--help examples', () => {
  const samplesBefore = tree(join(ROOT, 'samples'));
  for (const cmd of [null, ...COMMANDS]) {
    it(`${cmd ?? 'rdslic'} --help has examples that run`, () => {
      const help = runCli(cmd ? [cmd, '--help'] : ['--help']);
      expect(help.code).toBe(0);
      const examples = examplesOf(help.stdout);
      expect(examples.length).toBeGreaterThan(0);
      for (const ex of examples) {
        // Pasted into a shell with `rdslic` on the PATH, in a folder of its own that has the samples (as a link):
        // what the examples write lands there, and no other session's leftovers are in the way.
        const cwd = mkdtempSync(join(tmpdir(), 'rdslic-help-'));
        symlinkSync(join(ROOT, 'samples'), join(cwd, 'samples'), 'junction');
        const r = spawnSync('bash', ['-c', `rdslic() { "${process.execPath}" "${join(ROOT, 'dist/cli.js')}" "$@"; }; ${ex}`], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
        // 1 is the documented --fail-on outcome; anything else (2: usage or input error) means the example is wrong.
        expect([0, 1], `${ex}: ${r.stderr}`).toContain(r.status);
      }
    });
  }
  it('running the analyze examples left the evidence (samples/) untouched', () => {
    expect(tree(join(ROOT, 'samples'))).toBe(samplesBefore);
  });
});
