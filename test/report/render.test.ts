import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/analysis/index.js';
import { loadTemplates } from '../../src/node/templates.js';
import { renderHtml, renderJson, renderMarkdown, renderReports, verdictOf } from '../../src/report/index.js';
import { analyzeHost, buildReport } from '../../src/analysis/index.js';
import { regTreeView, scenarioEvidence } from '../helpers/scenario-evidence.js';
import { HOSTILE, scenarios } from '../scenarios/index.js';
import { allScenarioIds, scenarioReport } from './helpers.js';
import { attr, byId, elements, parseHtml, text } from './html-tree.js';

const templates = loadTemplates();
const TEMPLATE_DIR = resolve(import.meta.dirname, '../../templates');

/** Tags the Markdown templates emit themselves; any other `<` in Markdown output is a leak of hive text. */
const MD_TAGS = /^<(\/?details>|\/?summary>|br>|https:\/\/)/;

/** `|` not escaped by an odd run of backslashes. */
function unescapedPipes(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] === '|') n++;
  }
  return n;
}

/** Every Markdown table (runs of lines starting with `|`): each row must have as many cells as its header. */
function checkMarkdownTables(md: string): number {
  const lines = md.split('\n');
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|')) continue;
    const header = unescapedPipes(lines[i]);
    expect(lines[i + 1], `line ${i + 2} must be the separator`).toMatch(/^\|( --- \|)+$/);
    expect(unescapedPipes(lines[i + 1])).toBe(header);
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) expect(unescapedPipes(lines[j]), `line ${j + 1}: ${lines[j]}`).toBe(header);
    tables++;
    i = j;
  }
  return tables;
}

function checkMarkdownInert(md: string): void {
  for (const m of md.matchAll(/</g)) expect(md.slice(m.index, m.index + 30), `raw < at ${m.index}`).toMatch(MD_TAGS);
}

describe('hostile hive text', () => {
  const report = scenarioReport(['hostile-names']);
  const host = report.hosts[0];
  const html = renderHtml(report, 0, templates);
  const doc = parseHtml(html);

  it('the scenario really carries markup, table breakers and newlines', () => {
    expect(host.hostname).toBe(HOSTILE);
    expect(host.facts.licensing.effectiveServers.servers).toEqual(['`ls|01`', '<b>ls02</b>\nevil', '[x](javascript:alert(1))']);
  });

  it('HTML is inert: no script but the JSON block, no img, b, i, no event handler attributes, no javascript: links', () => {
    const scripts = elements(doc, (n) => n.tagName === 'script');
    expect(scripts.map((s) => [attr(s, 'type'), attr(s, 'id')])).toEqual([['application/json', 'report-data']]);
    expect(elements(doc, (n) => ['img', 'b', 'i', 'iframe', 'object', 'embed', 'form', 'base'].includes(n.tagName!))).toEqual([]);
    expect(elements(doc, (n) => (n.attrs ?? []).some((a) => a.name.startsWith('on')))).toEqual([]);
    for (const a of elements(doc, (n) => n.tagName === 'a')) expect(attr(a, 'href')).toMatch(/^(https:\/\/|#|[\w.-]+\.html$)/);
  });

  it('HTML keeps the text intact', () => {
    const h1 = elements(doc, (n) => n.tagName === 'h1')[0];
    expect(text(h1)).toBe(`RDS licensing report: ${HOSTILE}`);
    const title = elements(doc, (n) => n.tagName === 'title')[0];
    expect(text(title)).toBe(`RDS licensing report: ${HOSTILE}`);
    const servers = elements(byId(doc, 'facts-licensing')!, (n) => n.tagName === 'tr').map((tr) => text(tr));
    expect(servers).toContain('Effective license servers`ls|01`, <b>ls02</b>\nevil, [x](javascript:alert(1)) (from local)');
    const rdp = text(byId(doc, 'facts-rdp-history')!);
    expect(rdp).toContain('<img src=x onerror=alert(1)>');
    expect(rdp).toContain('| evil | `host` |\n<script>');
    expect(text(byId(doc, 'facts-listeners')!)).toContain('RDP-Tcp|<i>x</i>');
  });

  it('the embedded JSON parses back equal to the JSON report', () => {
    const block = byId(doc, 'report-data')!;
    const embedded = JSON.parse(text(block));
    expect(embedded).toEqual(JSON.parse(renderJson(report)));
    expect(embedded).toEqual(report);
    expect(text(block)).not.toMatch(/<|\u2028|\u2029/);
  });

  it('Markdown tables keep their shape and no hive markup survives as HTML', () => {
    const md = renderMarkdown(report, 0, templates);
    expect(checkMarkdownTables(md)).toBeGreaterThan(15);
    checkMarkdownInert(md);
    expect(md).toContain('\\`ls\\|01\\`, &lt;b&gt;ls02&lt;/b&gt;<br>evil, \\[x\\](javascript:alert(1))');
    // The heading stays one line: the newline in the host name became <br>.
    expect(md.split('\n')[0]).toBe('# RDS licensing report: &lt;script&gt;alert(1)&lt;/script&gt;\\|\\`x\\`<br>\\| --- \\|');
  });

  it('Handlebars syntax in hive text is printed, not evaluated', () => {
    const evil = JSON.parse(JSON.stringify(report)) as { hosts: { hostname: string }[] };
    evil.hosts[0].hostname = '{{#each this}}{{/each}}{{> styles.css}}\u2028</script><script>alert(1)</script>';
    const out = renderHtml(evil as unknown as Report, 0, templates);
    const d = parseHtml(out);
    expect(text(elements(d, (n) => n.tagName === 'h1')[0])).toBe(`RDS licensing report: ${evil.hosts[0].hostname}`);
    expect(JSON.parse(text(byId(d, 'report-data')!))).toEqual(evil);
    const md = renderMarkdown(evil as unknown as Report, 0, templates);
    expect(md).toContain('# RDS licensing report: {{\\#each this}}{{/each}}{{&gt; styles.css}}');
    checkMarkdownInert(md);
  });
});

describe('every scenario', () => {
  const report = scenarioReport(allScenarioIds);

  it('renders HTML under 200 KB with unique element ids, and Markdown with well-formed inert tables', () => {
    for (let i = 0; i < report.hosts.length; i++) {
      const html = renderHtml(report, i, templates);
      expect(new TextEncoder().encode(html).length, report.hosts[i].label).toBeLessThan(200 * 1024);
      const ids = elements(parseHtml(html), (n) => attr(n, 'id') !== undefined).map((n) => attr(n, 'id'));
      expect(ids.length).toBe(new Set(ids).size);
      const md = renderMarkdown(report, i, templates);
      checkMarkdownTables(md);
      checkMarkdownInert(md);
    }
  });

  it('states the verdict from the worst severity', () => {
    const verdict = (label: string) => verdictOf(report.hosts.find((h) => h.label === label)!);
    expect(verdict('healthy-per-user')).toBe('healthy');
    expect(verdict('grace-period-expired')).toBe('broken');
    expect(verdict('grace-period-expiring')).toBe('needs-attention');
    expect(verdict('policy-overrides-local')).toBe('needs-attention');
  });
});

describe('first screen', () => {
  it('an expiring host: verdict, days left, the estimated grace end on the timeline, what to do', () => {
    const report = scenarioReport(['grace-period-expiring']);
    const doc = parseHtml(renderHtml(report, 0, templates, { caseId: 'INC-7', examiner: 'A. Auditor' }));
    const verdict = text(byId(doc, 'verdict')!);
    expect(verdict).toContain('Verdict: Needs attention');
    expect(verdict).toMatch(/Grace period ends \d{4}-\d\d-\d\d \(estimated from the GracePeriod key LastWrite \+ 120 days\); 10 days left as of 2025-06-01\./);
    expect(verdict).toContain('What to do first');
    const meta = text(elements(doc, (n) => attr(n, 'class') === 'meta')[0]);
    expect(meta).toContain('INC-7');
    expect(meta).toContain('A. Auditor');
    expect(meta).toContain('ShutdownTime of the SYSTEM hive');
    expect(meta).toContain('17763.1234');
    const svg = elements(byId(doc, 'timeline')!, (n) => n.tagName === 'svg')[0];
    const labels = elements(svg, (n) => n.tagName === 'text').map(text);
    expect(labels.some((l) => l.startsWith('Grace end (estimated) '))).toBe(true);
    expect(labels.some((l) => l.startsWith('As of 2025-06-01'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Grace start '))).toBe(true);
    expect(elements(svg, (n) => (attr(n, 'class') ?? '').includes('grace-bar estimated'))).toHaveLength(1);
  });

  it('a .reg export (no LastWrite) has no timeline and says why', () => {
    const s = scenarios.find((x) => x.id === 'grace-period-expiring')!;
    const report = buildReport([analyzeHost(scenarioEvidence(s, regTreeView))], { name: 'rdslic', version: '0.1.0' });
    const doc = parseHtml(renderHtml(report, 0, templates));
    expect(elements(byId(doc, 'timeline')!, (n) => n.tagName === 'svg')).toEqual([]);
    expect(text(byId(doc, 'timeline')!)).toContain('No timeline: Grace period end unknown');
  });
});

describe('what the registry cannot show', () => {
  it('every host report, HTML and Markdown, names AD membership, activation, CAL packs, NETWORK SERVICE credentials and termsrv.dll patching', () => {
    const report = scenarioReport(['healthy-per-user']);
    const html = text(byId(parseHtml(renderHtml(report, 0, templates)), 'not-detectable')!);
    const md = renderMarkdown(report, 0, templates);
    const section = md.slice(md.indexOf('## Not visible in registry hives'), md.indexOf('## Inputs'));
    for (const out of [html, section]) {
      expect(out).toContain('Not visible in registry hives');
      for (const needle of ['Terminal Server License Servers', 'activated', 'CAL packs', 'NETWORK SERVICE credentials', 'termsrv.dll']) expect(out).toContain(needle);
    }
  });
});

describe('determinism', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('same report → byte-identical files whatever the clock; generatedAt only when given', () => {
    const report = scenarioReport(['grace-period-expired', 'hostile-names']);
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = renderReports(report, ['html', 'md', 'json'], loadTemplates());
    vi.setSystemTime(new Date('2041-07-15T09:30:00Z'));
    const b = renderReports(report, ['html', 'md', 'json'], loadTemplates());
    expect(b).toEqual(a);
    for (const f of a) expect(f.content).not.toMatch(/2030-01-01|2041-07-15/);
    const withTime = renderReports(report, ['html', 'md'], templates, { generatedAt: '2041-07-15T09:30:00Z' });
    for (const f of withTime.filter((x) => /^\d{3}-/.test(x.fileName) || x.fileName === 'index.html')) expect(f.content).toContain('2041-07-15T09:30:00Z');
  });

  it('renderJson: the model unchanged, keys sorted whatever the insertion order, trailing newline', () => {
    const report = scenarioReport(['healthy-per-user']);
    const json = renderJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(report);
    const reordered = JSON.parse(JSON.stringify(report), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v));
    expect(Object.keys(reordered)[0]).toBe('hosts');
    expect(renderJson(reordered)).toBe(json);
    expect(json.split('\n')[1]).toBe('  "hosts": [');
  });
});

describe('templates', () => {
  const files = [...readdirSync(TEMPLATE_DIR).map((f) => resolve(TEMPLATE_DIR, f)), ...readdirSync(resolve(TEMPLATE_DIR, 'partials')).map((f) => resolve(TEMPLATE_DIR, 'partials', f))].filter((f) => f.endsWith('.hbs'));

  it('never use triple braces or {{& (unescaped output)', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toContain('{{{');
      expect(src, f).not.toMatch(/\{\{~?&/);
    }
  });

  it('HTML pages fetch nothing: strict CSP, no external URL but reference links', () => {
    const doc = parseHtml(renderHtml(scenarioReport(['grace-period-expired']), 0, templates));
    const csp = elements(doc, (n) => n.tagName === 'meta' && attr(n, 'http-equiv') === 'Content-Security-Policy')[0];
    expect(attr(csp, 'content')).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
    expect(elements(doc, (n) => ['link', 'img', 'iframe'].includes(n.tagName!))).toEqual([]);
    for (const n of elements(doc, (x) => (x.attrs ?? []).some((a) => a.name === 'src'))) throw new Error(`src attribute on ${n.tagName}`);
    const style = text(elements(doc, (n) => n.tagName === 'style')[0]);
    expect(style).not.toMatch(/url\(|@import/);
    expect(style).toMatch(/@media print[\s\S]*thead \{ display: table-header-group; \}[\s\S]*break-inside: avoid/);
    expect(style).toContain('size: A4');
  });
});

describe('the clock beside an explicit --as-of (issue 13)', () => {
  const healthy = scenarios.find((s) => s.id === 'healthy-per-user')!;
  const render = (asOf?: Date) => {
    const host = analyzeHost(scenarioEvidence(healthy), asOf ? { asOf } : {});
    const report = buildReport([host], { name: 'rdslic', version: 'test' });
    return { host, md: renderMarkdown(report, 0, templates), html: renderHtml(report, 0, templates) };
  };
  it('without --as-of: the image clock only, no second row', () => {
    const { host, md } = render();
    expect(host.asOf).toMatchObject({ source: 'shutdown-time', imageClock: { source: 'shutdown-time' }, differsDays: null });
    expect(md).not.toContain('| Image clock |');
  });
  it('--as-of 100 days after ShutdownTime: used, the image clock shown, the difference warned', () => {
    const { host, md, html } = render(new Date('2025-09-09T12:00:00Z'));
    expect(host.asOf).toMatchObject({ time: '2025-09-09T12:00:00.000Z', source: 'option', imageClock: { time: '2025-06-01T12:00:00.000Z', source: 'shutdown-time' }, differsDays: 100 });
    expect(md).toMatch(/\| Image clock \| 2025-06-01 12:00:00 UTC \(ShutdownTime of the SYSTEM hive\) \*\*--as-of differs from the image clock by 100 day\(s\)/);
    expect(text(parseHtml(html))).toContain('--as-of differs from the image clock by 100 day(s)');
  });
  it('--as-of within a day of the image clock: shown, not warned', () => {
    const { md } = render(new Date('2025-06-01T18:00:00Z'));
    expect(md).toContain('| Image clock | 2025-06-01 12:00:00 UTC');
    expect(md).not.toContain('differs from the image clock');
  });
});
