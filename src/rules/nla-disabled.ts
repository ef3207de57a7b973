/** @fileoverview Network Level Authentication is off for a listener. */
import { rdpOffReason } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'nla-disabled',
    title: 'Network Level Authentication is disabled',
    severity: 'high',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:winstations', 'software:ts-policies'],
    description: 'eff(UserAuthentication) = 0 while RDP is enabled (fDenyTSConnections not 1, TermService not disabled): the logon screen is shown before authentication, exposing the host (Sticky Keys-style backdoors, credential attacks).',
    messages: { off: 'Listener {{name}}: UserAuthentication is 0 ({{source}}).' },
    remediation: ['Require Network Level Authentication (UserAuthentication = 1) by policy or on the listener.'],
    references: [REF.securityLayer],
  },
  check(f, ctx) {
    const off = rdpOffReason(f);
    if (off) return ctx.notApplicable(off);
    for (const l of f.connection.listeners) {
      const u = l.userAuthentication;
      if (u.value === 0) ctx.report({ messageId: 'off', data: { name: l.name, source: u.source }, evidence: (u.policy ?? u.local)!.evidence });
    }
  },
};
