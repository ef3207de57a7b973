/**
 * Times the offline page in headless Chromium on one hive (default: the corpus' 15 MB SYSTEM_WIN_10_1709), from
 * handing the file to the page's file input to the report being shown, next to `rdslic analyze` on the same file.
 * usage: npm run build && tsx scripts/bench-web.ts [--hive PATH] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { DEFAULT_OUT, ROOT } from './build-web.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const hive = resolve(opt('--hive', resolve(ROOT, '../shared/corpus/mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709')));
const runs = Number(opt('--runs', '5'));
if (!existsSync(DEFAULT_OUT)) throw new Error(`${DEFAULT_OUT} is missing: npm run build:web first`);
if (!existsSync(hive)) throw new Error(`${hive} is missing`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage();
await page.goto(pathToFileURL(DEFAULT_OUT).href);
await page.waitForSelector('body[data-state=ready]');
const web: number[] = [];
for (let i = 0; i < runs + 1; i++) {
  await page.evaluate(() => document.body.setAttribute('data-state', 'ready'));
  const t0 = performance.now();
  await page.setInputFiles('#pick-files', hive);
  await page.waitForSelector('body[data-state=done], body[data-state=failed], body[data-state=empty]', { timeout: 300_000 });
  const t = performance.now() - t0;
  if (i > 0) web.push(t); // the first run warms up the JIT
  await page.setInputFiles('#pick-files', []);
}
const state = await page.getAttribute('body', 'data-state');
const version = browser.version();
await browser.close();

const cli: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [resolve(ROOT, 'dist/cli.js'), 'analyze', hive, '--format', 'json', '--jobs', '1', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  cli.push(performance.now() - t0);
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
}

const mb = (statSync(hive).size / 1e6).toFixed(1);
console.log(`hive: ${hive} (${mb} MB); page state: ${state}; Chromium ${version}; ${runs} runs each, median`);
console.log(`| where | median ms | all runs (ms) |`);
console.log(`| --- | --- | --- |`);
console.log(`| page in headless Chromium (file input → report shown) | ${median(web).toFixed(0)} | ${web.map((x) => x.toFixed(0)).join(', ')} |`);
console.log(`| \`rdslic analyze --format json --jobs 1\` (process start to exit) | ${median(cli).toFixed(0)} | ${cli.map((x) => x.toFixed(0)).join(', ')} |`);
