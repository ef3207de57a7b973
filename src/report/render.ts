/**
 * The renderers: HostReport → self-contained HTML and Markdown through Handlebars templates given as strings,
 * JSON unchanged, and renderReports, which produces every file of a run (per host, plus fleet files).
 */
import Handlebars from 'handlebars';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Report } from '../analysis/report.js';
import { jsonForScript, mdCell, mdText } from './escape.js';
import { fleetView, type FleetFiles } from './fleet.js';
import { fleetAssembler, hostPieces, runFileNames, type PageRenderers, type RenderedFile, type ReportFormat, type RunSink } from './fleet-stream.js';
import { hostView, ignoredFor, type Column, type HostView, type RenderOptions } from './host-view.js';
import type { ReportTemplates } from './templates.js';
import { canonical } from './json.js';

export { renderJson } from './json.js';

export type { RenderOptions } from './host-view.js';

export interface HostRenderOptions extends RenderOptions {
  /** Relative link from a host report back to the fleet index (renderReports sets it when there are several hosts). */
  readonly fleetIndex?: string;
}

interface Compiled {
  hostHtml: Handlebars.TemplateDelegate;
  hostMarkdown: Handlebars.TemplateDelegate;
  fleetHtml: Handlebars.TemplateDelegate;
  fleetMarkdown: Handlebars.TemplateDelegate;
}

const cache = new WeakMap<ReportTemplates, Compiled>();

/** One isolated Handlebars environment per template set; hive text only ever reaches output through escaping. */
function compile(templates: ReportTemplates): Compiled {
  const hit = cache.get(templates);
  if (hit) return hit;
  const hb = Handlebars.create();
  const safe = (s: string) => new hb.SafeString(s);
  hb.registerHelper('md', (v: unknown) => safe(mdText(v === null || v === undefined ? '' : String(v))));
  hb.registerHelper('mdCell', (v: unknown) => safe(mdCell(v as string | number | null)));
  hb.registerHelper('mdRow', (cells: unknown[]) => safe(`| ${cells.map((c) => mdCell(c as string | number | null)).join(' | ')} |`));
  hb.registerHelper('mdHeader', (columns: Column[]) => safe(`| ${columns.map((c) => mdCell(c.name)).join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`));
  // Reference URLs were checked to be plain https URLs without spaces or angle brackets (FindingView.references).
  hb.registerHelper('mdUrl', (url: string, link: boolean) => safe(link ? `<${url}>` : mdText(url)));
  hb.registerHelper('jsonScript', (v: unknown) => safe(jsonForScript(v)));
  const colClass = (columns: Column[], i: number) => [columns[i]?.mono ? 'mono' : '', columns[i]?.nowrap ? 'nowrap' : ''].filter(Boolean).join(' ');
  // A table's rows in one helper call (`{{cell}}` escaping for each cell): per-cell template blocks cost more than the cells.
  hb.registerHelper('htmlRows', (columns: Column[], rows: unknown[][]) => {
    const classes = columns.map((_, i) => hb.escapeExpression(colClass(columns, i)));
    const cell = (c: unknown, i: number) => `<td class="${classes[i] ?? ''}">${hb.escapeExpression(c as string)}</td>`;
    return safe(rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n'));
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // A CSP hash source is base64, which Handlebars would entity-escape (`=`); anything else is refused.
  hb.registerHelper('cspSource', (v: unknown) => {
    if (typeof v !== 'string' || !/^sha256-[A-Za-z0-9+/]+=*$/.test(v)) throw new Error(`not a CSP hash source: ${String(v)}`);
    return safe(v);
  });
  for (const [name, source] of Object.entries(templates.partials)) hb.registerPartial(name, source);
  const opts: CompileOptions = { strict: true, preventIndent: true };
  const compiled: Compiled = {
    hostHtml: hb.compile(templates.hostHtml, opts),
    hostMarkdown: hb.compile(templates.hostMarkdown, opts),
    fleetHtml: hb.compile(templates.fleetHtml, opts),
    fleetMarkdown: hb.compile(templates.fleetMarkdown, opts),
  };
  cache.set(templates, compiled);
  return compiled;
}

/** One host's report: the whole Report when there is one host, else a Report holding only that host. */
function singleHostReport(report: Report, hostIndex: number): Report {
  if (report.hosts.length === 1) return report;
  const host = report.hosts[hostIndex];
  return { ...report, hosts: [host], ...(report.ignored ? { ignored: ignoredFor(report, host) } : {}) };
}

function htmlPage(c: Compiled, report: Report, hostIndex: number, view: HostView, fleetIndex: string | undefined): string {
  return c.hostHtml({ ...view, fleetIndex: fleetIndex ?? null, data: canonical(singleHostReport(report, hostIndex)) });
}

function markdownPage(c: Compiled, view: HostView, fleetIndex: string | undefined): string {
  return c.hostMarkdown({ ...view, fleetIndex: fleetIndex ?? null });
}

export function renderHtml(report: Report, hostIndex: number, templates: ReportTemplates, options: HostRenderOptions = {}): string {
  return htmlPage(compile(templates), report, hostIndex, hostView(report, hostIndex, options), options.fleetIndex);
}

export function renderMarkdown(report: Report, hostIndex: number, templates: ReportTemplates, options: HostRenderOptions = {}): string {
  return markdownPage(compile(templates), hostView(report, hostIndex, options), options.fleetIndex);
}

/** Partial holding the index page's filter and sort script, inlined verbatim and allowed by its hash. */
export const FLEET_SCRIPT_PARTIAL = 'fleet.js';

/** `sha256-…` of an inline script, as a Content-Security-Policy source. */
export function cspHash(script: string): string {
  let bin = '';
  for (const b of sha256(new TextEncoder().encode(script))) bin += String.fromCharCode(b);
  return `sha256-${btoa(bin)}`;
}

/**
 * index.html: one row per host (the full analysis stays in report.json and findings.jsonl), worst verdict first,
 * with a filter and sort script whose hash is the only script source the page's CSP allows.
 */
export function renderFleetHtml(report: Report, templates: ReportTemplates, files: FleetFiles, options: RenderOptions = {}): string {
  return pageRenderers(templates).fleetHtml(fleetView(report, files, options));
}

export function renderFleetMarkdown(report: Report, templates: ReportTemplates, files: FleetFiles, options: RenderOptions = {}): string {
  return pageRenderers(templates).fleetMarkdown(fleetView(report, files, options));
}

export type { ReportFormat, TimelineFormat, RenderedFile } from './fleet-stream.js';

/** The template renderers for hostPieces and fleetAssembler (fleet-stream.ts), over one template set. */
export function pageRenderers(templates: ReportTemplates): PageRenderers {
  const c = compile(templates);
  const script = templates.partials[FLEET_SCRIPT_PARTIAL] ?? '';
  return {
    // One view for both pages: it depends on the report and the run's options, not on the format or the fleet index.
    hostPages: (report, options, want) => {
      const view = hostView(report, 0, options);
      return {
        ...(want.html ? { html: htmlPage(c, report, 0, view, want.html.fleetIndex) } : {}),
        ...(want.md ? { md: markdownPage(c, view, want.md.fleetIndex) } : {}),
      };
    },
    fleetHtml: (view) => c.fleetHtml({ ...view, scriptHash: cspHash(script) }),
    fleetMarkdown: (view) => c.fleetMarkdown(view),
  };
}

/**
 * Every file of one run: `NNN-<host>.html` / `.md` per host, `report.json`, the timelines over every host
 * (`timeline.jsonl` Timesketch, `timeline.tln`, `timeline.body` mactime), and with several hosts the fleet files
 * `index.html` (html), `summary.md` (md), `summary.csv` and `findings.jsonl` (also for one host with json). Names never collide: host files carry
 * a three-digit index prefix the fleet names cannot have. Built host by host (fleet-stream.ts), as the CLI streams a fleet.
 */
export function renderReports(report: Report, formats: readonly ReportFormat[], templates: ReportTemplates, options: RenderOptions = {}): RenderedFile[] {
  const { hosts, ...shell } = report;
  const run = { shell, formats, count: hosts.length, options, pages: pageRenderers(templates) };
  const content = new Map<string, string[]>();
  const sink: RunSink = {
    file: (name, text) => void content.set(name, [text]),
    append: (name, chunk) => void (content.get(name) ?? content.set(name, []).get(name)!).push(chunk),
  };
  const assembler = fleetAssembler(run, sink);
  hosts.forEach((h, i) => assembler.add(hostPieces(h, i, run)));
  assembler.finish();
  return runFileNames(hosts.map((h) => h.hostname), formats).map((fileName) => ({ fileName, content: (content.get(fileName) ?? []).join('') }));
}
