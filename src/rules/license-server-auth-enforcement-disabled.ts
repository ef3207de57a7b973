/** @fileoverview The license server accepts anonymous workgroup requests (DisableWorkgroupAuthEnforcement = 1). */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-server-auth-enforcement-disabled',
    title: 'License server workgroup authentication enforcement is disabled',
    severity: 'medium',
    severityNote: 'medium (low on a domain-member license server)',
    category: 'licensing',
    appliesTo: 'any',
    reads: ['system:termservlicensing'],
    description:
      'TermServLicensing\\Parameters DisableWorkgroupAuthEnforcement = 1 turns off the CVE-2024-38099 hardening for workgroup session hosts; Microsoft documents the opt-out for work groups only, does not recommend it, and says future versions might stop honouring it (then the workgroup hosts lose their licenses). On a domain-member license server it is a lower risk (low).',
    messages: {
      disabled: 'DisableWorkgroupAuthEnforcement is 1 on this license server: the opt-out is not recommended and future versions might stop honouring it.',
      disabledDomain:
        'DisableWorkgroupAuthEnforcement is 1 on this domain-member license server ({{signal}}): the opt-out concerns workgroup session hosts only, is not recommended, and future versions might stop honouring it.',
    },
    remediation: ['Remove DisableWorkgroupAuthEnforcement and give workgroup session hosts credentials (cmdkey for NETWORK SERVICE) instead.'],
    references: [REF.licenseSessionHosts],
  },
  check(f, ctx) {
    const v = f.roles.licenseServer.disableWorkgroupAuthEnforcement;
    if (!f.roles.licenseServer.installed) return ctx.notApplicable('RD Licensing service not installed');
    if (v?.value !== 1) return;
    const d = f.identity.domain;
    const strong = d.joined === true && d.confidence !== 'low' ? d.signals.find((s) => s.strength !== 'weak') : undefined;
    if (strong) ctx.report({ messageId: 'disabledDomain', data: { signal: strong.detail }, evidence: [...v.evidence, ...strong.evidence], severity: 'low' });
    else ctx.report({ messageId: 'disabled', evidence: v.evidence });
  },
};
