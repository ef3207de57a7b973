/** The JSON report: its own module, so a JSON-only run does not load Handlebars. */
import type { Report } from '../analysis/report.js';

/** Keys sorted recursively: the same report gives the same bytes whatever order it was built in. */
export function canonical(value: unknown): unknown {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return sort(JSON.parse(JSON.stringify(value)));
}

/** The report model, unchanged in content: sorted keys, two-space indent, trailing newline. */
export function renderJson(report: Report): string {
  if (report.hosts.length === 0) return `${JSON.stringify(canonical(report), null, 2)}\n`;
  const { head, tail } = reportJsonFrame(report);
  return `${head}${report.hosts.map(hostJsonPiece).join(HOST_JSON_SEPARATOR)}${tail}`;
}

const HOSTS_MARK = 'rdslic-hosts-go-here';

/**
 * renderJson's text around the hosts[] entries, from everything of the report but its hosts: a fleet's report.json
 * is written as head, each host's piece (hostJsonPiece) joined by HOST_JSON_SEPARATOR, tail; the same bytes.
 */
export function reportJsonFrame(shell: Omit<Report, 'hosts'>): { head: string; tail: string } {
  const text = JSON.stringify(canonical({ ...shell, hosts: [HOSTS_MARK] }), null, 2);
  const mark = `\n    ${JSON.stringify(HOSTS_MARK)}\n  `;
  const at = text.indexOf(mark);
  if (at < 0) throw new Error('report JSON frame: hosts array not found');
  return { head: `${text.slice(0, at)}\n`, tail: `\n  ${text.slice(at + mark.length)}\n` };
}

export const HOST_JSON_SEPARATOR = ',\n';

/** One hosts[] entry of report.json as renderJson indents it (two levels deep). */
export function hostJsonPiece(host: unknown): string {
  return JSON.stringify(canonical(host), null, 2).replace(/\n/g, '\n    ').replace(/^/, '    ');
}
