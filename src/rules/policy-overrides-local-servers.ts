/** @fileoverview The policy license server list differs from the local SpecifiedLicenseServers. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

const norm = (s: string[]) => [...new Set(s.map((x) => x.toUpperCase()))].sort().join('|');

export const rule: Rule = {
  meta: {
    id: 'policy-overrides-local-servers',
    title: 'Group Policy license servers override a different local list',
    severity: 'low',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:termservice', 'software:ts-policies'],
    description:
      'The session host first tries the license servers of the policy LicenseServers; it falls back to discovery only if none of them can be located. The local SpecifiedLicenseServers (often written by the RD Connection Broker) is then at most a fallback (Windows Server 2008 R2 put it first in the discovery order) or unused (later releases).',
    messages: {
      differs:
        'Policy LicenseServers ({{policy}}) is tried first; the different local SpecifiedLicenseServers ({{local}}) is at most a fallback (2008 R2) or unused (later releases).',
    },
    remediation: ['Keep one source of truth: change the Group Policy list, or remove the policy and manage the list from the RD Connection Broker.'],
    references: [REF.licenseSessionHosts, REF.discoveredLicenseServer],
  },
  check(f, ctx) {
    const pol = f.licensing.policyServers;
    const local = f.licensing.localServers.find((l) => l.form === 'specified');
    if (!pol || pol.servers.length === 0 || !local) return;
    if (norm(pol.servers) === norm(local.servers)) return;
    ctx.report({ messageId: 'differs', data: { policy: pol.servers.join(', '), local: local.servers.join(', ') || 'empty' }, evidence: [...pol.evidence, ...local.evidence] });
  },
};
