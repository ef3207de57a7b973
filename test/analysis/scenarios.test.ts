import { describe, expect, it } from 'vitest';
import { analyzeHost, buildReport } from '../../src/analysis/index.js';
import { regfTreeView, regTextView, regTreeView, scenarioEvidence, writtenHiveView } from '../helpers/scenario-evidence.js';
import { scenarios } from '../scenarios/index.js';

const ids = (r: { findings: { ruleId: string }[] }) => [...new Set(r.findings.map((f) => f.ruleId))].sort();

describe('scenarios through TreeView (binary-hive capabilities)', () => {
  for (const s of scenarios) {
    it(`${s.id}: raises exactly the expected rules`, () => {
      const r = analyzeHost(scenarioEvidence(s, regfTreeView));
      expect(r.errors).toEqual([]);
      expect(ids(r)).toEqual(s.expectedFindings);
    });
  }
});

describe('scenarios written with writeHive and read back with openHive', () => {
  for (const s of scenarios) {
    it(`${s.id}: same findings and facts as the tree`, () => {
      const tree = analyzeHost(scenarioEvidence(s, regfTreeView));
      const hive = analyzeHost(scenarioEvidence(s, writtenHiveView));
      expect(hive.errors).toEqual([]);
      expect(ids(hive)).toEqual(s.expectedFindings);
      expect(hive.findings).toEqual(tree.findings);
      expect(hive.facts.licensing).toEqual(tree.facts.licensing);
      expect(hive.facts.gracePeriod).toEqual(tree.facts.gracePeriod);
    });
  }
});

describe('same scenarios as .reg exports (no LastWrite, no security)', () => {
  for (const s of scenarios) {
    it(`${s.id}: same findings except those that become notCheckable`, () => {
      const full = analyzeHost(scenarioEvidence(s, regfTreeView));
      const reg = analyzeHost(scenarioEvidence(s, regTreeView));
      expect(reg.errors).toEqual([]);
      const lost = ids(full).filter((id) => !ids(reg).includes(id));
      const nc = reg.notCheckable.map((n) => n.ruleId);
      for (const id of lost) expect(nc, `${id} vanished without a notCheckable entry`).toContain(id);
      expect(ids(reg).filter((id) => !ids(full).includes(id))).toEqual([]);
    });
  }
});

describe('scenarios exported with toRegText and parsed back with parseRegText', () => {
  for (const s of scenarios) {
    it(`${s.id}: same findings as the .reg-capability tree view`, () => {
      const tree = analyzeHost(scenarioEvidence(s, regTreeView));
      const text = analyzeHost(scenarioEvidence(s, regTextView));
      expect(text.errors).toEqual([]);
      expect(text.findings).toEqual(tree.findings);
      expect(text.notCheckable).toEqual(tree.notCheckable);
    });
  }
});

describe('determinism', () => {
  it('same input gives byte-identical JSON', () => {
    const run = () => JSON.stringify(buildReport(scenarios.map((s) => analyzeHost(scenarioEvidence(s))), { name: 'rdslic', version: '0.1.0' }));
    expect(run()).toBe(run());
  });
});
