/** Template sources the renderers take as strings, so a browser bundle can inline them and Node reads templates/. */

export interface ReportTemplates {
  /** templates/report.html.hbs */
  readonly hostHtml: string;
  /** templates/report.md.hbs */
  readonly hostMarkdown: string;
  /** templates/fleet.html.hbs */
  readonly fleetHtml: string;
  /** templates/fleet.md.hbs */
  readonly fleetMarkdown: string;
  /** templates/partials/<name>.hbs by name, e.g. `styles.css`, `table.html`, `table.md`. */
  readonly partials: Readonly<Record<string, string>>;
}

/** File names under templates/ for each field, used by the Node loader and by bundlers. */
export const TEMPLATE_FILES = {
  hostHtml: 'report.html.hbs',
  hostMarkdown: 'report.md.hbs',
  fleetHtml: 'fleet.html.hbs',
  fleetMarkdown: 'fleet.md.hbs',
} as const;
