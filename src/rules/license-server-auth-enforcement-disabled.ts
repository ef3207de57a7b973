/** @fileoverview The license server accepts anonymous workgroup requests (DisableWorkgroupAuthEnforcement = 1). */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-server-auth-enforcement-disabled',
    title: 'License server workgroup authentication enforcement is disabled',
    severity: 'medium',
    category: 'licensing',
    appliesTo: 'any',
    reads: ['system:termservlicensing'],
    description: 'TermServLicensing\\Parameters DisableWorkgroupAuthEnforcement = 1 turns off the CVE-2024-38099 hardening; Microsoft does not recommend it and future versions may stop honouring it.',
    messages: { disabled: 'DisableWorkgroupAuthEnforcement is 1 on this license server.' },
    remediation: ['Remove DisableWorkgroupAuthEnforcement and give workgroup session hosts credentials (cmdkey for NETWORK SERVICE) instead.'],
    references: [REF.licenseSessionHosts],
  },
  check(f, ctx) {
    const v = f.roles.licenseServer.disableWorkgroupAuthEnforcement;
    if (!f.roles.licenseServer.installed) return ctx.notApplicable('RD Licensing service not installed');
    if (v?.value === 1) ctx.report({ messageId: 'disabled', evidence: v.evidence });
  },
};
