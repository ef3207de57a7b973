/** `rdslic dump --artifact` as a user runs it: output shape, usage errors, logs, .reg exports, damaged input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHive } from '../../src/regf-writer/index.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { CORPUS, oracles } from '../helpers/oracles.js';
import { bamSystem, taskSoftware } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'rdslic-artifact-cli-'));
const system = join(dir, 'SYSTEM');
writeFileSync(system, writeHive(bamSystem().root));

describe('rdslic dump --artifact', () => {
  it('prints one JSON object per record with the documented keys', () => {
    const r = runCli(['dump', system, '--artifact', 'bam']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(Object.keys(l)).toEqual(['artifact', 'path', 'time', 'user', 'extra', 'offset']);
    expect(lines[2]).toMatchObject({ artifact: 'bam', path: '\\Device\\HarddiskVolume2\\Windows\\RDPWInst.exe', time: '2023-12-24T23:59:59.000Z', extra: { service: 'bam', key: 'UserSettings' } });
    expect(typeof lines[0].offset).toBe('number');
  });

  it('an unknown artifact is a one-line usage error (exit 2); an absent artifact prints nothing', () => {
    const bad = runCli(['dump', system, '--artifact', 'prefetch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('unknown artifact "prefetch"');
    const none = runCli(['dump', system, '--artifact', 'userassist']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
  });

  it('tasks with their structured actions', () => {
    const sw = join(dir, 'SOFTWARE');
    writeFileSync(sw, writeHive(taskSoftware().root));
    const r = runCli(['dump', sw, '--artifact', 'tasks']);
    expect(r.code, r.stderr).toBe(0);
    const [t] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(t.path).toBe('\\Reset120');
    expect(t.extra.actions[0]).toEqual({ kind: 'exec', id: '', command: 'C:\\Windows\\Reset120.cmd', arguments: '/quiet', workingDirectory: 'C:\\Windows', flags: 0 });
  });

  it('a truncated hive yields what can be read and warnings, never a stack trace', () => {
    const bytes = writeHive(bamSystem().root);
    for (const cut of [4096 + 512, Math.floor(bytes.length * 0.6), bytes.length - 100]) {
      const f = join(dir, `SYSTEM-cut-${cut}`);
      writeFileSync(f, bytes.subarray(0, cut));
      const r = runCli(['dump', f, '--artifact', 'bam']);
      expect([0, 2]).toContain(r.code);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });
});

describe.skipIf(!oracles.corpus)('rdslic dump --artifact on corpus hives', () => {
  it('Amcache is read with its logs replayed (the default) and without', () => {
    const hive = resolve(CORPUS, 'AndrewRathbun_DFIRArtifactMuseum/Windows/Amcache/Win10/APTSimulatorVM/Amcache.hve');
    const replayed = runCli(['dump', hive, '--artifact', 'amcache']);
    const primary = runCli(['dump', hive, '--artifact', 'amcache', '--no-logs']);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(primary.code).toBe(0);
    const n = (s: string) => s.trim().split('\n').length;
    expect(n(replayed.stdout)).toBeGreaterThan(10);
    expect(n(replayed.stdout)).toBeGreaterThanOrEqual(n(primary.stdout));
  });
});
