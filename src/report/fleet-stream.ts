/**
 * A run's files built host by host: hostPieces turns one HostReport into its own files and its share of the
 * run-wide files (report.json entry, findings.jsonl lines, summary.csv row, timeline lines, index row), and
 * fleetAssembler puts the pieces together in host order. renderReports (render.ts) is these two over a whole
 * Report; the CLI runs hostPieces in its pool workers and the assembler as results arrive, so a fleet's memory
 * is bounded by the hosts in flight. No Handlebars here: the HTML/Markdown renderers are passed in, so a
 * JSON-only run never loads them.
 */
import type { HostReport, Report } from '../analysis/report.js';
import type { Severity } from '../rules/rule.js';
import type { GraceHost } from './fleet-charts.js';
import { FLEET_CSV_HEADER, fleetCsvRow, fleetRow, fleetViewOf, graceHost, hostFindingsJsonl, type FleetFiles, type FleetRow, type FleetView } from './fleet.js';
import { reportFileName } from './file-names.js';
import { ignoredFor, type RenderOptions } from './host-view.js';
import { HOST_JSON_SEPARATOR, hostJsonPiece, renderJson, reportJsonFrame } from './json.js';
import { hostTimelineEvents, mergeTimelines, TIMELINE_FILES, TIMELINE_LINES } from './timeline-export.js';

export type TimelineFormat = keyof typeof TIMELINE_FILES;
export type ReportFormat = 'html' | 'md' | 'json' | TimelineFormat;

export interface RenderedFile {
  readonly fileName: string;
  readonly content: string;
}

/** Everything of the Report but its hosts. */
export type ReportShell = Omit<Report, 'hosts'>;

/** Where a host page links back to (the fleet's index.html or summary.md), absent for a run of one host. */
export interface HostPageLink {
  readonly fleetIndex?: string;
}

/** The template renderers (render.ts), given only when HTML or Markdown is asked for. */
export interface PageRenderers {
  /** A host's HTML and Markdown pages, those asked for in `want`, each with its link back to the fleet index. */
  hostPages(report: Report, options: RenderOptions, want: { readonly html?: HostPageLink; readonly md?: HostPageLink }): { html?: string; md?: string };
  fleetHtml(view: FleetView): string;
  fleetMarkdown(view: FleetView): string;
}

export interface RunShape {
  readonly shell: ReportShell;
  readonly formats: readonly ReportFormat[];
  /** Hosts in the run (file-name width, fleet files). */
  readonly count: number;
  readonly options?: RenderOptions;
  readonly pages?: PageRenderers;
}

/** One host's share of a run's files; plain data (crosses from a pool worker to the main thread). */
export interface HostPieces {
  readonly index: number;
  /** `NNN-<host>.html` / `.md`. */
  readonly files: RenderedFile[];
  /** Its report.json hosts[] entry (json asked). */
  readonly json: string | null;
  readonly findingsJsonl: string;
  readonly row: FleetRow;
  readonly grace: GraceHost | null;
  /** Per timeline format asked, this host's events as lines with their time, in the host's own order. */
  readonly timelines: { readonly format: TimelineFormat; readonly events: { readonly micros: number; readonly line: string }[] }[];
  readonly summary: Record<Severity, number>;
}

const TIMELINE_ORDER: readonly TimelineFormat[] = ['timesketch', 'tln', 'bodyfile'];

/** Host `index`'s report file base name and the FleetFiles entries the fleet files link it by. */
function hostFiles(hostname: string, index: number, count: number, formats: ReadonlySet<ReportFormat>): FleetFiles {
  const base = reportFileName(hostname, index, count);
  const at = (name: string) => Object.assign(new Array<string>(index + 1), { [index]: name });
  return { ...(formats.has('html') ? { html: at(`${base}.html`) } : {}), ...(formats.has('md') ? { md: at(`${base}.md`) } : {}) };
}

/** Host `index`'s own file names (`NNN-<host>.html` / `.md`, as asked). */
export function hostFileNames(hostname: string, index: number, count: number, formats: readonly ReportFormat[]): string[] {
  const f = hostFiles(hostname, index, count, new Set(formats));
  return [...(f.html ? [f.html[index]] : []), ...(f.md ? [f.md[index]] : [])];
}

/** Every file name of a run in renderReports' order, from the hosts' names in report order. */
export function runFileNames(hostnames: readonly string[], formats: readonly ReportFormat[]): string[] {
  const want = new Set(formats);
  const several = hostnames.length > 1;
  const out: string[] = [];
  hostnames.forEach((h, i) => out.push(...hostFileNames(h, i, hostnames.length, formats)));
  if (want.has('json')) out.push('report.json');
  for (const f of TIMELINE_ORDER) if (want.has(f)) out.push(TIMELINE_FILES[f]);
  if (several) {
    if (want.has('html')) out.push('index.html');
    if (want.has('md')) out.push('summary.md');
    out.push('summary.csv');
  }
  // One host too when JSON is asked: batch jobs and Velociraptor read findings.jsonl whatever the host count.
  if (several || want.has('json')) out.push('findings.jsonl');
  return out;
}

export function hostPieces(host: HostReport, index: number, run: RunShape): HostPieces {
  const want = new Set(run.formats);
  const several = run.count > 1;
  const files = hostFiles(host.hostname, index, run.count, want);
  // The report a host page embeds: the whole run for one host, else this host with the ignored files beside it.
  const own: Report = several
    ? { ...run.shell, hosts: [host], ...(run.shell.ignored ? { ignored: ignoredFor({ ...run.shell, hosts: [] }, host) } : {}) }
    : { ...run.shell, hosts: [host] };
  const out: RenderedFile[] = [];
  const options = run.options ?? {};
  if (files.html || files.md) {
    if (!run.pages) throw new Error('HTML or Markdown asked for without the page renderers');
    const link = (fleetIndex: string): HostPageLink => (several ? { fleetIndex } : {});
    const pages = run.pages.hostPages(own, options, { ...(files.html ? { html: link('index.html') } : {}), ...(files.md ? { md: link('summary.md') } : {}) });
    if (files.html && pages.html !== undefined) out.push({ fileName: files.html[index], content: pages.html });
    if (files.md && pages.md !== undefined) out.push({ fileName: files.md[index], content: pages.md });
  }
  const row = fleetRow(host, index, files);
  const reportFile = files.html?.[index] ?? files.md?.[index] ?? null;
  const timelines = TIMELINE_ORDER.filter((f) => want.has(f)).map((format) => {
    const line = TIMELINE_LINES[format];
    return { format, events: hostTimelineEvents(host, index, reportFile).map((e) => ({ micros: e.micros, line: line(e, run.shell.tool) })) };
  });
  return {
    index,
    files: out,
    json: want.has('json') ? hostJsonPiece(host) : null,
    findingsJsonl: several || want.has('json') ? hostFindingsJsonl(run.shell.tool, host, row) : '',
    row,
    grace: graceHost(host),
    timelines,
    summary: { ...host.summary },
  };
}

/** Where the assembler writes: whole files, and chunks appended to a run-wide file (an empty chunk still creates it). */
export interface RunSink {
  file(name: string, content: string): void;
  append(name: string, chunk: string): void;
}

export interface FleetAssembler {
  /** The next host's pieces, in host order (index 0, 1, …). */
  add(pieces: HostPieces): void;
  /** After the last host: the JSON tail, the timelines and the fleet index and summary. */
  finish(): void;
}

/** Keeps only the hosts' index rows, grace-chart entries and timeline lines; everything else goes to the sink as it comes. */
export function fleetAssembler(run: RunShape, sink: RunSink): FleetAssembler {
  const want = new Set(run.formats);
  const several = run.count > 1;
  const frame = want.has('json') ? reportJsonFrame(run.shell) : null;
  const rows: FleetRow[] = [];
  const graces: GraceHost[] = [];
  const timelines = new Map<TimelineFormat, { micros: number; line: string }[][]>();
  return {
    add(p) {
      if (p.index !== rows.length) throw new Error(`host pieces out of order: ${p.index} after ${rows.length - 1}`);
      for (const f of p.files) sink.file(f.fileName, f.content);
      if (frame && p.json !== null) sink.append('report.json', `${rows.length === 0 ? frame.head : HOST_JSON_SEPARATOR}${p.json}`);
      if (several) sink.append('summary.csv', `${rows.length === 0 ? FLEET_CSV_HEADER : ''}${fleetCsvRow(p.row)}`);
      if (several || want.has('json')) sink.append('findings.jsonl', p.findingsJsonl);
      for (const t of p.timelines) {
        const hosts = timelines.get(t.format) ?? [];
        hosts.push(t.events);
        timelines.set(t.format, hosts);
      }
      rows.push(p.row);
      if (p.grace) graces.push(p.grace);
    },
    finish() {
      if (frame) sink.append('report.json', rows.length === 0 ? renderJson({ ...run.shell, hosts: [] }) : frame.tail);
      for (const f of TIMELINE_ORDER) if (want.has(f)) sink.append(TIMELINE_FILES[f], mergeTimelines(timelines.get(f) ?? []).map((e) => e.line).join(''));
      if (several && (want.has('html') || want.has('md'))) {
        if (!run.pages) throw new Error('HTML or Markdown asked for without the page renderers');
        const view = fleetViewOf(run.shell.tool, rows, graces, run.options ?? {});
        if (want.has('html')) sink.file('index.html', run.pages.fleetHtml(view));
        if (want.has('md')) sink.file('summary.md', run.pages.fleetMarkdown(view));
      }
    },
  };
}
