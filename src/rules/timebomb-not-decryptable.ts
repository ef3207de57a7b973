/** @fileoverview Valid machine DPAPI keys do not open the timebomb: replaced or damaged. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'timebomb-not-decryptable',
    title: 'Timebomb does not decrypt with the machine keys',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period'],
    description: 'The machine\'s DPAPI material is present and valid, yet the timebomb blob does not open with it (foreign master key, bad signature): the value was replaced, copied from another machine, or damaged.',
    messages: { failed: 'Timebomb {{name}} ({{size}} bytes) does not decrypt: {{reason}}.' },
    remediation: ['Investigate how the value was written (reset tools, cloned images); license the host properly.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.timebomb) return ctx.notApplicable('no timebomb value');
    if (g.decoded) return;
    if (!g.decryptFailure) return ctx.notCheckable(g.decryptUnavailable?.reason ?? 'timebomb decryption not attempted: needs the SECURITY hive and the S-1-5-18 master keys');
    ctx.report({ messageId: 'failed', data: { name: g.timebomb.valueName, size: g.timebomb.size, reason: g.decryptFailure.reason }, evidence: g.timebomb.evidence });
  },
};
