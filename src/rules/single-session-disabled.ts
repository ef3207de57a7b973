/** @fileoverview Users may open several sessions each on the session host. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'single-session-disabled',
    title: 'Users are not restricted to a single session',
    severity: 'low',
    category: 'service',
    appliesTo: 'rdsh',
    reads: ['system:terminal-server', 'software:ts-policies'],
    description: 'eff(fSingleSessionPerUser) = 0: each user can hold several sessions (session sprawl, resource use); Per User CAL counting is unaffected.',
    messages: { multi: 'fSingleSessionPerUser is 0 ({{source}}).' },
    remediation: ['Enable "Restrict Remote Desktop Services users to a single Remote Desktop Services session" unless multiple sessions are intended.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const s = f.connection.singleSessionPerUser;
    if (s.value === 0) ctx.report({ messageId: 'multi', data: { source: s.source }, evidence: (s.policy ?? s.local)!.evidence });
  },
};
