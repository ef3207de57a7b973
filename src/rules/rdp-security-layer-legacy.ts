/** @fileoverview A listener uses legacy RDP Security (no TLS server authentication). */
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
    description: 'eff(SecurityLayer) = 0: Standard RDP Security, without TLS server authentication.',
    messages: { legacy: 'Listener {{name}}: SecurityLayer is 0 ({{source}}).' },
    remediation: ['Set SecurityLayer to 2 (TLS) by policy or on the listener.'],
    references: [REF.securityLayer],
  },
  check(f, ctx) {
    for (const l of f.connection.listeners) {
      const s = l.securityLayer;
      if (s.value === 0) ctx.report({ messageId: 'legacy', data: { name: l.name, source: s.source }, evidence: (s.policy ?? s.local)!.evidence });
    }
  },
};
