/** @fileoverview License server serves only members of its security group (RDS Endpoint Servers / Terminal Server Computers). */
import type { Facts } from '../facts/types.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

/** The group by release (audit A4): RDS Endpoint Servers from Server 2012 (build 9200), Terminal Server Computers before. */
function groupName(f: Facts): string {
  const sg = f.roles.licenseServer.securityGroup;
  if (sg) return sg.name;
  const build = f.identity.currentBuild?.value ?? null;
  if (build === null) return 'RDS Endpoint Servers (S-1-5-32-576, Server 2012 and later) or Terminal Server Computers (up to 2008 R2)';
  return build >= 9200 ? 'RDS Endpoint Servers (S-1-5-32-576)' : 'Terminal Server Computers';
}

export const rule: Rule = {
  meta: {
    id: 'license-server-security-group',
    title: 'License server security group policy is enabled',
    severity: 'medium',
    severityNote: 'medium (high when the license server\'s SAM shows the group empty)',
    category: 'licensing',
    appliesTo: 'any',
    reads: ['software:ts-policies', 'system:termservlicensing'],
    description:
      'With policy fSecureLicensing = 1 ("License server security group") a domain-member license server answers only session hosts whose computer accounts are in its local group RDS Endpoint Servers (S-1-5-32-576, Server 2012 and later; empty by default) or, up to Server 2008 R2, Terminal Server Computers; other hosts are refused (license server events 4140/4141). The policy has no effect on a workgroup license server. With the license server\'s SAM hive, the group\'s members are read (builtin alias 0x240; the SAM layout follows RegRipper\'s samparse and is unverified against a Microsoft source).',
    messages: {
      on: 'Policy fSecureLicensing is 1 on this license server: only members of {{group}} get licenses (denials are events 4140/4141); supply this server\'s SAM hive to check the members.',
      empty:
        'Policy fSecureLicensing is 1 and {{group}} has no members (SAM alias, layout unverified): this license server refuses every session host (events 4140/4141).',
      populated: 'Policy fSecureLicensing is 1: only the {{count}} member(s) of {{group}} get licenses ({{members}}); check that every session host\'s computer account is among them (SAM alias, layout unverified).',
      groupMissing: 'Policy fSecureLicensing is 1 but {{group}} was not found in the SAM hive (it may carry a localized name; SAM layout unverified): check its members, or every session host is refused (events 4140/4141).',
    },
    remediation: [
      'Add every session host\'s computer account to the license server\'s local RDS Endpoint Servers group (Server 2012 and later) or Terminal Server Computers group (up to 2008 R2), or disable the policy.',
    ],
    references: [REF.secGroupPolicy, REF.createTscGroup],
  },
  check(f, ctx) {
    const v = f.licensing.policies.secureLicensing;
    const ls = f.roles.licenseServer;
    if (!ls.installed) return ctx.notApplicable('not a license server (TermServLicensing not installed)');
    if (v?.value !== 1) return;
    if (f.identity.domain.joined === false) return ctx.notApplicable('workgroup license server: the security-group policy has no effect there');
    const group = groupName(f);
    const sg = ls.securityGroup;
    if (!sg) return ctx.report({ messageId: 'on', data: { group }, evidence: v.evidence });
    const ev = [...v.evidence, ...sg.evidence];
    if (!sg.found) return ctx.report({ messageId: 'groupMissing', data: { group }, evidence: ev });
    if (sg.memberCount === 0) return ctx.report({ messageId: 'empty', data: { group }, evidence: ev, severity: 'high' });
    ctx.report({ messageId: 'populated', data: { group, count: sg.memberCount ?? sg.members.length, members: sg.members.join(', ') || 'not decodable' }, evidence: ev });
  },
};
