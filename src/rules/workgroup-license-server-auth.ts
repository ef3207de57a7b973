/** @fileoverview Workgroup session host using a remote license server after the CVE-2024-38099 hardening. */
import { REF } from './references.js';
import type { Rule } from './rule.js';
import { namesSelf } from '../facts/licensing.js';

export const rule: Rule = {
  meta: {
    id: 'workgroup-license-server-auth',
    title: 'Workgroup session host uses a remote license server',
    severity: 'medium',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:tcpip', 'system:termservice', 'software:ts-policies', 'software:group-policy'],
    description:
      'Since the CVE-2024-38099 hardening, a license server refuses anonymous requests from workgroup session hosts: the RDSH can no longer obtain or query licenses unless credentials are stored for NETWORK SERVICE or the license server sets DisableWorkgroupAuthEnforcement.',
    messages: { workgroup: 'Host is not domain-joined and uses remote license server(s) {{servers}}.' },
    remediation: [
      'Store credentials for the license server in the NETWORK SERVICE context (cmdkey) as Microsoft describes for workgroup session hosts.',
      'Only if that is impossible: set DisableWorkgroupAuthEnforcement = 1 on the license server (weakens security; future versions may ignore it).',
    ],
    references: [REF.licenseSessionHosts],
  },
  check(f, ctx) {
    if (f.identity.domain.joined !== false) return;
    const remote = f.licensing.effectiveServers.servers.filter((s) => !namesSelf(s, f.identity));
    if (remote.length === 0) return;
    const relaxed = (f.licenseServerPeers ?? []).filter((p) => p.disableWorkgroupAuthEnforcement === 1).map((p) => p.name.toUpperCase());
    const affected = remote.filter((s) => !relaxed.includes(s.toUpperCase()));
    if (affected.length === 0) return;
    ctx.report({ messageId: 'workgroup', data: { servers: affected.join(', ') }, evidence: f.licensing.effectiveServers.evidence });
  },
};
