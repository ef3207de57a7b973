/** Public analysis API. */
export { analyzeHost, analyzeHosts, buildReport, reportFromFacts, type AnalyzeOptions } from './analyze.js';
export type { HostReport, Report, ReportFinding, ReportInput } from './report.js';
