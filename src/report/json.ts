/** The JSON report: its own module, so a JSON-only run does not load Handlebars. */
import type { Report } from '../analysis/report.js';

/**
 * Keys sorted recursively: the same report gives the same bytes whatever order it was built in. What JSON.stringify
 * would drop or turn into null is dropped or null here too (toJSON, undefined, functions, non-finite numbers), so
 * stringifying the result gives what stringifying a JSON round trip of it would, without the round trip.
 */
export function canonical(value: unknown): unknown {
  return sorted(value);
}

const SKIPPED = new Set(['undefined', 'function', 'symbol']);

function sorted(value: unknown): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const s = sorted(v[i]);
      out[i] = SKIPPED.has(typeof s) ? null : s;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const s = sorted((v as Record<string, unknown>)[k]);
    if (!SKIPPED.has(typeof s)) out[k] = s;
  }
  return out;
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
