/** @fileoverview A listener uses legacy RDP Security (no TLS server authentication). */
import { rdpOffReason } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'rdp-security-layer-legacy',
    title: 'Legacy RDP security layer',
    severity: 'medium',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:winstations', 'software:ts-policies'],
    description: 'eff(SecurityLayer) = 0 while RDP is enabled: Standard RDP Security, without TLS server authentication; it also rules out Network Level Authentication.',
    messages: { legacy: 'Listener {{name}}: SecurityLayer is 0 ({{source}}): no TLS server authentication, and no NLA.' },
    remediation: ['Set SecurityLayer to 2 (TLS) by policy or on the listener.'],
    references: [REF.securityLayer],
  },
  check(f, ctx) {
    const off = rdpOffReason(f);
    if (off) return ctx.notApplicable(off);
    for (const l of f.connection.listeners) {
      const s = l.securityLayer;
      if (s.value === 0) ctx.report({ messageId: 'legacy', data: { name: l.name, source: s.source }, evidence: (s.policy ?? s.local)!.evidence });
    }
  },
};
