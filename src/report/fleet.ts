/** The fleet summary over several hosts: one row per host (verdict, worst finding, grace left) and the SIEM feed. */
import type { HostReport, Report } from '../analysis/report.js';
import { naturalCompare } from '../analysis/natural-order.js';
import { SEVERITIES, severityRank, type Severity } from '../rules/rule.js';
import { csvRecord } from './escape.js';
import { graceChart, verdictChart, type GraceChart, type GraceHost, type VerdictChart } from './fleet-charts.js';
import { displayDate, displayTime } from './format.js';
import { VERDICT_STATUSES } from '../analysis/verdict.js';
import { VERDICT_LABELS, verdictOf, worstFinding, type Verdict } from './host-view.js';

/** Verdicts from worst to best (broken, needs-attention, inconclusive, healthy): the index's row order and its verdict picture. */
export const VERDICT_SEVERITY: readonly Verdict[] = VERDICT_STATUSES;

export interface FleetFiles {
  /** Per host index: the host's HTML and Markdown report file names, when produced. */
  readonly html?: readonly string[];
  readonly md?: readonly string[];
}

export interface FleetRow {
  readonly index: number;
  readonly hostname: string;
  readonly label: string;
  readonly verdict: Verdict;
  readonly verdictLabel: string;
  readonly worstSeverity: Severity | null;
  readonly worstRule: string;
  readonly worstTitle: string;
  readonly counts: Record<Severity, number>;
  readonly graceEnd: string | null;
  readonly graceEndKind: 'decoded' | 'estimated' | null;
  readonly daysLeft: number | null;
  /** Display form: a number, `n/a` off session hosts, `unknown`. */
  readonly daysLeftText: string;
  readonly asOf: string | null;
  readonly asOfSource: string;
  readonly htmlFile: string | null;
  readonly mdFile: string | null;
}

export function fleetRows(report: Report, files: FleetFiles = {}): FleetRow[] {
  return report.hosts.map((h, index) => fleetRow(h, index, files));
}

/** One host's index row (host `index` of the run, files named for the whole run). */
export function fleetRow(h: HostReport, index: number, files: FleetFiles = {}): FleetRow {
  const worst = worstFinding(h);
  const verdict = verdictOf(h);
  const g = h.facts.gracePeriod;
  const configured = h.facts.licensing.effectiveMode.source !== 'none' && h.facts.licensing.effectiveServers.servers.length > 0;
  const daysLeftText =
    h.facts.roles.rdsh.value === false ? 'n/a' : g.daysLeft === null ? 'unknown' : ended(h) ? (configured ? '0 (ended; licensing configured)' : '0 (ended)') : String(g.daysLeft);
  return {
    index,
    hostname: h.hostname,
    label: h.label,
    verdict,
    verdictLabel: VERDICT_LABELS[verdict],
    worstSeverity: worst?.severity ?? null,
    worstRule: worst?.ruleId ?? '',
    worstTitle: worst?.title ?? '',
    counts: Object.fromEntries(SEVERITIES.map((s) => [s, h.summary[s] ?? 0])) as Record<Severity, number>,
    graceEnd: g.end,
    graceEndKind: g.endKind,
    daysLeft: g.daysLeft,
    daysLeftText,
    asOf: h.asOf.time,
    asOfSource: h.asOf.source,
    htmlFile: files.html?.[index] ?? null,
    mdFile: files.md?.[index] ?? null,
  };
}

/** A host on the index's grace chart, or null off session hosts (the chart shows RD Session Hosts only). */
export function graceHost(h: HostReport): GraceHost | null {
  if (h.facts.roles.rdsh.value === false) return null;
  return { name: h.hostname, graceEnd: h.facts.gracePeriod.end, estimated: h.facts.gracePeriod.endKind !== 'decoded', asOf: h.asOf.time, daysLeft: h.facts.gracePeriod.daysLeft };
}

/** A relative link to a sibling file; names come from reportFileName, encoding keeps non-ASCII letters valid in URLs. */
function href(file: string | null): string | null {
  return file === null ? null : encodeURIComponent(file);
}

export interface FleetRowView extends FleetRow {
  readonly number: number;
  readonly htmlHref: string | null;
  readonly mdHref: string | null;
  readonly asOfText: string;
  readonly graceEndText: string;
  readonly countList: { severity: Severity; count: number }[];
  /** Sort keys for the page's client-side sort, as numbers ('' sorts last). */
  readonly sortKeys: { readonly v: number; readonly h: number; readonly w: number; readonly d: number | ''; readonly g: number | ''; readonly a: number | ''; readonly f: number };
}

export interface FleetView {
  readonly tool: string;
  readonly hostCount: number;
  readonly verdicts: { readonly key: Verdict; readonly label: string; readonly count: number }[];
  /** Worst verdict first, then host name in natural order. */
  readonly rows: FleetRowView[];
  readonly verdictChart: VerdictChart;
  readonly graceChart: GraceChart | null;
  readonly links: { readonly name: string; readonly href: string }[];
  readonly caseId: string | null;
  readonly examiner: string | null;
  readonly generatedAt: string | null;
}

/** Verdict rank in VERDICT_SEVERITY (unknown verdicts last). */
export function verdictRank(v: Verdict): number {
  const i = VERDICT_SEVERITY.indexOf(v);
  return i < 0 ? VERDICT_SEVERITY.length : i;
}

/** Rows worst verdict first, then host name and label in natural order (`-1, -2, -10`), then input order. */
export function sortFleetRows<T extends FleetRow>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => verdictRank(a.verdict) - verdictRank(b.verdict) || naturalCompare(a.hostname, b.hostname) || naturalCompare(a.label, b.label) || a.index - b.index);
}

function ended(h: HostReport): boolean {
  const g = h.facts.gracePeriod;
  return g.end !== null && h.asOf.time !== null && Date.parse(g.end) <= Date.parse(h.asOf.time);
}

const dayNumber = (iso: string | null) => (iso && !Number.isNaN(Date.parse(iso)) ? Math.floor(Date.parse(iso) / 86_400_000) : '');
const secondNumber = (iso: string | null) => (iso && !Number.isNaN(Date.parse(iso)) ? Math.floor(Date.parse(iso) / 1000) : '');

export function fleetView(report: Report, files: FleetFiles, options: FleetViewOptions = {}): FleetView {
  return fleetViewOf(report.tool, fleetRows(report, files), report.hosts.map(graceHost).filter((g): g is GraceHost => g !== null), options);
}

export interface FleetViewOptions {
  readonly caseId?: string;
  readonly examiner?: string;
  readonly generatedAt?: string;
}

/** The index's view from the hosts' rows and grace-chart entries alone (a streamed fleet keeps only these). */
export function fleetViewOf(tool: Report['tool'], rows: readonly FleetRow[], graceHosts: readonly GraceHost[], options: FleetViewOptions = {}): FleetView {
  const byName = [...rows].sort((a, b) => naturalCompare(a.hostname, b.hostname) || naturalCompare(a.label, b.label) || a.index - b.index);
  const nameRank = new Map(byName.map((r, i) => [r.index, i]));
  const verdicts = VERDICT_SEVERITY.map((key) => ({ key, label: VERDICT_LABELS[key], count: rows.filter((r) => r.verdict === key).length }));
  const views: FleetRowView[] = sortFleetRows(rows).map((r) => ({
    ...r,
    number: r.index + 1,
    htmlHref: href(r.htmlFile),
    mdHref: href(r.mdFile),
    asOfText: displayTime(r.asOf) || 'unknown',
    graceEndText: r.graceEnd ? `${displayDate(r.graceEnd)}${r.graceEndKind === 'estimated' ? ' (estimated)' : ''}` : '',
    countList: SEVERITIES.map((severity) => ({ severity, count: r.counts[severity] })),
    sortKeys: {
      v: verdictRank(r.verdict),
      h: nameRank.get(r.index)!,
      w: r.worstSeverity === null ? SEVERITIES.length : severityRank(r.worstSeverity),
      d: r.daysLeft ?? '',
      g: dayNumber(r.graceEnd),
      a: secondNumber(r.asOf),
      // Findings: weighted so one critical outweighs any number of lower ones in practice.
      f: SEVERITIES.reduce((n, s, i) => n + r.counts[s] * 1000 ** (SEVERITIES.length - 1 - i), 0),
    },
  }));
  return {
    tool: `${tool.name} ${tool.version}`,
    hostCount: rows.length,
    verdicts,
    rows: views,
    verdictChart: verdictChart(verdicts),
    graceChart: graceChart(graceHosts),
    // Only the files every fleet run writes: the page is the same whichever other formats were asked for.
    links: ['summary.csv', 'findings.jsonl'].map((name) => ({ name, href: encodeURIComponent(name) })),
    caseId: options.caseId ?? null,
    examiner: options.examiner ?? null,
    generatedAt: options.generatedAt ?? null,
  };
}

const CSV_HEADER = ['host_index', 'hostname', 'label', 'verdict', 'worst_severity', 'worst_rule', 'worst_title', ...SEVERITIES, 'grace_end', 'grace_end_kind', 'days_left', 'as_of', 'as_of_source', 'report_file'];

/** summary.csv: RFC 4180 (CRLF, quoted fields), formula-looking hive text defused with a leading `'`. */
export function renderFleetCsv(report: Report, files: FleetFiles = {}): string {
  return FLEET_CSV_HEADER + fleetRows(report, files).map(fleetCsvRow).join('');
}

/** summary.csv's header line. */
export const FLEET_CSV_HEADER = csvRecord(CSV_HEADER);

/** One host's summary.csv line. */
export function fleetCsvRow(r: FleetRow): string {
  return csvRecord([
    r.index + 1,
    r.hostname,
    r.label,
    r.verdict,
    r.worstSeverity ?? '',
    r.worstRule,
    r.worstTitle,
    ...SEVERITIES.map((s) => r.counts[s]),
    r.graceEnd ?? '',
    r.graceEndKind ?? '',
    r.daysLeft ?? '',
    r.asOf ?? '',
    r.asOfSource,
    r.htmlFile ?? r.mdFile ?? '',
  ]);
}

/** JSON on one line: also escapes NEL, U+2028 and U+2029, which some line readers (Python's splitlines) split on. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** findings.jsonl: one finding per line with the host fields a SIEM needs to group and date it. */
export function renderFindingsJsonl(report: Report, files: FleetFiles = {}): string {
  const rows = fleetRows(report, files);
  return report.hosts.map((h, i) => hostFindingsJsonl(report.tool, h, rows[i])).join('');
}

/** One host's findings.jsonl lines (its row gives the index, verdict and report file). */
export function hostFindingsJsonl(tool: Report['tool'], h: HostReport, row: FleetRow): string {
  let out = '';
  for (const f of h.findings) {
    out += `${jsonLine({
      tool: tool.name,
      toolVersion: tool.version,
      hostIndex: row.index + 1,
      hostname: h.hostname,
      label: h.label,
      asOf: h.asOf.time,
      asOfSource: h.asOf.source,
      verdict: row.verdict,
      reportFile: row.htmlFile ?? row.mdFile,
      ruleId: f.ruleId,
      severity: f.severity,
      title: f.title,
      message: f.message,
      messageId: f.messageId,
      evidence: f.evidence,
      remediation: f.remediation,
      references: f.references,
    })}\n`;
  }
  return out;
}
