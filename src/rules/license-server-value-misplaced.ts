/** @fileoverview SpecifiedLicenseServers written where an old article said, directly under TermService\Parameters. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-server-value-misplaced',
    title: 'SpecifiedLicenseServers is at the wrong location',
    severity: 'high',
    severityNote: 'high (low when a license server is configured where Windows reads it)',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:termservice'],
    description:
      'Windows reads SpecifiedLicenseServers under Services\\TermService\\Parameters\\LicenseServers. An older revision of Microsoft\'s Azure troubleshooting article (and localized copies) put it directly under Services\\TermService\\Parameters, where it is ignored: the host then behaves as if no license server were set.',
    messages: {
      misplaced:
        'SpecifiedLicenseServers ({{servers}}) is directly under TermService\\Parameters, where Windows ignores it; no license server is configured where Windows reads it.',
      leftover:
        'SpecifiedLicenseServers ({{servers}}) is also directly under TermService\\Parameters, where Windows ignores it (the effective list comes from {{source}}).',
    },
    remediation: [
      'Move the value to HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService\\Parameters\\LicenseServers (REG_MULTI_SZ, one server per element), or set the license server by Group Policy, and delete the misplaced value.',
    ],
    references: [REF.azureNoLicenseServer, REF.licenseSessionHosts],
  },
  check(f, ctx) {
    const m = f.licensing.misplacedServers;
    if (!m) return;
    const servers = m.raw.length ? m.raw.map((s) => JSON.stringify(s)).join(', ') : 'not a string';
    const eff = f.licensing.effectiveServers;
    if (eff.servers.length > 0) ctx.report({ messageId: 'leftover', data: { servers, source: eff.source === 'policy' ? 'Group Policy' : 'the local LicenseServers key' }, evidence: [...m.evidence, ...eff.evidence], severity: 'low' });
    else ctx.report({ messageId: 'misplaced', data: { servers }, evidence: [...m.evidence, ...eff.evidence] });
  },
};
