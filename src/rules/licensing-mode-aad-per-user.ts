/** @fileoverview AAD Per User (6) outside Azure Virtual Desktop multi-session hosts. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'licensing-mode-aad-per-user',
    title: 'AAD Per User licensing mode on a host that is not multi-session',
    severity: 'medium',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies'],
    description: 'eff(LicensingMode) = 6 (AAD Per User) is meant for Azure Virtual Desktop multi-session hosts; an on-premises session host in this mode obtains no CALs from a license server.',
    messages: { aad: 'Licensing mode is 6 (AAD Per User, {{source}}) but EditionID is {{edition}}.' },
    remediation: ['Use Per User (4) or Per Device (2) on on-premises session hosts.'],
    references: [REF.tsDeploymentLicensing],
  },
  check(f, ctx) {
    const m = f.licensing.effectiveMode;
    if (m.value !== 6) return;
    const edition = f.identity.editionId?.value ?? '';
    if (/ServerRdsh|MultiSession/i.test(edition)) return;
    ctx.report({ messageId: 'aad', data: { source: m.source, edition: edition || 'unknown' }, evidence: [...m.evidence, ...(f.identity.editionId?.evidence ?? [])] });
  },
};
