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
  return `${JSON.stringify(canonical(report), null, 2)}\n`;
}
