/**
 * Reads the report templates from templates/ (next to package.json) for the renderers, which take sources as
 * strings; the single executable carries the same set as one embedded asset.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMBEDDED_ASSETS, embeddedText, packagePath } from './package-files.js';
import { TEMPLATE_FILES, type ReportTemplates } from '../report/templates.js';

/** `dir` defaults to the package's templates/ (or the executable's embedded copy). */
export function loadTemplates(dir?: string): ReportTemplates {
  if (dir === undefined) {
    const packed = embeddedText(EMBEDDED_ASSETS.templates);
    if (packed !== undefined) return JSON.parse(packed) as ReportTemplates;
  }
  const from = dir ?? packagePath('templates');
  const read = (name: string) => readFileSync(join(from, name), 'utf8');
  const partialDir = join(from, 'partials');
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
