/**
 * The HTML report in headless Chromium: opened from file:// with JavaScript off, key sections visible, no console
 * errors, no request but the file itself, no serious or critical axe-core violations; screenshots for a human look.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, watchPage } from '../helpers/browser.js';
import { loadTemplates } from '../../src/node/templates.js';
import { renderReports } from '../../src/report/index.js';
import { scenarioReport } from './helpers.js';

const OUT = resolve(import.meta.dirname, '../../test-artifacts');

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!chromiumAvailable)('HTML report in Chromium', () => {
  let browser: Browser;
  const files = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(resolve(OUT, 'browser'), { recursive: true });
    const report = scenarioReport(['grace-period-expired', 'hostile-names', 'corrupt-client-store']);
    for (const f of renderReports(report, ['html'], loadTemplates(), { caseId: 'CASE-42', examiner: 'J. Doe' })) {
      const path = resolve(OUT, 'browser', f.fileName);
      writeFileSync(path, f.content);
      files.set(f.fileName, pathToFileURL(path).href);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const name of ['001-RDSH02.html', '002-script_alert_1_script_x.html', 'index.html']) {
    it(`${name}: renders with JavaScript off, no console errors, no request but the file`, async () => {
      const url = files.get(name);
      expect(url, [...files.keys()].join(', ')).toBeDefined();
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const { requests, problems } = watchPage(page);
      await page.goto(url!, { waitUntil: 'load' });
      if (name === 'index.html') {
        await expect(page.locator('#host-table').isVisible()).resolves.toBe(true);
        expect(await page.locator('#host-table tbody tr').count()).toBe(3);
      } else {
        for (const id of ['verdict', 'timeline', 'findings', 'facts', 'inputs', 'rules']) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
        expect(await page.locator('#timeline svg').isVisible()).toBe(true);
        expect(await page.locator('script:not([type="application/json"])').count()).toBe(0);
      }
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      if (name === '001-RDSH02.html') {
        await page.screenshot({ path: resolve(OUT, 'report.png'), fullPage: true });
        await page.emulateMedia({ media: 'print' });
        // The printable width of A4 with the report's 12 mm side margins, at 96 dpi.
        await page.setViewportSize({ width: 703, height: 1000 });
        await page.screenshot({ path: resolve(OUT, 'report-print.png'), fullPage: true });
      }
      if (name === '002-script_alert_1_script_x.html') await page.screenshot({ path: resolve(OUT, 'report-hostile.png'), fullPage: true });
      await context.close();
    });

    it(`${name}: no serious or critical axe-core violations`, async () => {
      // axe needs script: a separate context with JavaScript on and the page's CSP bypassed for the injected tag only.
      const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(files.get(name)!, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe;
        return axe.run(document, { resultTypes: ['violations'] });
      })) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      expect(bad).toEqual([]);
      await context.close();
    });
  }

  it('axe-core is live: it reports a known critical violation', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><img src="data:,"></main></body></html>');
    await page.addScriptTag({ content: axeSource });
    const ids = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      return (await axe.run(document)).violations.map((v) => `${v.id}:${v.impact}`);
    });
    expect(ids).toContain('image-alt:critical');
    await context.close();
  });

  it('prints to an A4 PDF', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(files.get('001-RDSH02.html')!, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(resolve(OUT, 'report.pdf'), pdf);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    await context.close();
  });
});
