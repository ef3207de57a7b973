/**
 * The fleet index in headless Chromium with JavaScript on and the page's own CSP in force: the filter and the sort
 * work, no other script can run, and the page makes no request but the file itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, watchPage } from '../helpers/browser.js';
import { loadTemplates } from '../../src/node/templates.js';
import { naturalCompare } from '../../src/analysis/natural-order.js';
import { renderReports, verdictOf } from '../../src/report/index.js';
import { allScenarioIds, scenarioReport } from './helpers.js';

const OUT = resolve(import.meta.dirname, '../../test-artifacts/fleet-browser');

describe.skipIf(!chromiumAvailable)('fleet index in Chromium, JavaScript on, under its CSP', () => {
  let browser: Browser;
  let url: string;
  const report = scenarioReport(allScenarioIds);

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    for (const f of renderReports(report, ['html'], loadTemplates())) writeFileSync(resolve(OUT, f.fileName), f.content);
    url = pathToFileURL(resolve(OUT, 'index.html')).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const visibleNumbers = (page: Page) => page.$$eval('#host-table tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => Number(tr.getAttribute('data-i'))));

  it('filters by text and by verdict, sorts by column both ways, and fetches nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    const { requests, problems } = watchPage(page);
    await page.goto(url, { waitUntil: 'load' });
    const n = report.hosts.length;
    await expect(page.locator('#host-controls').isVisible()).resolves.toBe(true);
    expect(await page.locator('#host-shown').textContent()).toBe(`${n} of ${n} hosts shown`);

    // Text filter: rows whose text holds the query, case-insensitively.
    await page.fill('#host-filter', 'rdsh0');
    const hits = await visibleNumbers(page);
    const expected = report.hosts.map((h, i) => ({ h, i })).filter(({ h }) => /rdsh0/i.test(`${h.hostname} ${h.label}`)).map(({ i }) => i + 1);
    expect([...hits].sort((a, b) => a - b)).toEqual(expected);
    expect(await page.locator('#host-shown').textContent()).toBe(`${hits.length} of ${n} hosts shown`);
    await page.fill('#host-filter', 'no host is called this');
    expect(await visibleNumbers(page)).toEqual([]);
    await page.fill('#host-filter', '');

    // Verdict filter.
    await page.selectOption('#verdict-filter', 'broken');
    const broken = report.hosts.map((h, i) => ({ h, i })).filter(({ h }) => verdictOf(h) === 'broken').map(({ i }) => i + 1);
    expect([...(await visibleNumbers(page))].sort((a, b) => a - b)).toEqual(broken);
    await page.selectOption('#verdict-filter', '');
    expect(await visibleNumbers(page)).toHaveLength(n);

    // Sort by host name: natural order, then reversed on a second click.
    const byName = report.hosts.map((h, i) => ({ h, i })).sort((a, b) => naturalCompare(a.h.hostname, b.h.hostname) || naturalCompare(a.h.label, b.h.label) || a.i - b.i).map(({ i }) => i + 1);
    await page.click('#host-table th[data-key="h"] button');
    expect(await visibleNumbers(page)).toEqual(byName);
    expect(await page.getAttribute('#host-table th[data-key="h"]', 'aria-sort')).toBe('ascending');
    await page.click('#host-table th[data-key="h"] button');
    expect(await visibleNumbers(page)).toEqual([...byName].reverse());
    expect(await page.getAttribute('#host-table th[data-key="h"]', 'aria-sort')).toBe('descending');

    // Days of grace left: numbers ascending, hosts without a number last.
    await page.click('#host-table th[data-key="d"] button');
    const days = await page.$$eval('#host-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-d')));
    const known = days.filter((d) => d !== '').map(Number);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(days.slice(known.length).every((d) => d === '')).toBe(true);
    expect(await page.getAttribute('#host-table th[data-key="h"]', 'aria-sort')).toBeNull();

    // Sort by # restores host order; the filter still applies after sorting.
    await page.click('#host-table th[data-key="i"] button');
    expect(await visibleNumbers(page)).toEqual(report.hosts.map((_, i) => i + 1));
    await page.fill('#host-filter', 'rdsh0');
    expect(await visibleNumbers(page)).toEqual(expected);

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: resolve(OUT, '..', 'fleet-index.png'), fullPage: false });
    await context.close();
  });

  it('the CSP is enforced: a script that is not the page’s own does not run', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    const { problems } = watchPage(page);
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'document.body.setAttribute("data-injected", "yes")';
      document.body.appendChild(s);
    });
    expect(await page.getAttribute('body', 'data-injected')).toBeNull();
    expect(problems.some((p) => /Content Security Policy/i.test(p))).toBe(true);
    await context.close();
  });

  it('without JavaScript the table is all there and the controls stay hidden', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    expect(await page.locator('#host-table tbody tr').count()).toBe(report.hosts.length);
    await expect(page.locator('#host-controls').isVisible()).resolves.toBe(false);
    await expect(page.locator('#grace svg').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
