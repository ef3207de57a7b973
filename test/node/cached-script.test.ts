/**
 * The bin runs dist/cli.cjs with the V8 code cache the build made (src/node/cached-script.ts): the cache must be
 * one this Node accepts, and a cache V8 refuses must change nothing but the time.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCommonJs } from '../../src/node/cached-script.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'dist/cli.cjs');
const work = mkdtempSync(join(tmpdir(), 'rdslic-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('code cache of the CLI bundle', () => {
  it('the build made a cache that this Node accepts, and the bundle exports runCli', () => {
    const loaded = loadCommonJs(BUNDLE, readFileSync(BUNDLE, 'utf8'), readFileSync(`${BUNDLE}.cache`));
    expect(loaded.rejected).toBe(false);
    expect(typeof loaded.exports.runCli).toBe('function');
  });

  it('a cache V8 refuses is reported as rejected and the bundle still runs', () => {
    const bogus = new Uint8Array(4096).fill(7);
    const loaded = loadCommonJs(BUNDLE, readFileSync(BUNDLE, 'utf8'), bogus);
    expect(loaded.rejected).toBe(true);
    expect(typeof loaded.exports.runCli).toBe('function');
  });

  it('the bin gives the same report with the cache, with a damaged cache and without one', () => {
    const host = join(ROOT, 'samples/healthy-per-user');
    const reports: string[] = [];
    for (const variant of ['shipped', 'damaged', 'none'] as const) {
      const dist = join(work, variant);
      cpSync(join(ROOT, 'dist'), join(dist, 'dist'), { recursive: true });
      cpSync(join(ROOT, 'package.json'), join(dist, 'package.json'));
      cpSync(join(ROOT, 'templates'), join(dist, 'templates'), { recursive: true });
      if (variant === 'damaged') writeFileSync(join(dist, 'dist/cli.cjs.cache'), 'not a code cache');
      if (variant === 'none') rmSync(join(dist, 'dist/cli.cjs.cache'));
      const r = spawnSync(process.execPath, [join(dist, 'dist/cli.js'), 'analyze', host, '--format', 'json', '--quiet'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      reports.push(r.stdout);
    }
    expect(reports[0].length).toBeGreaterThan(1000);
    expect(reports[1]).toBe(reports[0]);
    expect(reports[2]).toBe(reports[0]);
  });
});
