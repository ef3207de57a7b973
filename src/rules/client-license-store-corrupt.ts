/** @fileoverview The client CAL store (MSLicensing) is inconsistent. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'client-license-store-corrupt',
    title: 'Client license store is corrupt',
    severity: 'medium',
    category: 'client',
    appliesTo: 'any',
    reads: ['software:mslicensing'],
    description:
      'MSLicensing\\Store holds a license with a missing or empty ClientLicense, or HardwareID\\ClientHWID is missing or not 20 bytes: the client fails with "invalid or unexpected licensing token" or a licensing protocol error.',
    messages: {
      license: 'Stored license {{name}}: ClientLicense is {{state}}.',
      hwidSize: 'HardwareID\\ClientHWID is {{size}} bytes, not 20.',
      hwidMissing: 'The store holds {{count}} license(s) but HardwareID\\ClientHWID is missing.',
    },
    remediation: [
      'Delete HKLM\\SOFTWARE\\Microsoft\\MSLicensing\\HardwareID and \\Store.',
      'Run the Remote Desktop client (mstsc) once elevated so the store is recreated with proper permissions.',
    ],
    references: [REF.rdpeleHardwareId, REF.rdpeleLicenseStore, REF.disconnectReasons],
  },
  check(f, ctx) {
    const c = f.client;
    if (!c.msLicensingPresent) return ctx.notApplicable('no MSLicensing key (the RDP client never stored a license, or SOFTWARE not supplied)');
    for (const l of c.licenses)
      if (l.clientLicenseSize === null || l.clientLicenseSize === 0) ctx.report({ messageId: 'license', data: { name: l.name, state: l.clientLicenseSize === null ? 'missing' : 'empty' }, evidence: l.evidence });
    if (c.hardwareId?.present && c.hardwareId.size !== 20) ctx.report({ messageId: 'hwidSize', data: { size: c.hardwareId.size ?? 0 }, evidence: c.hardwareId.evidence });
    else if (!c.hardwareId?.present && c.licenses.length > 0) ctx.report({ messageId: 'hwidMissing', data: { count: c.licenses.length }, evidence: c.hardwareId?.evidence ?? [] });
  },
};
