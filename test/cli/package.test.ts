/**
 * Installed like a CLI: `npm pack` gives a package whose `rdslic` bin works after `npm install -g` (into a
 * temporary prefix) from any folder, templates and the web page found from the installed package.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/oracles.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 600_000, shell: process.platform === 'win32', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });

describe('the npm package', () => {
  it.skipIf(process.platform === 'win32')('dist/cli.js is an executable file with a shebang', () => {
    expect(readFileSync(join(ROOT, 'dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(join(ROOT, 'dist/cli.js'), constants.X_OK);
    const r = spawnSync(join(ROOT, 'dist/cli.js'), ['--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('npm pack + npm install -g: rdslic analyze samples and rdslic web work from another folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-pack-'));
    // dist/ is built by the test setup; a user's `npm pack` builds it first (prepack).
    const pack = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    for (const f of ['dist/cli.js', 'dist/cli.cjs', 'dist/cli.cjs.cache', 'dist/node/analyze-worker.js', 'dist/web/rdslic.html', 'templates/report.html.hbs', 'templates/partials/table.html.hbs', 'schema/report.schema.json', 'README.md']) expect(files, f).toContain(f);
    expect(files.filter((f) => /^(src|test|samples|reports|scripts)\//.test(f))).toEqual([]);

    const prefix = join(dir, 'prefix');
    const install = run(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, info.filename)], dir);
    expect(install.status, install.stderr).toBe(0);
    const bin = process.platform === 'win32' ? join(prefix, 'rdslic.cmd') : join(prefix, 'bin', 'rdslic');
    expect(existsSync(bin)).toBe(true);

    const elsewhere = join(dir, 'case-folder');
    mkdirSync(elsewhere);
    const version = run(bin, ['--version'], elsewhere);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const analyze = run(bin, ['analyze', join(ROOT, 'samples'), '--out', 'reports', '--jobs', '2', '--quiet'], elsewhere);
    expect(analyze.status, analyze.stderr).toBe(0);
    // The same reports as the repository's own CLI writes (templates came from the installed package).
    const committed = readdirSync(join(ROOT, 'reports')).sort();
    expect(readdirSync(join(elsewhere, 'reports')).sort()).toEqual(committed);
    expect(readFileSync(join(elsewhere, 'reports/index.html'), 'utf8').length).toBeGreaterThan(1000);
    const web = run(bin, ['web', '--out', 'page.html'], elsewhere);
    expect(web.status, web.stderr).toBe(0);
    expect(readFileSync(join(elsewhere, 'page.html'))).toEqual(readFileSync(join(ROOT, 'dist/web/rdslic.html')));
  });
});
