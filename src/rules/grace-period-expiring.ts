/** @fileoverview The grace period ends within 30 days and licensing is not configured. */
import { graceEndUnknownReason, modeConfigured, serversConfigured, licensingUnconfigured, graceEndCollect } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-expiring',
    title: 'Grace period ends soon and licensing is not configured',
    severity: 'medium',
    severityNote: 'medium (high with 14 days or less)',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period', 'system:licensing-core', 'system:termservice', 'software:ts-policies'],
    decisive: licensingUnconfigured,
    description: '0 < days left <= 30 as of the image clock while the licensing mode or the license server is missing; users will be refused when it ends.',
    messages: { expiring: '{{days}} day(s) of grace period left as of {{asOf}} (ends {{end}}, {{kind}}); {{missing}}.' },
    remediation: ['Finish the licensing configuration (mode, license server, CALs) before the grace period ends.'],
    references: [REF.gracePeriodDays, REF.noLicenseServer],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    const unknown = graceEndUnknownReason(f);
    if (unknown) return ctx.notCheckable(unknown, graceEndCollect(f));
    if (g.end === null || g.daysLeft === null) return ctx.notApplicable('no grace-period timebomb on this host');
    const missing = [!modeConfigured(f) ? 'licensing mode not configured' : '', !serversConfigured(f) ? 'no license server' : ''].filter(Boolean);
    if (g.daysLeft <= 0 || g.daysLeft > 30 || missing.length === 0) return;
    ctx.report({
      messageId: 'expiring',
      data: { days: g.daysLeft, asOf: f.asOf.time!, end: g.end, kind: g.endKind ?? 'estimated', missing: missing.join(' and ') },
      evidence: [...(g.timebomb?.evidence ?? []), ...g.keyEvidence, ...f.asOf.evidence],
      severity: g.daysLeft <= 14 ? 'high' : undefined,
    });
  },
};
