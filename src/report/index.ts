/** Public report API: renderers over the analysis Report, the fleet files and safe file names. */
export { renderHtml, renderMarkdown, renderJson, renderFleetHtml, renderFleetMarkdown, renderReports, type HostRenderOptions, type RenderOptions, type ReportFormat, type TimelineFormat, type RenderedFile } from './render.js';
export { renderFleetCsv, renderFindingsJsonl, fleetRows, type FleetFiles, type FleetRow } from './fleet.js';
export { reportFileName, sanitizeFileComponent } from './file-names.js';
export { jsonForScript, mdCell, mdText, csvField } from './escape.js';
export { verdictOf, worstFinding, graceSummary, type Verdict } from './host-view.js';
export { TEMPLATE_FILES, type ReportTemplates } from './templates.js';
export { renderTimesketch, renderTln, renderBodyfile, fleetTimelineEvents, hostTimelineEvents, TIMELINE_FILES, type TimelineEvent } from './timeline-export.js';
export { bodyfileField, pipeField } from './escape.js';
