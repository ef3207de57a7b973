/** @fileoverview A stored temporary client CAL has expired. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'client-temporary-license-expired',
    title: 'Temporary client license has expired',
    severity: 'medium',
    category: 'client',
    appliesTo: 'any',
    reads: ['software:mslicensing'],
    description:
      'A decoded ClientLicense carries a certificate with the 90-day validity of a temporary Per Device CAL and its end lies before the image clock: the license server never issued a permanent CAL; the client is refused ("no Remote Desktop client access licenses available").',
    messages: { expired: 'Stored license {{name}} (issuer {{issuer}}) is temporary and expired {{end}}, before {{asOf}}.' },
    remediation: ['Fix the license server (Per Device CALs of the right version, activation), then reconnect so a permanent CAL is issued.'],
    references: [REF.cal, REF.rdpeleLicenseStore],
  },
  check(f, ctx) {
    const temps = f.client.licenses.filter((l) => l.temporary);
    if (temps.length === 0) return ctx.notApplicable('no decoded temporary client license');
    if (!f.asOf.time) return ctx.notCheckable('no as-of time');
    const asOf = Date.parse(f.asOf.time);
    for (const l of temps) {
      const ends = l.certificates.map((c) => c.notAfter).filter((x): x is string => x !== null);
      const end = ends.sort()[ends.length - 1];
      if (end && Date.parse(end) <= asOf) ctx.report({ messageId: 'expired', data: { name: l.name, issuer: l.certificates[0]?.issuer || 'unknown', end, asOf: f.asOf.time }, evidence: l.evidence });
    }
  },
};
