/** @fileoverview Non-admin users cannot write to the client license store. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'client-license-store-acl',
    title: 'Client license store is not writable by users',
    severity: 'low',
    category: 'client',
    appliesTo: 'any',
    reads: ['software:mslicensing'],
    description: 'The MSLicensing (or Store) ACL lets no non-admin group write, so a client run by a standard user cannot save its license and hits licensing errors at every connection.',
    messages: { acl: '{{keyPath}}: {{detail}}.' },
    remediation: ['Run mstsc elevated once so the store is created, or grant Users write access to MSLicensing\\Store.'],
    references: [REF.rdpeleLicenseStore],
  },
  check(f, ctx) {
    const c = f.client;
    if (!c.msLicensingPresent) return ctx.notApplicable('no MSLicensing key');
    if (!c.aclChecked) return ctx.notCheckable('key security unknown: .reg exports carry no security descriptors');
    for (const p of c.aclProblems) ctx.report({ messageId: 'acl', data: { keyPath: p.keyPath, detail: p.detail }, evidence: p.evidence });
  },
};
