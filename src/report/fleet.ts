/** The fleet summary over several hosts: one row per host (verdict, worst finding, grace left) and the SIEM feed. */
import type { Report } from '../analysis/report.js';
import { SEVERITIES, type Severity } from '../rules/rule.js';
import { csvRecord } from './escape.js';
import { displayDate, displayTime } from './format.js';
import { VERDICT_STATUSES } from '../analysis/verdict.js';
import { VERDICT_LABELS, verdictOf, worstFinding, type Verdict } from './host-view.js';

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

export interface FleetView {
  readonly tool: string;
  readonly hostCount: number;
  readonly verdicts: { readonly key: Verdict; readonly label: string; readonly count: number }[];
  readonly rows: (FleetRow & { readonly number: number; readonly htmlHref: string | null; readonly mdHref: string | null; readonly asOfText: string; readonly graceEndText: string; readonly countList: { severity: Severity; count: number }[] })[];
  readonly caseId: string | null;
  readonly examiner: string | null;
  readonly generatedAt: string | null;
}

export function fleetRows(report: Report, files: FleetFiles = {}): FleetRow[] {
  return report.hosts.map((h, index) => {
    const worst = worstFinding(h);
    const verdict = verdictOf(h);
    const g = h.facts.gracePeriod;
    const daysLeftText = h.facts.roles.rdsh.value === false ? 'n/a' : g.daysLeft === null ? 'unknown' : String(g.daysLeft);
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
  });
}

/** A relative link to a sibling file; names come from reportFileName, encoding keeps non-ASCII letters valid in URLs. */
function href(file: string | null): string | null {
  return file === null ? null : encodeURIComponent(file);
}

export function fleetView(report: Report, files: FleetFiles, options: { caseId?: string; examiner?: string; generatedAt?: string } = {}): FleetView {
  const rows = fleetRows(report, files);
  return {
    tool: `${report.tool.name} ${report.tool.version}`,
    hostCount: rows.length,
    verdicts: VERDICT_STATUSES.map((key) => ({ key, label: VERDICT_LABELS[key], count: rows.filter((r) => r.verdict === key).length })),
    rows: rows.map((r) => ({
      ...r,
      number: r.index + 1,
      htmlHref: href(r.htmlFile),
      mdHref: href(r.mdFile),
      asOfText: displayTime(r.asOf) || 'unknown',
      graceEndText: r.graceEnd ? `${displayDate(r.graceEnd)}${r.graceEndKind === 'estimated' ? ' (estimated)' : ''}` : '',
      countList: SEVERITIES.map((severity) => ({ severity, count: r.counts[severity] })),
    })),
    caseId: options.caseId ?? null,
    examiner: options.examiner ?? null,
    generatedAt: options.generatedAt ?? null,
  };
}

const CSV_HEADER = ['host_index', 'hostname', 'label', 'verdict', 'worst_severity', 'worst_rule', 'worst_title', ...SEVERITIES, 'grace_end', 'grace_end_kind', 'days_left', 'as_of', 'as_of_source', 'report_file'];

/** summary.csv: RFC 4180 (CRLF, quoted fields), formula-looking hive text defused with a leading `'`. */
export function renderFleetCsv(report: Report, files: FleetFiles = {}): string {
  let out = csvRecord(CSV_HEADER);
  for (const r of fleetRows(report, files)) {
    out += csvRecord([
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
  return out;
}

/** JSON on one line: also escapes NEL, U+2028 and U+2029, which some line readers (Python's splitlines) split on. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** findings.jsonl: one finding per line with the host fields a SIEM needs to group and date it. */
export function renderFindingsJsonl(report: Report, files: FleetFiles = {}): string {
  const rows = fleetRows(report, files);
  let out = '';
  report.hosts.forEach((h, i) => {
    for (const f of h.findings) {
      out += `${jsonLine({
        tool: report.tool.name,
        toolVersion: report.tool.version,
        hostIndex: i + 1,
        hostname: h.hostname,
        label: h.label,
        asOf: h.asOf.time,
        asOfSource: h.asOf.source,
        verdict: rows[i].verdict,
        reportFile: rows[i].htmlFile ?? rows[i].mdFile,
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
  });
  return out;
}
