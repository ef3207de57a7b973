/**
 * Timelines (`--format timesketch,tln,bodyfile`) on the samples, the hostile one included: Timesketch's mandatory
 * fields on every line, five TLN fields, and Debian's mactime reading the bodyfile back to the same names and times.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/index.js';
import { bodyfileField, fleetTimelineEvents, pipeField, renderBodyfile, renderTimesketch, renderTln } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { requireOracle } from '../helpers/oracles.js';
import { scenarioReport } from './helpers.js';

const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029\u0085]/;

interface TsLine {
  message: string;
  datetime: string;
  timestamp_desc: string;
  timestamp: number;
  host: string;
  host_index: number;
  rule_id: string | null;
  evidence_path: string | null;
  key_path: string | null;
}

/** mactime -d rows; the name is quoted and, decoded from %XX, may hold any character but `"` followed by a row end. */
function mactimeRows(out: string): { date: string; type: string; name: string }[] {
  const body = out.slice(out.indexOf('\n') + 1);
  const rows: { date: string; type: string; name: string }[] = [];
  const re = /(\S+?),(\d+),([macb.]{4}),[^,]*,\d+,\d+,\d+,"([\s\S]*?)"(?=\n(?:\d{4}-|0000-)|\n?$)/g;
  let consumed = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    expect(m.index).toBe(consumed);
    rows.push({ date: m[1], type: m[3], name: m[4] });
    consumed = m.index + m[0].length + 1;
  }
  expect(consumed).toBeGreaterThanOrEqual(body.length);
  return rows;
}

describe('timelines of the samples (rdslic analyze samples --format timesketch,tln,bodyfile,json)', () => {
  let out: string;
  let report: Report;
  const read = (name: string) => readFileSync(join(out, name), 'utf8');

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'rdslic-timeline-'));
    const r = runCli(['analyze', 'samples', '--format', 'timesketch,tln,bodyfile,json', '--out', out, '--quiet', '--jobs', '2'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(read('report.json'));
  }, 150_000);

  it('writes one file per format over every host', () => {
    expect(readdirSync(out).filter((f) => f.startsWith('timeline.')).sort()).toEqual(['timeline.body', 'timeline.jsonl', 'timeline.tln']);
    expect(report.hosts.length).toBeGreaterThanOrEqual(17);
    expect(report.hosts.some((h) => h.hostname.includes('|') && h.hostname.includes('\n'))).toBe(true);
  });

  it('Timesketch: every line is JSON with message, datetime, timestamp_desc, timestamp (µs) and the host, rule and evidence fields', () => {
    const lines = read('timeline.jsonl').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(100);
    const hosts = new Set<number>();
    for (const l of lines) {
      const e = JSON.parse(l) as TsLine;
      expect(typeof e.message === 'string' && e.message.length > 0, l).toBe(true);
      expect(typeof e.timestamp_desc === 'string' && e.timestamp_desc.length > 0, l).toBe(true);
      expect(e.datetime, l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
      expect(Number.isSafeInteger(e.timestamp), l).toBe(true);
      expect(Date.parse(e.datetime) * 1000, l).toBe(Math.floor(e.timestamp / 1000) * 1000);
      for (const k of ['host', 'rule_id', 'evidence_path', 'key_path']) expect(k in e, `${k} in ${l}`).toBe(true);
      expect(e.host).toBe(report.hosts[e.host_index - 1].hostname);
      hosts.add(e.host_index);
    }
    expect(hosts.size).toBe(report.hosts.length);
  });

  it('Timesketch: every LastWrite behind every finding is an event, and every dated fact of the host timeline is', () => {
    const events = read('timeline.jsonl').trim().split('\n').map((l) => JSON.parse(l) as TsLine);
    const has = (hostIndex: number, micros: number, pred: (e: TsLine) => boolean) => events.some((e) => e.host_index === hostIndex && e.timestamp === micros && pred(e));
    let checked = 0;
    report.hosts.forEach((h, i) => {
      for (const f of h.findings)
        for (const p of f.evidence) {
          if (!p.lastWrite) continue;
          checked++;
          expect(has(i + 1, Date.parse(p.lastWrite) * 1000, (e) => e.rule_id === f.ruleId && e.key_path === p.keyPath && e.evidence_path === p.input), `${h.label} ${f.ruleId} ${p.keyPath}`).toBe(true);
        }
      const g = h.facts.gracePeriod;
      if (g.end) expect(has(i + 1, Date.parse(g.end) * 1000, (e) => e.timestamp_desc.startsWith('Grace period end')), h.label).toBe(true);
      if (g.keyLastWrite) expect(has(i + 1, Date.parse(g.keyLastWrite) * 1000, (e) => e.timestamp_desc.includes('grace period start')), h.label).toBe(true);
      if (h.asOf.imageClock.source === 'shutdown-time') expect(has(i + 1, Date.parse(h.asOf.imageClock.time!) * 1000, (e) => e.timestamp_desc === 'ShutdownTime (image clock)'), h.label).toBe(true);
    });
    expect(checked).toBeGreaterThan(50);
  });

  it('TLN: five fields on every line, epoch seconds, the same events as the Timesketch file', () => {
    const ts = read('timeline.jsonl').trim().split('\n').map((l) => JSON.parse(l) as TsLine);
    const text = read('timeline.tln');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(text.split(LINE_BREAKS)).toHaveLength(lines.length + 1);
    expect(lines).toHaveLength(ts.length);
    lines.forEach((l, i) => {
      const f = l.split('|');
      expect(f, l).toHaveLength(5);
      expect(f[0]).toBe(String(Math.floor(ts[i].timestamp / 1e6)));
      expect(f[1]).toBe('REG');
      expect(decodeURIComponent(f[2])).toBe(ts[i].host);
    });
  });

  it.skipIf(!requireOracle('mactime'))('bodyfile: eleven fields a line, and mactime -d reads every event back with its name and time', () => {
    const ts = read('timeline.jsonl').trim().split('\n').map((l) => JSON.parse(l) as TsLine);
    const body = read('timeline.body');
    const lines = body.trim().split('\n');
    expect(body.split(LINE_BREAKS)).toHaveLength(lines.length + 1);
    expect(lines).toHaveLength(ts.length);
    for (const l of lines) expect(l.split('|'), l).toHaveLength(11);
    const rows = mactimeRows(execFileSync('mactime', ['-b', join(out, 'timeline.body'), '-d', '-y'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const dated = rows.filter((r) => r.type === 'm...');
    // The other three times are 0: mactime lists them once per name at 0000-00-00, and nothing else.
    expect(rows.filter((r) => r.type !== 'm...').every((r) => r.type === '.acb' && r.date === '0000-00-00T00:00:00Z')).toBe(true);
    expect(dated).toHaveLength(lines.length);
    const expected = lines.map((l) => {
      const f = l.split('|');
      return `${new Date(Number(f[8]) * 1000).toISOString().slice(0, 19)}Z ${decodeURIComponent(decodeURIComponent(f[1]))}`;
    });
    // mactime prints names once decoded, with line breaks still as %0A: decoding once more gives the original text.
    for (const r of dated) expect(r.name).not.toMatch(LINE_BREAKS);
    expect(dated.map((r) => `${r.date} ${decodeURIComponent(r.name)}`).sort()).toEqual(expected.sort());
    const hostile = report.hosts.find((h) => h.hostname.includes('|'))!.hostname;
    expect(dated.filter((r) => decodeURIComponent(r.name).startsWith(`[${hostile}] `)).length).toBe(ts.filter((e) => e.host === hostile).length);
  });
});

describe('timeline escaping and determinism', () => {
  const base = scenarioReport(['hostile-names', 'grace-period-expired']);
  const evil = JSON.parse(JSON.stringify(base)) as { hosts: { hostname: string; findings: { title: string }[] }[] };
  evil.hosts[1].hostname = 'a|b\rc\nd\u2028e\u2029f\u0085g%41\u0000h😀';
  evil.hosts[1].findings[0].title = 'x|y\r\nz';
  const report = evil as unknown as Report;

  it('pipeField escapes %, |, controls and line separators as %XX and nothing else; decodeURIComponent inverts it', () => {
    expect(pipeField('a|b%c\r\n\u2028é😀')).toBe('a%7Cb%25c%0D%0A%E2%80%A8é😀');
    expect(bodyfileField('a|b%c\n')).toBe('a%7Cb%2525c%250A');
    for (const s of ['', 'plain', '%%|%7C', '\u0085\u009f\u007f\t', 'SYSTEM\\ControlSet001\\Services']) {
      expect(decodeURIComponent(pipeField(s))).toBe(s);
      expect(decodeURIComponent(decodeURIComponent(bodyfileField(s)))).toBe(s);
    }
  });

  it('hostile host names and titles never split a line or a field', () => {
    const n = fleetTimelineEvents(report).length;
    expect(n).toBeGreaterThan(10);
    for (const text of [renderTln(report), renderBodyfile(report), renderTimesketch(report)]) {
      const lines = text.split(LINE_BREAKS);
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(n);
    }
    for (const l of renderTln(report).trim().split('\n')) expect(l.split('|')).toHaveLength(5);
    for (const l of renderBodyfile(report).trim().split('\n')) expect(l.split('|')).toHaveLength(11);
    const ts = renderTimesketch(report).trim().split('\n').map((l) => JSON.parse(l));
    expect(ts.filter((e) => e.host_index === 2).every((e) => e.host === evil.hosts[1].hostname)).toBe(true);
  });

  it('the same report gives the same bytes, whatever the clock says', () => {
    const a = [renderTln(report), renderBodyfile(report), renderTimesketch(report)];
    const realNow = Date.now;
    Date.now = () => 0;
    try {
      expect([renderTln(report), renderBodyfile(report), renderTimesketch(report)]).toEqual(a);
    } finally {
      Date.now = realNow;
    }
  });
});
