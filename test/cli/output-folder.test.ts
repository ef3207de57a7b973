/**
 * The --out folder: the evidence guard protects the evidence (not the user's working folder), environment errors
 * are one line with exit 2 before any analysis, and a folder holds one run.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { environmentMessage } from '../../src/node/environment-error.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';
import { filesUnder } from '../helpers/files.js';

const SAMPLES = join(ROOT, 'samples');
const tmp = () => mkdtempSync(join(tmpdir(), 'rdslic-out-'));

/** A case folder as a user has it: SYSTEM and SOFTWARE of one machine. */
function caseFolder(): { dir: string; ev: string } {
  const dir = tmp();
  const ev = join(dir, 'case1');
  mkdirSync(ev);
  cpSync(join(SAMPLES, 'grace-period-expired/SYSTEM'), join(ev, 'SYSTEM'));
  cpSync(join(SAMPLES, 'grace-period-expired/SOFTWARE'), join(ev, 'SOFTWARE'));
  return { dir, ev };
}

const snapshot = (dir: string) => Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(f).toString('base64')]));

function oneLine(r: { code: number | null; stderr: string; signal: NodeJS.Signals | null }): string {
  expect(r.signal).toBeNull();
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toMatch(/internal error/);
  return r.stderr.trim();
}

describe('evidence guard', () => {
  it('loose files in the current folder with the default reports/ work, and the evidence stays as it was', () => {
    const { ev } = caseFolder();
    const before = snapshot(ev);
    const r = runCli(['analyze', 'SYSTEM', 'SOFTWARE', '--quiet'], { cwd: ev });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(ev, 'reports')).filter((f) => f.endsWith('.html'))).toHaveLength(1);
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(f).toString('base64'), f).toBe(bytes);
  });

  it('a zip in the current folder with the default reports/ works; --out inside the archive is refused', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'Collection-X.zip'), zipSync({ 'C/Windows/System32/config/SYSTEM': readFileSync(join(SAMPLES, 'healthy-per-user/SYSTEM')), 'C/Windows/System32/config/SOFTWARE': readFileSync(join(SAMPLES, 'healthy-per-user/SOFTWARE')) }));
    expect(runCli(['analyze', 'Collection-X.zip', '--quiet'], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, 'reports'))).toBe(true);
    const line = oneLine(runCli(['analyze', 'Collection-X.zip', '--out', 'Collection-X.zip/reports'], { cwd: dir }));
    expect(line).toMatch(/lies inside the input archive Collection-X\.zip; rdslic never writes over evidence: choose e\.g\. --out /);
  });

  it('`analyze .` in the evidence folder is refused, naming the folder, and the suggested --out works', () => {
    const { ev } = caseFolder();
    const line = oneLine(runCli(['analyze', '.'], { cwd: ev }));
    expect(line).toContain(`is inside the input folder . (${ev})`);
    const suggested = line.match(/choose e\.g\. --out (\S+)$/)?.[1];
    expect(suggested).toBe('../case1-reports');
    const r = runCli(['analyze', '.', '--out', suggested!, '--quiet'], { cwd: ev });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(resolve(ev, suggested!, '001-RDSH02.html'))).toBe(true);
    expect(readdirSync(ev).sort()).toEqual(['SOFTWARE', 'SYSTEM']);
  });

  it('--out ..reports (a name starting with two dots) inside the evidence folder is refused', () => {
    const { ev } = caseFolder();
    oneLine(runCli(['analyze', '.', '--out', '..reports'], { cwd: ev }));
    expect(readdirSync(ev).sort()).toEqual(['SOFTWARE', 'SYSTEM']);
  });

  it('a symbolic link into the evidence folder is followed by the guard', () => {
    const { dir, ev } = caseFolder();
    symlinkSync(ev, join(dir, 'looks-elsewhere'));
    const line = oneLine(runCli(['analyze', ev, '--out', join(dir, 'looks-elsewhere/reports')]));
    expect(line).toMatch(/inside the input folder/);
    expect(readdirSync(ev).sort()).toEqual(['SOFTWARE', 'SYSTEM']);
  });

  it('--out at an input file is refused as evidence, not as a generic error', () => {
    const { ev } = caseFolder();
    expect(oneLine(runCli(['analyze', 'SYSTEM', 'SOFTWARE', '--out', 'SYSTEM'], { cwd: ev }))).toMatch(/--out SYSTEM is the input file SYSTEM; rdslic never writes over evidence/);
  });

  it('a report never overwrites the --config file, even with --force', () => {
    const { dir } = caseFolder();
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'report.json'), JSON.stringify({ rules: {} }));
    const line = oneLine(runCli(['analyze', join(dir, 'case1'), '--out', out, '--format', 'json', '--force', '--config', join(out, 'report.json')]));
    expect(line).toMatch(/report\.json would overwrite an input of this run/);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toEqual({ rules: {} });
  });
});

describe('environment errors: one line, exit 2, before the analysis', () => {
  it('--out naming an existing file (checked before the inputs are even opened)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), 'x');
    // The input does not exist: the --out refusal coming first shows the check runs before any input is read.
    expect(oneLine(runCli(['analyze', join(dir, 'missing'), '--out', join(dir, 'afile')]))).toMatch(/is a file, not a folder/);
    expect(oneLine(runCli(['analyze', join(dir, 'missing'), '--out', join(dir, 'afile/sub')]))).toMatch(/is a file, not a folder/);
  });

  it.skipIf(process.platform !== 'linux' || !existsSync('/proc/self'))('--out on /proc and /sys ends at once instead of hanging', () => {
    for (const out of ['/proc/x', '/proc/x/y', '/sys/rdslic-x']) {
      const r = runCli(['analyze', join(SAMPLES, 'healthy-per-user'), '--out', out], { timeoutMs: 60_000 });
      expect(oneLine(r)).toMatch(new RegExp(`^rdslic: --out ${out}: cannot create the folder`));
    }
    expect(oneLine(runCli(['web', '--out', '/proc/x/rdslic.html'], { timeoutMs: 60_000 }))).toMatch(/cannot create the folder/);
  });

  it.skipIf(process.platform === 'win32')('a folder the user may not write to', () => {
    const dir = tmp();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    chmodSync(dir, 0o755);
    // As root, permissions do not apply: run as nobody then.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const out of [join(ro, 'x'), ro]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'analyze', join(SAMPLES, 'healthy-per-user'), '--out', out], { encoding: 'utf8', timeout: 60_000, cwd: dir, ...asNobody });
      expect(oneLine({ code: r.status, stderr: r.stderr, signal: r.signal })).toMatch(/permission denied \(EACCES\)/);
    }
    expect(readdirSync(ro)).toEqual([]);
  });

  it('errno failures read as the environment: no space, read-only, permission', () => {
    expect(environmentMessage(Object.assign(new Error('x'), { code: 'ENOSPC', path: '/mnt/full/report.html' }))).toBe('/mnt/full/report.html: no space left on the device (ENOSPC)');
    expect(environmentMessage(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('read-only file system (EROFS)');
    expect(environmentMessage(new TypeError('not an errno error'))).toBeNull();
  });
});

describe('re-runs: one run per folder', () => {
  it('a second run into the same --out replaces the first run instead of adding to it', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const fleet = runCli(['analyze', join(SAMPLES, 'healthy-per-user'), join(SAMPLES, 'grace-period-expired'), '--out', out, '--format', 'html,md,json', '--quiet']);
    expect(fleet.code, fleet.stderr).toBe(0);
    expect(readdirSync(out)).toContain('index.html');
    const one = runCli(['analyze', join(SAMPLES, 'grace-period-expired'), '--out', out, '--quiet']);
    expect(one.code, one.stderr).toBe(0);
    const fresh = join(dir, 'fresh');
    runCli(['analyze', join(SAMPLES, 'grace-period-expired'), '--out', fresh, '--quiet']);
    expect(readdirSync(out).sort()).toEqual(readdirSync(fresh).sort());
    expect(readdirSync(out)).not.toContain('index.html');
    expect(JSON.parse(readFileSync(join(out, '.rdslic-manifest.json'), 'utf8')).files).toEqual(readdirSync(fresh).filter((f) => !f.startsWith('.')).sort());
  });

  it('a non-empty folder rdslic did not write is refused; --force writes beside its files and leaves them', () => {
    const dir = tmp();
    const out = join(dir, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'my notes');
    const line = oneLine(runCli(['analyze', join(SAMPLES, 'healthy-per-user'), '--out', out]));
    expect(line).toMatch(/is not empty and rdslic did not write what is there \(notes\.txt\).*--force/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const forced = runCli(['analyze', join(SAMPLES, 'healthy-per-user'), '--out', out, '--force', '--quiet']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
    // The next run (no --force needed for its own files, still needed for notes.txt) replaces only rdslic's.
    expect(runCli(['analyze', join(SAMPLES, 'healthy-per-user'), '--out', out, '--quiet']).code).toBe(2);
    expect(runCli(['analyze', join(SAMPLES, 'grace-period-expired'), '--out', out, '--force', '--quiet']).code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.html'))).toEqual(['001-RDSH02.html']);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
  });

  it('a run that finds nothing leaves no empty --out folder behind', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'empty'));
    const r = runCli(['analyze', join(dir, 'empty'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
