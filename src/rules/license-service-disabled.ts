/** @fileoverview The RD Licensing service is disabled on a license server. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-service-disabled',
    title: 'Remote Desktop Licensing service is disabled',
    severity: 'critical',
    category: 'licensing',
    appliesTo: 'any',
    reads: ['system:termservlicensing', 'system:termservice', 'software:ts-policies'],
    description: 'TermServLicensing Start = 4 on a host that is (or names itself as) a license server: no CALs are issued and session hosts report "License server … is not available".',
    messages: { disabled: 'TermServLicensing Start is 4 (disabled){{self}}.' },
    remediation: ['Set the Remote Desktop Licensing service to Automatic and start it, then check RD Licensing Manager.'],
    references: [REF.noLicenseServer, REF.connectivityStatus],
  },
  check(f, ctx) {
    const ls = f.roles.licenseServer;
    if (!ls.installed) return ctx.notApplicable('RD Licensing service not installed');
    if (ls.start?.value !== 4) return;
    ctx.report({ messageId: 'disabled', data: { self: f.licensing.listsSelf ? ' and this host lists itself as license server' : '' }, evidence: ls.start.evidence });
  },
};
