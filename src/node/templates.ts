/** Reads the report templates from templates/ (next to package.json) for the renderers, which take sources as strings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from './package-files.js';
import { TEMPLATE_FILES, type ReportTemplates } from '../report/templates.js';

/** templates/ of the package. */
export const DEFAULT_TEMPLATE_DIR = packagePath('templates');

export function loadTemplates(dir: string = DEFAULT_TEMPLATE_DIR): ReportTemplates {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const partialDir = join(dir, 'partials');
  const partials: Record<string, string> = {};
  for (const f of readdirSync(partialDir).sort()) if (f.endsWith('.hbs')) partials[f.slice(0, -'.hbs'.length)] = read(join('partials', f));
  return {
    hostHtml: read(TEMPLATE_FILES.hostHtml),
    hostMarkdown: read(TEMPLATE_FILES.hostMarkdown),
    fleetHtml: read(TEMPLATE_FILES.fleetHtml),
    fleetMarkdown: read(TEMPLATE_FILES.fleetMarkdown),
    partials,
  };
}
