/** Modules scripts/build-web.ts generates at bundle time (esbuild plugin), typed for the sources that import them. */
declare module 'rdslic:templates' {
  import type { ReportTemplates } from '../report/templates.js';
  /** templates/ as strings, as src/node/templates.ts reads them. */
  const templates: ReportTemplates;
  export default templates;
}

declare module 'rdslic:precompiled' {
  import type { TemplateSpecification } from 'handlebars';
  /** Handlebars.precompile output of every template and partial source, keyed by that source. */
  const specs: Readonly<Record<string, TemplateSpecification>>;
  export default specs;
}

declare module 'rdslic:worker-source' {
  /** The bundled worker (src/web/worker.ts), run from a Blob URL. */
  const source: string;
  export default source;
}
