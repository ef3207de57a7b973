/** @fileoverview The host names itself as license server but has no RD Licensing role. */
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
    description:
      'The effective license server list names this host (by name, FQDN, loopback or one of its own interface addresses), but Services\\TermServLicensing does not exist, or ServerComponentCache RDS-Licensing InstallState is 0 (the role was removed and the service key left behind): the license server is unreachable.',
    messages: {
      missing: 'License server list ({{servers}}) names this host ({{host}}) but the TermServLicensing service is not installed.',
      roleRemoved:
        'License server list ({{servers}}) names this host ({{host}}); the TermServLicensing service key exists but ServerComponentCache RDS-Licensing InstallState is {{state}}: the RD Licensing role is not installed (removed, service key left behind).',
    },
    remediation: ['Install and activate the RD Licensing role on this host, or correct the license server list.'],
    references: [REF.noLicenseServer, REF.connectivityStatus],
  },
  check(f, ctx) {
    const ls = f.roles.licenseServer;
    if (!f.licensing.listsSelf) return;
    const data = { servers: f.licensing.effectiveServers.servers.join(', '), host: f.hostname };
    const ev = [...f.licensing.effectiveServers.evidence, ...ls.evidence];
    if (!ls.installed) return ctx.report({ messageId: 'missing', data, evidence: ev });
    const c = ls.component;
    if (c && c.installState === 0) ctx.report({ messageId: 'roleRemoved', data: { ...data, state: c.installState }, evidence: [...ev, ...c.evidence] });
  },
};
