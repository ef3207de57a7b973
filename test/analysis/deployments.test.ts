/** Real-deployment shapes end to end (issue 14): hives written by the hive writer, read back, analysed. */
import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../src/analysis/index.js';
import { hostScenario } from '../helpers/rule-tester.js';
import { regTextView, scenarioEvidence, writtenHiveView } from '../helpers/scenario-evidence.js';
import { multiSessionHost } from '../scenarios/host.js';

describe('healthy Azure Virtual Desktop host (Windows Enterprise multi-session), nothing RDS-licensing configured', () => {
  for (const [name, view] of [
    ['regf hives', writtenHiveView],
    ['.reg exports', regTextView],
  ] as const) {
    it(`${name}: no finding above info, multisession-host says why, RDSH rules not applicable with the reason`, () => {
      const r = analyzeHost(scenarioEvidence(hostScenario(multiSessionHost('avd-ms02')), view));
      expect(r.errors).toEqual([]);
      expect(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
      expect(r.findings.map((f) => f.ruleId)).toContain('multisession-host');
      const na = new Map(r.notApplicableReasons.map((n) => [n.ruleId, n.reason]));
      for (const id of ['licensing-mode-not-configured', 'no-license-server', 'grace-period-expired', 'cal-version-required', 'license-server-older-than-host'])
        expect(na.get(id), id).toMatch(/^not an RDS CAL host: Windows Enterprise multi-session \(EditionID ServerRdsh\)/);
    });
  }
});
