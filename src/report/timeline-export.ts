/**
 * Timelines for super-timeline tools: every dated fact of the report's timeline (timelineDates: install, role,
 * grace start, image clock, grace end) and every LastWrite behind a finding, as events, rendered as Timesketch
 * JSONL, TLN and a mactime bodyfile. One file per run covers every host (each line names its host), so a fleet
 * imports as one Timesketch timeline and sharded runs concatenate. Nothing here reads a clock: same report, same bytes.
 */
import type { HostReport, Report } from '../analysis/report.js';
import type { Provenance } from '../facts/types.js';
import type { Severity } from '../rules/rule.js';
import { bodyfileField, pipeField } from './escape.js';
import type { FleetFiles } from './fleet.js';
import { timelineDates, type TimelineKind } from './timeline.js';

export type TimelineEventKind = TimelineKind | 'finding-lastwrite';

export interface TimelineEvent {
  readonly hostIndex: number;
  readonly hostname: string;
  readonly label: string;
  readonly kind: TimelineEventKind;
  /** The instant as the report has it (ISO 8601). */
  readonly time: string;
  /** Microseconds since the epoch (Timesketch's `timestamp`). */
  readonly micros: number;
  /** What the time means (Timesketch's `timestamp_desc`). */
  readonly description: string;
  /** What happened, without the host name (the formats put the host in their own field). */
  readonly detail: string;
  readonly ruleId: string | null;
  readonly severity: Severity | null;
  readonly evidence: Provenance | null;
  readonly reportFile: string | null;
}

/** Time files and their formats; `--format` names. */
export const TIMELINE_FILES = { timesketch: 'timeline.jsonl', tln: 'timeline.tln', bodyfile: 'timeline.body' } as const;

const DATE_DESCRIPTIONS: Record<TimelineKind, string> = {
  install: 'OS install time',
  role: 'RD Session Host role installed',
  'grace-start': 'GracePeriod key LastWrite (grace period start)',
  'as-of': 'Image clock',
  'grace-end': 'Grace period end',
  tamper: 'Tamper tool or grace-reset task run',
};

const AS_OF_DESCRIPTIONS: Record<string, string> = {
  'shutdown-time': 'ShutdownTime (image clock)',
  'newest-system-lastwrite': 'Newest SYSTEM key LastWrite (estimated image clock)',
};

/** ISO 8601 → microseconds since the epoch, keeping fraction digits past milliseconds when the text has them. */
export function isoMicros(iso: string): number | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const seconds = Math.floor(ms / 1000);
  const frac = /T[\d:]+\.(\d+)/.exec(iso)?.[1];
  const micros = frac === undefined ? (ms - seconds * 1000) * 1000 : Number(frac.slice(0, 6).padEnd(6, '0'));
  return seconds * 1_000_000 + micros;
}

/** `2025-05-30T12:00:00.000000+00:00`: Timesketch's ISO 8601 form, at microsecond precision. */
function isoFromMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const rest = micros - seconds * 1_000_000;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(rest).padStart(6, '0')}+00:00`;
}

function where(p: Provenance | null): string {
  if (!p) return '';
  const value = p.valueName === undefined ? '' : ` value ${p.valueName === '' ? '(default)' : p.valueName}`;
  return `${p.keyPath}${value} in ${p.input}`;
}

/** One host's events, in time order (ties: the order of timelineDates, then the findings' order). */
export function hostTimelineEvents(host: HostReport, hostIndex: number, reportFile: string | null = null): TimelineEvent[] {
  const base = { hostIndex, hostname: host.hostname, label: host.label, reportFile };
  const events: TimelineEvent[] = [];
  for (const d of timelineDates(host)) {
    // The clock used may be the examiner's --as-of: the image's own clock is added below instead.
    if (d.kind === 'as-of') continue;
    const micros = isoMicros(d.time);
    if (micros === null) continue;
    const description = d.kind === 'grace-end' && d.estimated ? 'Grace period end (estimated)' : DATE_DESCRIPTIONS[d.kind];
    const from = d.evidence ? `; from ${where(d.evidence)}` : '';
    events.push({ ...base, kind: d.kind, time: d.time, micros, description, detail: `${d.label}: ${d.basis}${from}`, ruleId: null, severity: null, evidence: d.evidence });
  }
  const clock = host.asOf.imageClock;
  const clockMicros = clock.time ? isoMicros(clock.time) : null;
  if (clock.time && clockMicros !== null && AS_OF_DESCRIPTIONS[clock.source] !== undefined) {
    const evidence = host.facts.asOf.imageClock.evidence[0] ?? null;
    const from = evidence ? `; from ${where(evidence)}` : '';
    events.push({ ...base, kind: 'as-of', time: clock.time, micros: clockMicros, description: AS_OF_DESCRIPTIONS[clock.source], detail: `Image clock${from}`, ruleId: null, severity: null, evidence });
  }
  for (const f of host.findings) {
    // One event per key and LastWrite: the value rows of a key share its LastWrite.
    const keys = new Map<string, Provenance[]>();
    for (const p of f.evidence) {
      if (!p.lastWrite) continue;
      const k = JSON.stringify([p.input, p.keyPath, p.lastWrite]);
      const rows = keys.get(k) ?? [];
      if (!rows.some((r) => r.valueName === p.valueName && r.data === p.data)) rows.push(p);
      keys.set(k, rows);
    }
    for (const rows of keys.values()) {
      const p = rows[0];
      const micros = isoMicros(p.lastWrite!);
      if (micros === null) continue;
      const values = rows.filter((r) => r.valueName !== undefined).map((r) => `${r.valueName === '' ? '(default)' : r.valueName}${r.data === null ? '' : ` = ${r.data}`}`);
      events.push({
        ...base,
        kind: 'finding-lastwrite',
        time: p.lastWrite!,
        micros,
        description: 'Key LastWrite',
        detail: `[${f.severity}] ${f.ruleId}: ${f.title}; LastWrite of ${p.keyPath} in ${p.input}${values.length ? ` (${values.join('; ')})` : ''}`,
        ruleId: f.ruleId,
        severity: f.severity,
        evidence: rows.find((r) => r.valueName !== undefined) ?? p,
      });
    }
  }
  // Stable sort: equal times keep the order above.
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.micros - b.e.micros || a.i - b.i).map(({ e }) => e);
}

/** Every host's events in time order; ties by host order. */
export function fleetTimelineEvents(report: Report, files: FleetFiles = {}): TimelineEvent[] {
  return mergeTimelines(report.hosts.map((h, i) => hostTimelineEvents(h, i, files.html?.[i] ?? files.md?.[i] ?? null)));
}

/** Hosts' event lists (each in its own order, given in host order) merged in time order; ties by host, then each host's order. */
export function mergeTimelines<T extends { readonly micros: number }>(perHost: readonly (readonly T[])[]): T[] {
  const all = perHost.flatMap((events, h) => events.map((e, j) => ({ e, h, j })));
  return all.sort((a, b) => a.e.micros - b.e.micros || a.h - b.h || a.j - b.j).map(({ e }) => e);
}

/** JSON on one line: also escapes NEL, U+2028 and U+2029, which some line readers split on. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One event as a line of each timeline format. */
export const TIMELINE_LINES: Readonly<Record<keyof typeof TIMELINE_FILES, (e: TimelineEvent, tool: Report['tool']) => string>> = {
  /** Timesketch JSONL: `message`, `datetime`, `timestamp_desc` (mandatory) and `timestamp` first, then rdslic's fields. */
  timesketch: (e, tool) =>
    `${jsonLine({
      message: `${e.hostname}: ${e.description}: ${e.detail}`,
      datetime: isoFromMicros(e.micros),
      timestamp_desc: e.description,
      timestamp: e.micros,
      host: e.hostname,
      host_label: e.label,
      host_index: e.hostIndex + 1,
      event_kind: e.kind,
      rule_id: e.ruleId,
      severity: e.severity,
      evidence_path: e.evidence?.input ?? null,
      key_path: e.evidence?.keyPath ?? null,
      value_name: e.evidence?.valueName ?? null,
      data: e.evidence?.data ?? null,
      report_file: e.reportFile,
      data_type: 'rdslic:registry',
      tool: `${tool.name} ${tool.version}`,
    })}\n`,
  /** TLN (`Time|Source|Host|User|Description`), Unix seconds UTC, source `REG`; every field through pipeField. */
  tln: (e) => `${Math.floor(e.micros / 1_000_000)}|REG|${pipeField(e.hostname)}||${pipeField(`${e.description}: ${e.detail}`)}\n`,
  /**
   * mactime bodyfile (TSK 3.x: `MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime`): each event's
   * time goes in mtime (where registry LastWrite times go), the other times are 0; the name says host and meaning.
   */
  bodyfile: (e) => `0|${bodyfileField(`[${e.hostname}] ${e.description}: ${e.detail}`)}|0|0|0|0|0|0|${Math.floor(e.micros / 1_000_000)}|0|0\n`,
};

export function renderTimesketch(report: Report, files: FleetFiles = {}): string {
  return fleetTimelineEvents(report, files).map((e) => TIMELINE_LINES.timesketch(e, report.tool)).join('');
}

export function renderTln(report: Report, files: FleetFiles = {}): string {
  return fleetTimelineEvents(report, files).map((e) => TIMELINE_LINES.tln(e, report.tool)).join('');
}

export function renderBodyfile(report: Report, files: FleetFiles = {}): string {
  return fleetTimelineEvents(report, files).map((e) => TIMELINE_LINES.bodyfile(e, report.tool)).join('');
}
