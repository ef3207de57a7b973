/** @fileoverview License server serves only members of "Terminal Server Computers". */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-server-security-group',
    title: 'License server security group policy is enabled',
    severity: 'medium',
    category: 'licensing',
    appliesTo: 'any',
    reads: ['software:ts-policies', 'system:termservlicensing'],
    description: 'With policy fSecureLicensing = 1 the license server answers only session hosts whose computer accounts are in its local "Terminal Server Computers" group; any other host is denied CALs.',
    messages: { on: 'Policy fSecureLicensing is 1 on this license server.' },
    remediation: ['Add every session host computer account to the "Terminal Server Computers" local group of the license server, or disable the policy.'],
    references: [REF.secGroupPolicy],
  },
  check(f, ctx) {
    const v = f.licensing.policies.secureLicensing;
    if (!f.roles.licenseServer.installed) return ctx.notApplicable('not a license server (TermServLicensing not installed)');
    if (v?.value === 1) ctx.report({ messageId: 'on', evidence: v.evidence });
  },
};
