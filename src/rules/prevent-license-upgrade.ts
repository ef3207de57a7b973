/** @fileoverview License server policy "Prevent license upgrade" is on. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'prevent-license-upgrade',
    title: 'License server prevents license upgrade',
    severity: 'medium',
    category: 'licensing',
    appliesTo: 'any',
    reads: ['software:ts-policies', 'system:termservlicensing'],
    description: 'With policy fPreventLicenseUpgrade = 1 the license server issues only a temporary CAL when no CAL of the exact version is available; when it expires, clients are refused.',
    messages: { on: 'Policy fPreventLicenseUpgrade is 1 on this license server.' },
    remediation: ['Disable "Prevent license upgrade", or install CALs of exactly the version the session hosts need.'],
    references: [REF.preventUpgradePolicy],
  },
  check(f, ctx) {
    const v = f.licensing.policies.preventLicenseUpgrade;
    if (!f.roles.licenseServer.installed) return ctx.notApplicable('not a license server (TermServLicensing not installed)');
    if (v?.value === 1) ctx.report({ messageId: 'on', evidence: v.evidence });
  },
};
