/** @fileoverview No license server is specified anywhere (policy, SpecifiedLicenseServers, legacy lists). */
import { aadPerUserReason, graceOver } from './helpers.js';
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
      'Neither the policy LicenseServers, nor TermService\\Parameters\\LicenseServers SpecifiedLicenseServers, nor a legacy list names a license server. Discovery may still find one in a domain, but Microsoft requires an explicit server; clients see "no Remote Desktop License Servers available" (event 1130). A SpecifiedLicenseServers value directly under TermService\\Parameters (an old article\'s location) does not count: Windows ignores it, and the finding says so. Not applicable under AAD Per User (mode 6), which uses no license server.',
    messages: {
      none: 'No license server is configured (policy LicenseServers and SpecifiedLicenseServers are absent or empty){{after}}.',
      misplaced:
        'No license server is configured where Windows reads it: SpecifiedLicenseServers ({{servers}}) is misplaced directly under TermService\\Parameters instead of TermService\\Parameters\\LicenseServers, and Windows ignores it{{after}}.',
    },
    remediation: [
      'Specify the license server: Group Policy "Use the specified Remote Desktop license servers", or RD Licensing in the deployment properties on the RD Connection Broker.',
      'Make sure the license server is activated and holds CALs of the host\'s version.',
    ],
    references: [REF.noLicenseServer, REF.licenseSessionHosts, REF.discoveredLicenseServer, REF.azureNoLicenseServer],
  },
  check(f, ctx) {
    const aad = aadPerUserReason(f);
    if (aad) return ctx.notApplicable(aad);
    if (f.licensing.effectiveServers.servers.length > 0) return;
    const over = graceOver(f);
    const after = over ? ' and the grace period is over: connections are refused' : '';
    const severity = over ? 'critical' : undefined;
    const m = f.licensing.misplacedServers;
    if (m && m.servers.length > 0)
      ctx.report({ messageId: 'misplaced', data: { servers: m.servers.join(', '), after }, evidence: [...m.evidence, ...f.licensing.effectiveServers.evidence], severity });
    else ctx.report({ messageId: 'none', data: { after }, evidence: f.licensing.effectiveServers.evidence, severity });
  },
};
