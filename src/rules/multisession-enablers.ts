/** @fileoverview Leftovers of RDP Wrapper / termsrv patches that enable concurrent sessions. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'multisession-enablers',
    title: 'Multi-session enablers are set',
    severity: 'medium',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:terminal-server', 'software:current-version'],
    description: 'Terminal Server\\Licensing Core EnableConcurrentSessions = 1 or Winlogon AllowMultipleTSSessions = 1 are written by RDP Wrapper and termsrv patches, not by Windows licensing.',
    messages: { set: '{{name}} is 1.' },
    remediation: ['Review why the value was set; remove it together with any wrapper or patched termsrv.dll.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const c = f.connection;
    if (c.enableConcurrentSessions?.value === 1) ctx.report({ messageId: 'set', data: { name: 'EnableConcurrentSessions' }, evidence: c.enableConcurrentSessions.evidence });
    if (c.allowMultipleTSSessions?.value === 1) ctx.report({ messageId: 'set', data: { name: 'AllowMultipleTSSessions' }, evidence: c.allowMultipleTSSessions.evidence });
  },
};
