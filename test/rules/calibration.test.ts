/** Wording the RuleTester cases cannot see: what a finding names beside its message id (audit C10, D1, D4). */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/rules/engine.js';
import { ruleById } from '../../src/rules/index.js';
import { factsOf } from '../helpers/rule-tester.js';
import { ace, FULL, sd, SID } from '../scenarios/builder.js';
import { healthyRdsh, IMAGE_TIME, RCM, server, TS_POLICIES } from '../scenarios/host.js';

const DAY = 86_400_000;
const messages = (id: string, f: ReturnType<typeof factsOf>) => runRules([ruleById(id)!], f).findings.map((x) => x.message);

describe('reset plus hidden notifications is named (C10)', () => {
  for (const [id, host, opts] of [
    ['grace-period-reset-suspected', () => server('a').grace(10), {}],
    ['grace-period-key-future-dated', () => server('a').grace(-3650), {}],
    ['grace-period-end-rewritten', () => server('a').grace(10), { timebombDecoder: () => ({ status: 'decoded' as const, end: new Date(IMAGE_TIME.getTime() + 110 * DAY), derivation: 'test' }) }],
    ['grace-period-acl-tampered', () => server('a').grace(10, sd(SID.administrators, [ace(SID.networkService, FULL)])), {}],
    ['timebomb-missing', () => server('a').grace(10, undefined, false), {}],
  ] as const) {
    it(id, () => {
      const plain = host();
      expect(messages(id, factsOf(plain, opts)).join()).not.toMatch(/fDisableTerminalServerTooltip/);
      const hidden = host();
      hidden.software.dword(TS_POLICIES, 'fDisableTerminalServerTooltip', 1);
      expect(messages(id, factsOf(hidden, opts)).join()).toMatch(/notifications are hidden.*fDisableTerminalServerTooltip = 1/);
    });
  }
});

describe('unverified premises say so', () => {
  it('grace-period-acl-tampered: the default DACL is unverified', () => {
    const f = factsOf(healthyRdsh().grace(3, sd(SID.administrators, [ace(SID.networkService, FULL)])));
    expect(messages('grace-period-acl-tampered', f).join()).toMatch(/default DACL of this key is unverified/);
  });
  it('x509-certificate-suspect partial: unverified', () => {
    const h = healthyRdsh();
    h.system.removeValue(RCM, 'X509 Certificate2');
    expect(messages('x509-certificate-suspect', factsOf(h)).join()).toMatch(/unverified/);
  });
  it('the as-of warning names both clocks', () => {
    const m = messages('as-of-time-estimated', factsOf(healthyRdsh(), { asOf: new Date(IMAGE_TIME.getTime() + 100 * DAY) })).join();
    expect(m).toContain(IMAGE_TIME.toISOString());
    expect(m).toMatch(/100 day\(s\)/);
  });
});
