/**
 * The CLI bundle loads fflate and node:child_process on first use (scripts/lazy-modules.mjs): a one-host run
 * reads no zip and spawns nothing, so it must not load them, and a zip must still be read with the real fflate.
 * A preload records every require() the bundle makes: fflate's own load requires 'worker_threads' (our code asks for
 * 'node:worker_threads'), so that id marks fflate loading; the zip run checks the mark itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli.js');
const HOST = join(ROOT, 'samples/healthy-per-user');
const work = mkdtempSync(join(tmpdir(), 'rdslic-lazy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PRELOAD = join(work, 'record-requires.cjs');
writeFileSync(
  PRELOAD,
  `const Module = require('node:module');
const seen = new Set();
const original = Module.prototype.require;
Module.prototype.require = function (id) { seen.add(id); return original.apply(this, arguments); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.RDSLIC_REQUIRES_OUT, JSON.stringify([...seen])));
`,
);

function run(input: string, name: string): { stdout: string; requires: string[] } {
  const out = join(work, `${name}.json`);
  const r = spawnSync(process.execPath, ['--require', PRELOAD, BIN, 'analyze', input, '--format', 'json', '--quiet'], { encoding: 'utf8', env: { ...process.env, RDSLIC_REQUIRES_OUT: out } });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, requires: JSON.parse(readFileSync(out, 'utf8')) as string[] };
}

describe('modules the CLI bundle loads on first use', () => {
  it('a one-host run loads neither fflate nor node:child_process', () => {
    const { requires } = run(HOST, 'folder');
    expect(requires).toContain('node:crypto');
    expect(requires).not.toContain('worker_threads');
    expect(requires).not.toContain('node:child_process');
    expect(requires).not.toContain('child_process');
  });

  it('a zip loads fflate when it is read, and gives the folder’s report', () => {
    const zip = join(work, 'host.zip');
    writeFileSync(zip, zipSync({ 'C/Windows/System32/config/SYSTEM': readFileSync(join(HOST, 'SYSTEM')), 'C/Windows/System32/config/SOFTWARE': readFileSync(join(HOST, 'SOFTWARE')) }));
    const zipped = run(zip, 'zip');
    expect(zipped.requires).toContain('worker_threads');
    // The same analysis; only the inputs' names (col.zip!/…) differ.
    type Report = { hosts: { verdict: unknown; summary: unknown; passed: string[]; findings: { ruleId: string; messageId: string; severity: string }[] }[] };
    const outcome = (r: Report) => r.hosts.map((h) => ({ verdict: h.verdict, summary: h.summary, passed: h.passed, findings: h.findings.map((f) => [f.ruleId, f.messageId, f.severity]) }));
    const folder = JSON.parse(run(HOST, 'folder').stdout) as Report;
    expect(outcome(JSON.parse(zipped.stdout) as Report)).toEqual(outcome(folder));
    expect(folder.hosts[0].findings.length).toBeGreaterThan(0);
  });
});
