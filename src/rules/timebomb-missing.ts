/** @fileoverview A session host that has run has no timebomb: the grace period was reset or never started. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'timebomb-missing',
    title: 'Grace-period timebomb is missing on a session host that has run',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period', 'system:rcm'],
    description:
      'RCM certificate values show the session host has started its licensing component, yet RCM\\GracePeriod or its L$RTMTIMEBOMB value is missing: the usual trace of the grace-period reset hack (delete the value, restart TermService).',
    messages: {
      noKey: 'RCM\\GracePeriod is missing although RCM certificate values ({{certs}}) exist.',
      noValue: 'RCM\\GracePeriod has no timebomb value although RCM certificate values ({{certs}}) exist.',
    },
    remediation: [
      'Look for reset scripts or scheduled tasks (grace-period-reset-task) and for take-ownership events; compare with the Terminal Services event logs.',
      'License the host properly instead of resetting the grace period.',
    ],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const certs = f.certificates.rcm;
    if (certs.length === 0) return ctx.notApplicable('no RCM certificate values: no evidence the session host licensing has run');
    const g = f.gracePeriod;
    const ev = [...g.keyEvidence, ...certs.flatMap((c) => c.evidence)];
    const names = certs.map((c) => c.name).join(', ');
    if (!g.keyPresent) ctx.report({ messageId: 'noKey', data: { certs: names }, evidence: ev });
    else if (!g.timebomb) ctx.report({ messageId: 'noValue', data: { certs: names }, evidence: ev });
  },
};
