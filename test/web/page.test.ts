/**
 * The offline page in headless Chromium, opened from file://: hives given through its file inputs (a folder pick,
 * loose files, a drop) are analysed in its worker; the findings shown and the reports downloaded are checked
 * against `rdslic analyze` on the same files; the page may load nothing but itself and blob: URLs.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, watchPage } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebPage, DEFAULT_OUT, MAX_PAGE_BYTES } from '../../scripts/build-web.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const SAMPLES = join(ROOT, 'samples');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Session {
  page: Page;
  requests: string[];
  problems: string[];
}

describe('the built page', () => {
  it("one file: a CSP that allows no connection and only the inline script, by its SHA-256; no external reference", async () => {
    const { html, scriptHash } = await buildWebPage();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp.split('; ')).toEqual(["default-src 'none'", `script-src '${scriptHash}'`, 'worker-src blob:', "connect-src 'none'", "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'none'"]);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(`sha256-${createHash('sha256').update(scripts[0][1], 'utf8').digest('base64')}`).toBe(scriptHash);
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:|\/\/)/i);
  });
});

describe.skipIf(!chromiumAvailable)('offline page in Chromium', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const built = await buildWebPage();
    expect(built.bytes).toBeLessThan(MAX_PAGE_BYTES);
    // Also the file `rdslic web` copies, so a test run leaves the page built.
    mkdirSync(resolve(DEFAULT_OUT, '..'), { recursive: true });
    writeFileSync(DEFAULT_OUT, built.html);
    const dir = resolve(ROOT, 'test-artifacts/web');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'rdslic.html'), built.html);
    url = pathToFileURL(join(dir, 'rdslic.html')).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(): Promise<Session> {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const { requests, problems } = watchPage(page);
    await page.goto(url);
    await page.waitForSelector('body[data-state=ready]');
    return { page, requests, problems };
  }

  async function finished(page: Page): Promise<string> {
    await page.waitForSelector('body[data-state=done], body[data-state=failed], body[data-state=empty]', { timeout: 90_000 });
    return (await page.getAttribute('body', 'data-state')) ?? '';
  }

  async function download(page: Page, fileName: string): Promise<string> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`a[data-file="${fileName}"]`)]);
    const p = await d.path();
    return readFileSync(p, 'utf8');
  }

  /** Only the page itself and the Blob URLs it makes (worker, downloads): nothing else, and no CSP complaint. */
  function expectOffline(s: Session): void {
    const others = s.requests.filter((r) => r !== url && !r.startsWith('blob:') && !r.startsWith('data:'));
    expect(others).toEqual([]);
    expect(s.problems).toEqual([]);
  }

  it('a picked folder: findings shown, and the HTML, Markdown and JSON downloads are what the CLI writes', async () => {
    const s = await open();
    const { page } = s;
    await expect(page.textContent('#privacy')).resolves.toMatch(/never uploads/);
    await page.setInputFiles('#pick-folder', join(SAMPLES, 'grace-period-expired'));
    expect(await finished(page)).toBe('done');
    const row = await page.textContent('#host-rows');
    expect(row).toContain('RDSH02');
    expect(row).toContain('broken');
    expect(row).toContain('Grace period has expired');
    const frame = page.frameLocator('#report-frame');
    await expect(frame.locator('h1').textContent()).resolves.toContain('RDSH02');
    await expect(frame.locator('#findings').textContent()).resolves.toContain('grace-period-expired');

    // The CLI run from the folder above, so the input paths read `grace-period-expired/SYSTEM` on both sides.
    const out = mkdtempSync(join(tmpdir(), 'rdslic-web-cli-'));
    const cli = runCli(['analyze', 'grace-period-expired', '--format', 'html,md,json', '--out', out, '--quiet'], { cwd: SAMPLES });
    expect([0, 1], cli.stderr).toContain(cli.code);
    const names = readdirSync(out).sort();
    expect(names).toEqual(['001-RDSH02.html', '001-RDSH02.md', 'findings.jsonl', 'report.json']);
    for (const n of names) expect(await download(page, n), n).toBe(readFileSync(join(out, n), 'utf8'));
    const json = JSON.parse(await download(page, 'report.json'));
    expect(json.hosts[0].inputs.map((i: { path: string }) => i.path)).toEqual(['grace-period-expired/SOFTWARE', 'grace-period-expired/SYSTEM']);
    expectOffline(s);
  });

  it('the disk-image sample: the DPAPI timebomb is decrypted in the browser to the exact end the CLI finds', async () => {
    const s = await open();
    await s.page.setInputFiles('#pick-folder', join(SAMPLES, 'rdsh-disk-image'));
    expect(await finished(s.page)).toBe('done');
    const json = await download(s.page, 'report.json');
    expect(JSON.parse(json).hosts[0].facts.gracePeriod).toMatchObject({ endKind: 'decoded', end: '2025-06-26T12:00:00.000Z' });
    expect(json).toBe(runCli(['analyze', 'rdsh-disk-image', '--format', 'json', '--quiet'], { cwd: SAMPLES }).stdout);
    expectOffline(s);
  });

  it('the whole samples folder: 22 hosts, the fleet index shown, the zip of every file equals reports/ plus report.json', async () => {
    const s = await open();
    await s.page.setInputFiles('#pick-folder', SAMPLES);
    expect(await finished(s.page)).toBe('done');
    expect(await s.page.locator('#host-rows tr').count()).toBe(22);
    await expect(s.page.frameLocator('#report-frame').locator('h1').textContent()).resolves.toBe('RDS licensing summary: 22 hosts');
    const [d] = await Promise.all([s.page.waitForEvent('download'), s.page.click('a[download="rdslic-reports.zip"]')]);
    const files = unzipSync(new Uint8Array(readFileSync(await d.path())));
    const committed = readdirSync(join(ROOT, 'reports')).sort();
    expect(Object.keys(files).sort()).toEqual([...committed, 'report.json'].sort());
    for (const f of committed) expect(new TextDecoder().decode(files[f]), f).toBe(readFileSync(join(ROOT, 'reports', f), 'utf8'));
    expect(new TextDecoder().decode(files['report.json'])).toBe(runCli(['analyze', 'samples', '--format', 'json', '--quiet']).stdout);
    expectOffline(s);
  });

  it('loose files picked one by one: one host labelled "files", otherwise the CLI JSON', async () => {
    const s = await open();
    const dir = join(SAMPLES, 'grace-period-expired');
    await s.page.setInputFiles('#pick-files', [join(dir, 'SYSTEM'), join(dir, 'SOFTWARE')]);
    expect(await finished(s.page)).toBe('done');
    const page = JSON.parse(await download(s.page, 'report.json'));
    const cli = JSON.parse(runCli(['analyze', 'SYSTEM', 'SOFTWARE', '--format', 'json', '--quiet'], { cwd: dir }).stdout);
    cli.hosts[0].label = 'files';
    expect(page).toEqual(cli);
    expectOffline(s);
  });

  it('dropped files are analysed; a drop with no hive says so and lists what was left out', async () => {
    const s = await open();
    const drop = async (files: { name: string; bytes: number[] }[]) => {
      const dt = await s.page.evaluateHandle((list) => {
        const t = new DataTransfer();
        for (const f of list) t.items.add(new File([new Uint8Array(f.bytes)], f.name));
        return t;
      }, files);
      await s.page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
    };
    const dir = join(SAMPLES, 'healthy-per-user');
    await drop(['SYSTEM', 'SOFTWARE'].map((name) => ({ name, bytes: [...readFileSync(join(dir, name))] })));
    expect(await finished(s.page)).toBe('done');
    expect(await s.page.textContent('#host-rows')).toContain('healthy');

    await drop([{ name: 'notes.txt', bytes: [...new TextEncoder().encode('not a hive')] }]);
    expect(await finished(s.page)).toBe('empty');
    expect(await s.page.textContent('#status-text')).toMatch(/No registry hives/);
    expect(await s.page.textContent('#ignored')).toContain('notes.txt');
    expectOffline(s);
  });

  it('no serious or critical axe-core violations on the page with a report shown', async () => {
    // axe needs script: a separate context with the page's CSP bypassed for the injected tag.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-state=ready]');
    await page.setInputFiles('#pick-folder', join(SAMPLES, 'hostile-names'));
    expect(await finished(page)).toBe('done');
    await page.addScriptTag({ content: axeSource });
    const result = (await page.evaluate(() => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe;
      return axe.run(document, { resultTypes: ['violations'], iframes: false });
    })) as { violations: { id: string; impact: string; help: string }[] };
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });

  it('rdslic web --out writes the built page', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rdslic-web-out-')), 'page.html');
    const r = runCli(['web', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(DEFAULT_OUT, 'utf8'));
  });
});
