/** @fileoverview The host names itself as license server but has no RD Licensing service. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'self-license-server-not-installed',
    title: 'Host lists itself as license server without the RD Licensing role',
    severity: 'high',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:termservice', 'software:ts-policies', 'system:termservlicensing'],
    description: 'The effective license server list names this host, but Services\\TermServLicensing does not exist: the license server is unreachable.',
    messages: { missing: 'License server list ({{servers}}) names this host ({{host}}) but the TermServLicensing service is not installed.' },
    remediation: ['Install and activate the RD Licensing role on this host, or correct the license server list.'],
    references: [REF.noLicenseServer, REF.connectivityStatus],
  },
  check(f, ctx) {
    if (!f.licensing.listsSelf || f.roles.licenseServer.installed) return;
    ctx.report({ messageId: 'missing', data: { servers: f.licensing.effectiveServers.servers.join(', '), host: f.hostname }, evidence: [...f.licensing.effectiveServers.evidence, ...f.roles.licenseServer.evidence] });
  },
};
