/** @fileoverview The grace period is over and licensing is not configured: users are refused now. */
import { graceEndUnknownReason, modeConfigured, serversConfigured, licensingUnconfigured, graceEndCollect } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-expired',
    title: 'Grace period has expired and licensing is not configured',
    severity: 'critical',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period', 'system:licensing-core', 'system:termservice', 'software:ts-policies'],
    decisive: licensingUnconfigured,
    description:
      'The grace end (decoded timebomb, else GracePeriod LastWrite + 120 days, estimated) lies at or before the image clock, and the licensing mode or the license server is missing: the session host refuses client connections (events 1128, 1069).',
    messages: { expired: 'Grace period ended {{end}} ({{kind}}), before the image time {{asOf}}; {{missing}}.' },
    remediation: [
      'Configure the licensing mode and a license server (Group Policy or RD Connection Broker deployment properties).',
      'Install and activate RDS CALs of the host\'s version on that license server.',
    ],
    references: [REF.gracePeriodDays, REF.noLicenseServer, REF.cal],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    const unknown = graceEndUnknownReason(f);
    if (unknown) return ctx.notCheckable(unknown, graceEndCollect(f));
    if (g.end === null) return ctx.notApplicable('no grace-period timebomb on this host');
    const missing = [!modeConfigured(f) ? 'licensing mode not configured' : '', !serversConfigured(f) ? 'no license server' : ''].filter(Boolean);
    if (g.daysLeft !== 0 || missing.length === 0) return;
    ctx.report({
      messageId: 'expired',
      data: { end: g.end, kind: g.endKind ?? 'estimated', asOf: f.asOf.time!, missing: missing.join(' and ') },
      evidence: [...(g.timebomb?.evidence ?? []), ...g.keyEvidence, ...f.asOf.evidence, ...f.licensing.effectiveMode.evidence, ...f.licensing.effectiveServers.evidence],
    });
  },
};
