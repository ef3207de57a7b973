/**
 * ESLint-style RuleTester over vitest: each rule gets `valid` cases (must stay quiet, no error) and `invalid`
 * cases (must report exactly the listed message ids, optionally with a severity). A case's "code" is a host:
 * facts gathered from HostBuilder hives, or facts adjusted for states the hives cannot express.
 */
import { expect, it } from 'vitest';
import { analyzeHosts } from '../../src/analysis/index.js';
import { gatherFacts, type GatherOptions } from '../../src/facts/index.js';
import type { Facts } from '../../src/facts/types.js';
import { runRules } from '../../src/rules/engine.js';
import type { Rule, Severity } from '../../src/rules/rule.js';
import type { HostBuilder } from '../scenarios/host.js';
import type { Scenario } from '../scenarios/index.js';
import { regfTreeView, scenarioEvidence, type ViewFactory } from './scenario-evidence.js';

export interface ValidCase {
  name: string;
  facts: () => Facts;
  /** The rule must end in this state (default: passed or notApplicable). */
  status?: 'passed' | 'notApplicable' | 'notCheckable';
}

export interface InvalidCase {
  name: string;
  facts: () => Facts;
  messageIds: string[];
  severity?: Severity;
  /** Every finding's message must match (wording that carries a domain claim). */
  message?: RegExp;
  /** A finding about something absent from every input (e.g. no clock at all) may cite nothing. */
  allowNoEvidence?: boolean;
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export function hostScenario(h: HostBuilder, inputState?: Scenario['inputState']): Scenario {
  return { id: h.opts.name, description: '', hives: h.hives(), expectedFindings: [], ...(inputState ? { inputState } : {}) };
}

export function factsOf(h: HostBuilder, options: GatherOptions & { view?: ViewFactory; inputState?: Scenario['inputState'] } = {}): Facts {
  return gatherFacts(scenarioEvidence(hostScenario(h, options.inputState), options.view ?? regfTreeView), options);
}

/** Facts of the first host, analysed together with the others (license-server peers linked). */
export function linkedFacts(hosts: HostBuilder[]): Facts {
  return analyzeHosts(hosts.map((h) => scenarioEvidence(hostScenario(h))))[0].facts;
}

export function runRuleTester(rule: Rule, cases: RuleCases): void {
  for (const c of cases.valid) {
    it(`valid: ${c.name}`, () => {
      const r = runRules([rule], c.facts());
      expect(r.errors).toEqual([]);
      expect(r.findings.map((f) => f.message)).toEqual([]);
      const state = r.passed.length ? 'passed' : r.notApplicable.length ? 'notApplicable' : 'notCheckable';
      if (c.status) expect(state).toBe(c.status);
      else expect(['passed', 'notApplicable']).toContain(state);
    });
  }
  for (const c of cases.invalid) {
    it(`invalid: ${c.name}`, () => {
      const r = runRules([rule], c.facts());
      expect(r.errors).toEqual([]);
      expect(r.findings.map((f) => f.messageId).sort()).toEqual([...c.messageIds].sort());
      for (const f of r.findings) {
        expect(f.message).not.toMatch(/\{\{/);
        if (!c.allowNoEvidence) expect(f.evidence.length).toBeGreaterThan(0);
        if (c.severity) expect(f.severity).toBe(c.severity);
        if (c.message) expect(f.message).toMatch(c.message);
      }
    });
  }
}
