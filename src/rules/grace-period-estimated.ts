/** @fileoverview The timebomb was not decoded: the grace end is LastWrite + 120 days. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-estimated',
    title: 'Grace period end is an estimate',
    severity: 'info',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period'],
    description:
      'The timebomb is a machine DPAPI blob; without the SECURITY hive and the S-1-5-18 master keys it cannot be decrypted, so the end is estimated as LastWrite(RCM\\GracePeriod) + 120 days.',
    messages: { estimated: 'Grace end {{end}} is estimated from the GracePeriod key LastWrite {{lastWrite}} + 120 days ({{days}} day(s) left as of {{asOf}}); timebomb {{size}} bytes{{dpapi}}; {{why}}.' },
    remediation: ['Supply the SECURITY hive and the machine master keys (Windows\\System32\\Microsoft\\Protect\\S-1-5-18) to decode the exact end.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.timebomb) return ctx.notApplicable('no timebomb value');
    if (g.endKind === 'decoded') return;
    // A key written after the clock says nothing about when the countdown started (C9).
    if (g.futureDated) return ctx.notCheckable(`no estimate: the GracePeriod LastWrite ${g.futureDated.lastWrite} lies after the image clock (grace-period-key-future-dated)`);
    if (g.keyLastWrite !== null && f.asOf.time !== null && Date.parse(g.keyLastWrite) > Date.parse(f.asOf.time))
      return ctx.notCheckable(`no estimate: the GracePeriod LastWrite ${g.keyLastWrite} lies after the as-of ${f.asOf.time}`);
    if (g.estimatedEnd === null) return ctx.notCheckable('no estimate possible: the GracePeriod key has no LastWrite (.reg exports carry none)');
    ctx.report({
      messageId: 'estimated',
      data: {
        end: g.estimatedEnd,
        lastWrite: g.keyLastWrite ?? 'unknown',
        days: g.daysLeft ?? 'unknown',
        asOf: f.asOf.time ?? 'unknown',
        size: g.timebomb.size,
        dpapi: g.timebomb.dpapi ? ', DPAPI blob' : ', not a DPAPI blob',
        why: g.decryptUnavailable?.reason ?? g.decryptFailure?.reason ?? 'decryption not attempted',
      },
      evidence: [...g.timebomb.evidence, ...g.keyEvidence],
    });
  },
};
