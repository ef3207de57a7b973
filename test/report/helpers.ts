/** Real reports for the renderer tests: scenarios → HostEvidence → analyzeHosts → Report. */
import { analyzeHosts, buildReport, type Report } from '../../src/analysis/index.js';
import { VERSION } from '../../src/version.js';
import { scenarioEvidence } from '../helpers/scenario-evidence.js';
import { scenarios } from '../scenarios/index.js';

export function scenarioReport(ids: readonly string[]): Report {
  const chosen = ids.map((id) => {
    const s = scenarios.find((x) => x.id === id);
    if (!s) throw new Error(`no scenario ${id}`);
    return s;
  });
  return buildReport(analyzeHosts(chosen.map((s) => scenarioEvidence(s))), { name: 'rdslic', version: VERSION });
}

export const allScenarioIds = scenarios.map((s) => s.id);
