/** `dump --key` takes the key paths rdslic prints and people copy, and hives inside zips as `info` names them. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { dword, treeFromPaths, writeHive } from '../../src/regf-writer/index.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const SAMPLE = join(ROOT, 'samples/healthy-per-user');
const SYSTEM = join(SAMPLE, 'SYSTEM');
const CANONICAL = 'ControlSet001\\Control\\Terminal Server';

describe('dump --key', () => {
  const expected = runCli(['dump', SYSTEM, '--key', CANONICAL]);

  it('the hive-relative form works (the reference for the others)', () => {
    expect(expected.code, expected.stderr).toBe(0);
    expect(JSON.parse(expected.stdout.split('\n')[0])).toMatchObject({ type: 'key', path: CANONICAL });
  });

  for (const typed of [
    'SYSTEM\\ControlSet001\\Control\\Terminal Server',
    'HKLM\\SYSTEM\\ControlSet001\\Control\\Terminal Server',
    'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server',
    'Computer\\HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server',
    'CurrentControlSet\\Control\\Terminal Server',
    'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
    'ControlSet001/Control/Terminal Server',
    'system/currentcontrolset/control/TERMINAL SERVER/',
    '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server',
  ]) {
    it(`accepts ${typed}`, () => {
      const r = runCli(['dump', SYSTEM, '--key', typed]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(expected.stdout);
    });
  }

  it('CurrentControlSet follows Select\\Current, not always ControlSet001', () => {
    // The scenario writer's SYSTEM has Select\Current; the report names the set it points at.
    const json = JSON.parse(runCli(['analyze', SAMPLE, '--format', 'json', '--quiet']).stdout);
    const cs = json.hosts[0].facts.controlSet.name;
    const r = runCli(['dump', SYSTEM, '--key', 'CurrentControlSet']);
    expect(JSON.parse(r.stdout.split('\n')[0]).path).toBe(cs);
  });

  it('CurrentControlSet resolves through Select\\Current in a hive whose current set is ControlSet002', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-dumpcs-'));
    const hive = join(dir, 'SYSTEM');
    writeFileSync(
      hive,
      writeHive(
        treeFromPaths({
          Select: { values: [dword('Current', 2), dword('Default', 2), dword('LastKnownGood', 1), dword('Failed', 0)] },
          'ControlSet001\\Control\\Terminal Server': { values: [dword('fDenyTSConnections', 1)] },
          'ControlSet002\\Control\\Terminal Server': { values: [dword('fDenyTSConnections', 0)] },
        }),
      ),
    );
    const r = runCli(['dump', hive, '--key', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'key', path: 'ControlSet002\\Control\\Terminal Server' });
    expect(lines.find((l) => l.name === 'fDenyTSConnections')).toMatchObject({ data: 0 });
  });

  it('a key that is not there: one line saying what was looked up, exit 2', () => {
    const r = runCli(['dump', SYSTEM, '--key', 'HKLM\\SYSTEM\\CurrentControlSet\\Nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/key not found: .*looked up "CurrentControlSet\\Nope", "ControlSet001\\Nope"/);
  });

  it('a .reg export holding two hives: a key path naming its hive picks it without --hive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-dumpkey-'));
    const reg = join(dir, 'both.reg');
    writeFileSync(reg, 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server]\r\n"fDenyTSConnections"=dword:00000000\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services]\r\n"LicensingMode"=dword:00000004\r\n');
    const sys = runCli(['dump', reg, '--key', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server']);
    expect(sys.code, sys.stderr).toBe(0);
    expect(sys.stdout).toMatch(/fDenyTSConnections/);
    const soft = runCli(['dump', reg, '--key', 'SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services']);
    expect(soft.code, soft.stderr).toBe(0);
    expect(soft.stdout).toMatch(/LicensingMode/);
    expect(soft.stdout).not.toMatch(/fDenyTSConnections/);
  });

  it('a hive inside a zip, named as info prints it (archive.zip!/inner/path)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-dumpzip-'));
    const zip = join(dir, 'Collection-X.zip');
    writeFileSync(zip, zipSync({ 'C/Windows/System32/config/SYSTEM': readFileSync(SYSTEM), 'C/Windows/System32/config/SOFTWARE': readFileSync(join(SAMPLE, 'SOFTWARE')) }));
    const info = runCli(['info', zip]);
    const member = info.stdout.match(/(\S+!\/\S*SYSTEM)\b/)?.[1];
    expect(member, info.stdout).toBe(`${zip}!/C/Windows/System32/config/SYSTEM`);
    const r = runCli(['dump', member!, '--key', 'HKLM\\SYSTEM\\ControlSet001\\Control\\Terminal Server']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected.stdout);
    const i = runCli(['info', '--json', member!]);
    expect(JSON.parse(i.stdout).sha256).toBe(JSON.parse(runCli(['info', '--json', SYSTEM]).stdout).sha256);
    const bare = runCli(['dump', zip]);
    expect(bare.code).toBe(2);
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toContain(`e.g. "${zip}!/C/Windows/System32/config/`);
  });
});
