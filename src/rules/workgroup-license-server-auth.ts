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
      'Since the CVE-2024-38099 hardening, a license server refuses anonymous requests from workgroup session hosts: the RDSH can obtain or query licenses only with credentials stored for NETWORK SERVICE (cmdkey, by host name or IP), or when the license server sets DisableWorkgroupAuthEnforcement. That credential lives in the NETWORK SERVICE credential vault, not in the registry, so a correctly fixed host looks the same here: verify it. A license server named by one of the host\'s own names or interface addresses is local and needs nothing.',
    messages: { workgroup: 'Host is not domain-joined and uses remote license server(s) {{servers}}: verify the NETWORK SERVICE credential for them (not visible in the registry).' },
    remediation: [
      'On each workgroup session host, check that credentials for the license server (a dedicated local user on the license server) are stored in the NETWORK SERVICE context with cmdkey, for the name or IP the host uses, as Microsoft describes.',
      'Only if that is impossible: set DisableWorkgroupAuthEnforcement = 1 on the license server (not recommended; future versions may stop honouring it).',
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
