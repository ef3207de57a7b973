/**
 * The fleet index at scale: 1,000 hosts built in memory from the scenario hosts, rows only (≤ 5 KB a host), worst
 * verdict first and host names in natural order; file numbers wide enough to sort; hosts in natural label order.
 */
import { describe, expect, it } from 'vitest';
import type { HostReport, Report } from '../../src/analysis/index.js';
import { naturalCompare } from '../../src/analysis/natural-order.js';
import { reportFromOutcomes } from '../../src/analysis/run.js';
import { loadTemplates } from '../../src/node/templates.js';
import { VERDICT_SEVERITY, verdictRank } from '../../src/report/fleet.js';
import { renderFleetHtml, renderFleetMarkdown, reportFileName, verdictOf } from '../../src/report/index.js';
import { allScenarioIds, scenarioReport } from './helpers.js';
import { attr, elements, parseHtml, text } from './html-tree.js';

const templates = loadTemplates();

/** `count` hosts cycling through the scenario hosts, host names and labels numbered `-1 … -count`. */
function bigFleet(count: number): Report {
  const base = scenarioReport(allScenarioIds);
  const hosts: HostReport[] = [];
  for (let i = 0; i < count; i++) {
    const h = base.hosts[i % base.hosts.length];
    hosts.push({ ...h, hostname: `${h.hostname}-${i + 1}`, label: `${h.label}-${i + 1}` });
  }
  return { ...base, hosts };
}

describe('naturalCompare', () => {
  it('orders digit runs as numbers, ignores case first, and is total', () => {
    const names = ['rdsh-10', 'RDSH-2', 'rdsh-1', 'rdsh-02', 'rdsh-1a', 'rdsh', 'Rdsh-1', 'rdsh-999', 'rdsh-1000', 'a', 'b10c2', 'b10c10', 'b9'];
    expect([...names].sort(naturalCompare)).toEqual(['a', 'b9', 'b10c2', 'b10c10', 'rdsh', 'Rdsh-1', 'rdsh-1', 'rdsh-1a', 'RDSH-2', 'rdsh-02', 'rdsh-10', 'rdsh-999', 'rdsh-1000']);
    expect(naturalCompare('x-12345678901234567890', 'x-9')).toBeGreaterThan(0);
    expect(naturalCompare('same', 'same')).toBe(0);
  });
});

describe('host order and file names', () => {
  it('reportFromOutcomes puts hosts in natural label order', () => {
    const outcomes = ['store-10', 'store-2', 'store-1', 'Store-11'].map((label) => ({ ok: false as const, label, inputs: [], error: 'unreadable' }));
    const report = reportFromOutcomes(outcomes, { tool: { name: 'rdslic', version: 't' } });
    expect(report.hosts.map((h) => h.label)).toEqual(['store-1', 'store-2', 'store-10', 'Store-11']);
  });

  it('file numbers are as wide as the largest needs, so names sort in host order', () => {
    expect(reportFileName('a', 0, 17)).toBe('001-a');
    expect(reportFileName('a', 998, 1000)).toBe('0999-a');
    expect(reportFileName('a', 999, 1000)).toBe('1000-a');
    const names = Array.from({ length: 1000 }, (_, i) => reportFileName('h', i, 1000));
    expect([...names].sort()).toEqual(names);
  });

  it('the verdict order has every verdict once, worst first', () => {
    expect(VERDICT_SEVERITY[0]).toBe('broken');
    expect(VERDICT_SEVERITY[VERDICT_SEVERITY.length - 1]).toBe('healthy');
    expect(new Set(VERDICT_SEVERITY).size).toBe(VERDICT_SEVERITY.length);
  });
});

describe('index.html for 1,000 hosts', () => {
  const report = bigFleet(1000);
  const files = { html: report.hosts.map((h, i) => `${reportFileName(h.hostname, i, 1000)}.html`) };
  const html = renderFleetHtml(report, templates, files);

  it('stays under 5 KB per host and embeds no analysis', () => {
    expect(html.length / report.hosts.length).toBeLessThan(5 * 1024);
    expect(html).not.toContain('report-data');
    expect(html).not.toContain('"facts"');
  });

  it('lists every host once, worst verdict first, then host name in natural order (-1, -2, -10)', () => {
    const doc = parseHtml(html);
    const rows = elements(doc, (n) => n.tagName === 'tbody')[0].childNodes!.filter((n) => n.tagName === 'tr');
    expect(rows).toHaveLength(1000);
    const numbers = rows.map((tr) => Number(text(elements(tr, (n) => n.tagName === 'td')[0])));
    expect(new Set(numbers).size).toBe(1000);
    const hosts = numbers.map((n) => report.hosts[n - 1]);
    const ranks = hosts.map((h) => verdictRank(verdictOf(h)));
    for (let i = 1; i < ranks.length; i++) {
      expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1]);
      if (ranks[i] === ranks[i - 1]) expect(naturalCompare(hosts[i - 1].hostname, hosts[i].hostname)).toBeLessThan(0);
    }
    expect(rows.map((tr) => attr(tr, 'data-verdict'))).toEqual(hosts.map((h) => verdictOf(h)));
    // Natural, not text order, within one verdict.
    const broken = hosts.filter((h) => verdictOf(h) === 'broken').map((h) => h.hostname);
    expect(broken.length).toBeGreaterThan(50);
    expect(broken).not.toEqual([...broken].sort());
    // The links point at the wide file numbers.
    const first = elements(rows[0], (n) => n.tagName === 'a')[0];
    expect(attr(first, 'href')).toMatch(/^\d{4}-/);
  });

  it('draws the verdict counts and one grace-end dot per session host (piles capped), with the image clocks', () => {
    const doc = parseHtml(html);
    const svgs = elements(doc, (n) => n.tagName === 'svg');
    expect(svgs).toHaveLength(2);
    const bars = elements(svgs[0], (n) => n.tagName === 'rect');
    expect(bars.map((b) => attr(b, 'class'))).toEqual(VERDICT_SEVERITY.map((v) => `bar-${v}`));
    const desc = text(elements(svgs[0], (n) => n.tagName === 'desc')[0]);
    for (const v of VERDICT_SEVERITY) expect(desc).toContain(`: ${report.hosts.filter((h) => verdictOf(h) === v).length}`);
    const dots = elements(svgs[1], (n) => n.tagName === 'circle');
    const overflow = elements(svgs[1], (n) => n.tagName === 'text' && /\+\d+$/.test(text(n)));
    const extra = overflow.reduce((sum, n) => sum + Number(/\+(\d+)$/.exec(text(n))![1]), 0);
    const withEnd = report.hosts.filter((h) => h.facts.roles.rdsh.value !== false && h.facts.gracePeriod.end).length;
    expect(dots.length + extra).toBe(withEnd);
    expect(elements(svgs[1], (n) => attr(n, 'class') === 'clock').length).toBeGreaterThan(0);
  });

  it('summary.md keeps the same order', () => {
    const md = renderFleetMarkdown(report, templates, { md: report.hosts.map((h, i) => `${reportFileName(h.hostname, i, 1000)}.md`) });
    const mdNumbers = md.split('\n').filter((l) => /^\| \d+ \|/.test(l)).map((l) => Number(/^\| (\d+) \|/.exec(l)![1]));
    const htmlNumbers = [...html.matchAll(/<tr data-verdict="[^"]+" data-i="(\d+)"/g)].map((m) => Number(m[1]));
    expect(mdNumbers).toEqual(htmlNumbers);
  });
});
