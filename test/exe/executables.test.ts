/**
 * The single-file executables (npm run build:exe): built once here, then run as a user would, the Linux one
 * directly and the Windows one under Wine; their reports must equal the CLI's byte for byte (input paths shown
 * with `/` on Windows too). Wine is installed by .ci/run; without it the Windows half is skipped (fails under CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { filesUnder } from '../helpers/files.js';
import { ROOT, requireOracle } from '../helpers/oracles.js';

const LINUX_EXE = join(ROOT, 'dist/exe/rdslic-linux-x64');
const WIN_EXE = join(ROOT, 'dist/exe/rdslic-win-x64.exe');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const made: string[] = [];
const tmp = (tag: string) => {
  const dir = mkdtempSync(join(tmpdir(), `rdslic-exe-${tag}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Relative path → bytes of every file a run wrote. */
function tree(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((f) => [relative(dir, f).split('\\').join('/'), readFileSync(f)]));
}

function expectSameTree(actual: string, expected: string): void {
  const a = tree(actual);
  const e = tree(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  expect(e.size).toBeGreaterThan(10);
  for (const [name, bytes] of e) expect(a.get(name)?.equals(bytes), `${name} differs`).toBe(true);
}

const ANALYZE = ['analyze', 'samples', '--format', 'html,md,json', '--quiet'];
let cliReports = '';

beforeAll(() => {
  // global-setup built dist/ (tsc, bundle, web page); this adds the executables (Node 22 binaries cached).
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-exe.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 600_000 });
  cliReports = tmp('cli');
  const r = runCli([...ANALYZE, '--out', cliReports, '--jobs', '1'], { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
}, 660_000);

describe('build', () => {
  it('is reproducible: the blob records no path of the machine that built it', () => {
    const blob = readFileSync(join(ROOT, 'dist/exe/.build/sea-prep.blob'));
    expect(blob.length).toBeGreaterThan(100_000);
    expect(blob.includes(ROOT)).toBe(false);
  });
});

describe('Linux executable', () => {
  const run = (args: string[]) => spawnSync(LINUX_EXE, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });

  it('runs on its own: --version, no experimental warning', () => {
    const r = run(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.stderr).toBe('');
  });

  it('analyze samples in parallel workers gives the CLI reports byte for byte (embedded templates and worker)', () => {
    const out = tmp('linux');
    const r = run([...ANALYZE, '--out', out, '--jobs', '2']);
    expect(r.status, r.stderr).toBe(0);
    expectSameTree(out, cliReports);
  });

  it('JSON to stdout equals the CLI', () => {
    const args = ['analyze', 'samples/grace-period-expired', '--format', 'json', '--quiet'];
    const r = run(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(runCli(args).stdout);
  });

  it('web writes the embedded browser page, the same bytes as dist/web/rdslic.html', () => {
    const out = join(tmp('web'), 'page.html');
    const r = run(['web', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out).equals(readFileSync(join(ROOT, 'dist/web/rdslic.html')))).toBe(true);
  });

  it('a usage error is one line with exit 2, as from the CLI', () => {
    const r = run(['analyze', 'no-such-folder']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(runCli(['analyze', 'no-such-folder']).stderr);
  });
});

describe.skipIf(!requireOracle('wine'))('Windows executable under Wine', () => {
  let prefix = '';
  // Under Wine, node.exe cannot write to a pipe (EBADF): stdout and stderr go to files.
  const wine = (args: string[]) => {
    const dir = tmp('wine-io');
    const stdout = join(dir, 'stdout');
    const stderr = join(dir, 'stderr');
    const r = spawnSync('sh', ['-c', 'wine "$@" >"$RDSLIC_OUT" 2>"$RDSLIC_ERR"', 'wine', WIN_EXE, ...args], {
      cwd: ROOT,
      timeout: 180_000,
      env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', DISPLAY: '', RDSLIC_OUT: stdout, RDSLIC_ERR: stderr },
    });
    const res = { status: r.status, stdout: readFileSync(stdout, 'utf8'), stderr: readFileSync(stderr, 'utf8') };
    rmSync(dir, { recursive: true, force: true });
    return res;
  };

  beforeAll(() => {
    // A fresh prefix claiming Windows 10: node.exe 22 refuses Wine's default version (exit 216).
    prefix = tmp('wineprefix');
    const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', DISPLAY: '' };
    execFileSync('wineboot', ['-i'], { env, stdio: 'ignore', timeout: 300_000 });
    execFileSync('wine', ['winecfg', '/v', 'win10'], { env, stdio: 'ignore', timeout: 120_000 });
  }, 420_000);

  // The prefix is ~700 MB: stop its wineserver so the folder can go (the file-level afterAll removes it).
  afterAll(() => {
    spawnSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: prefix }, stdio: 'ignore', timeout: 60_000 });
  });

  it('--version', () => {
    const r = wine(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('analyze samples gives the CLI reports byte for byte: paths with / although Windows joins with \\', () => {
    const out = tmp('win');
    const r = wine([...ANALYZE, '--out', out, '--jobs', '2']);
    expect(r.status, r.stderr).toBe(0);
    expectSameTree(out, cliReports);
  });

  it('paths typed the Windows way are shown with /: analyze JSON and info equal the CLI given / paths', () => {
    const analyze = wine(['analyze', 'samples\\grace-period-expired', '--format', 'json', '--quiet']);
    expect(analyze.status, analyze.stderr).toBe(0);
    expect(analyze.stdout).toBe(runCli(['analyze', 'samples/grace-period-expired', '--format', 'json', '--quiet']).stdout);
    const info = wine(['info', '--json', 'samples\\grace-period-expired\\SYSTEM']);
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toBe(runCli(['info', '--json', 'samples/grace-period-expired/SYSTEM']).stdout);
  });
});
