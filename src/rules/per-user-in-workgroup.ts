/** @fileoverview Per User CALs need Active Directory; a workgroup host cannot use them. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'per-user-in-workgroup',
    title: 'Per User licensing on a host with no evidence of domain membership',
    severity: 'high',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies', 'system:tcpip', 'software:group-policy'],
    decisive: true,
    description:
      'Per User CALs are tracked in Active Directory and are not permitted in workgroup deployments; a workgroup session host in Per User mode cannot be licensed correctly. Users then see "There is a problem with your Remote Desktop license, and your session will be disconnected in 60 minutes".',
    messages: {
      workgroup:
        'Licensing mode is Per User ({{source}}) but no domain-membership signal was found (no domain SID, Group Policy computer DN, Netlogon site or DNS suffix); expect "There is a problem with your Remote Desktop license, and your session will be disconnected in 60 minutes".',
    },
    remediation: ['Use Per Device mode (2) with Per Device CALs in a workgroup, or join the host to a domain.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const m = f.licensing.effectiveMode;
    if (m.value !== 4) return;
    if (f.identity.domain.joined === null) return ctx.notCheckable('domain membership unknown: SYSTEM hive not supplied');
    if (f.identity.domain.joined) return;
    ctx.report({ messageId: 'workgroup', data: { source: m.source }, evidence: [...m.evidence, ...(f.identity.computerName?.evidence ?? [])] });
  },
};
