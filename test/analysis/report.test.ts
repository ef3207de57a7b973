import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { analyzeHost, analyzeHosts, buildReport } from '../../src/analysis/index.js';
import type { Rule } from '../../src/rules/rule.js';
import { rules } from '../../src/rules/index.js';
import { ROOT } from '../helpers/oracles.js';
import { regTreeView, scenarioEvidence } from '../helpers/scenario-evidence.js';
import { scenarios, HOSTILE } from '../scenarios/index.js';
import { hostScenario } from '../helpers/rule-tester.js';
import { healthyRdsh, server } from '../scenarios/host.js';

const schema = JSON.parse(readFileSync(resolve(ROOT, 'schema/report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
const validate = ajv.compile(schema);
const tool = { name: 'rdslic', version: '0.1.0' };

function valid(report: unknown): void {
  const ok = validate(report);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('report JSON schema', () => {
  it('validates every scenario report, binary and .reg views', () => {
    valid(JSON.parse(JSON.stringify(buildReport(scenarios.map((s) => analyzeHost(scenarioEvidence(s))), tool))));
    valid(JSON.parse(JSON.stringify(buildReport(scenarios.map((s) => analyzeHost(scenarioEvidence(s, regTreeView))), tool))));
  });
  it('rejects a report whose finding lacks evidence rows shape', () => {
    const r = JSON.parse(JSON.stringify(buildReport([analyzeHost(scenarioEvidence(scenarios[1]))], tool)));
    r.hosts[0].findings[0].evidence[0] = { input: 'x' };
    expect(validate(r)).toBe(false);
    r.hosts[0].findings[0].evidence = [];
    r.hosts[0].findings[0].severity = 'urgent';
    expect(validate(r)).toBe(false);
  });
  it('has exactly the top-level shape of the contract', () => {
    const r = buildReport([analyzeHost(scenarioEvidence(scenarios[0]))], tool);
    expect(Object.keys(r)).toEqual(['schemaVersion', 'tool', 'hosts']);
    const h = r.hosts[0];
    for (const k of ['hostname', 'inputs', 'asOf', 'facts', 'findings', 'passed', 'notApplicable', 'notCheckable', 'errors', 'suppressed']) expect(h).toHaveProperty(k);
    expect(Object.keys(h.findings[0]).slice(0, 4)).toEqual(['ruleId', 'severity', 'title', 'message']);
    expect(h.inputs[0]).toMatchObject({ path: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'SOFTWARE', dirty: false, logsApplied: [] });
  });
});

describe('engine behaviour inside analyzeHost', () => {
  const evidence = () => scenarioEvidence(scenarios.find((s) => s.id === 'grace-period-expired')!);
  it('a crashing rule becomes an errors entry and the others still run', () => {
    const boom: Rule = { meta: { ...rules[0].meta, id: 'zz-boom' }, check: () => { throw new TypeError('cannot read x of undefined'); } };
    const r = analyzeHost(evidence(), { rules: [...rules, boom] });
    expect(r.errors).toEqual([{ ruleId: 'zz-boom', message: 'TypeError: cannot read x of undefined' }]);
    expect(r.findings.map((f) => f.ruleId)).toContain('grace-period-expired');
  });
  it('disables rules, overrides severities, and keeps suppressions with their reason', () => {
    const r = analyzeHost(evidence(), {
      config: {
        rules: { 'cal-version-required': 'off', 'no-license-server': { severity: 'low' } },
        suppress: [{ ruleId: 'grace-period-estimated', reason: 'DPAPI keys not collected; accepted by IR lead' }],
      },
    });
    expect(r.disabled).toEqual(['cal-version-required']);
    expect(r.findings.find((f) => f.ruleId === 'no-license-server')!.severity).toBe('low');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('grace-period-estimated');
    expect(r.suppressed.map((s) => [s.ruleId, s.reason])).toEqual([['grace-period-estimated', 'DPAPI keys not collected; accepted by IR lead']]);
  });
  it('refuses a suppression without a reason and reports unknown ids', () => {
    const r = analyzeHost(evidence(), { config: { rules: { 'no-such-rule': 'off' }, suppress: [{ ruleId: 'no-license-server', reason: '  ' }] } });
    expect(r.findings.map((f) => f.ruleId)).toContain('no-license-server');
    expect(r.errors.map((e) => e.ruleId).sort()).toEqual(['no-license-server', 'no-such-rule']);
  });
  it('sorts findings by severity then id', () => {
    const f = analyzeHost(evidence()).findings;
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const key = f.map((x) => `${order.indexOf(x.severity)}:${x.ruleId}`);
    expect(key).toEqual([...key].sort());
    expect(f[0].severity).toBe('critical');
  });
  it('never reads the wall clock: a later run of the same input is byte-identical and as-of comes from the image', () => {
    const a = JSON.stringify(analyzeHost(evidence()));
    const b = JSON.stringify(analyzeHost(evidence()));
    expect(a).toBe(b);
    expect(JSON.parse(a).asOf).toEqual({ time: '2025-06-01T12:00:00.000Z', source: 'shutdown-time', imageClock: { time: '2025-06-01T12:00:00.000Z', source: 'shutdown-time' }, differsDays: null });
  });
});

describe('hostile names travel as data', () => {
  it('keeps markup and table breakers verbatim in hostname, evidence and messages (escaping is the renderers\' job)', () => {
    const r = analyzeHost(scenarioEvidence(scenarios.find((s) => s.id === 'hostile-names')!));
    expect(r.hostname).toBe(HOSTILE);
    const msg = r.findings.find((f) => f.ruleId === 'workgroup-license-server-auth')!.message;
    expect(msg).toContain('`ls|01`');
    expect(msg).toContain('<b>ls02</b>\nevil');
    expect(JSON.parse(JSON.stringify(r)).hostname).toBe(HOSTILE);
  });
});

describe('several hosts', () => {
  it('links a license server analysed in the same run', () => {
    const ls = server('ls01', { build: 14393, rdsh: false });
    ls.system.dword('ControlSet001\\Services\\TermServLicensing', 'Start', 2);
    const [rdsh] = analyzeHosts([healthyRdsh('rdsh01'), ls].map((h) => scenarioEvidence(hostScenario(h))));
    expect(rdsh.findings.find((f) => f.ruleId === 'license-server-older-than-host')?.message).toMatch(/ls01\.contoso\.local runs Windows Server 2016/);
    valid(JSON.parse(JSON.stringify(buildReport([rdsh], tool))));
  });
});
