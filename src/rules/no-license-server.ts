/** @fileoverview No license server is specified anywhere (policy, SpecifiedLicenseServers, legacy lists). */
import { graceOver } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'no-license-server',
    title: 'No license server is specified',
    severity: 'high',
    severityNote: 'high (critical once the grace period is over)',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'system:termservice', 'software:ts-policies'],
    decisive: true,
    description:
      'Neither the policy LicenseServers, nor TermService\\Parameters\\LicenseServers SpecifiedLicenseServers, nor a legacy list names a license server. Discovery may still find one in a domain, but Microsoft requires an explicit server; clients see "no Remote Desktop License Servers available" (event 1130).',
    messages: { none: 'No license server is configured (policy LicenseServers and SpecifiedLicenseServers are absent or empty){{after}}.' },
    remediation: [
      'Specify the license server: Group Policy "Use the specified Remote Desktop license servers", or RD Licensing in the deployment properties on the RD Connection Broker.',
      'Make sure the license server is activated and holds CALs of the host\'s version.',
    ],
    references: [REF.noLicenseServer, REF.licenseSessionHosts, REF.discoveredLicenseServer],
  },
  check(f, ctx) {
    if (f.licensing.effectiveServers.servers.length > 0) return;
    const over = graceOver(f);
    ctx.report({
      messageId: 'none',
      data: { after: over ? ' and the grace period is over: connections are refused' : '' },
      evidence: f.licensing.effectiveServers.evidence,
      severity: over ? 'critical' : undefined,
    });
  },
};
