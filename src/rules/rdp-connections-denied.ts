/** @fileoverview Remote Desktop connections are denied (fDenyTSConnections = 1). */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'rdp-connections-denied',
    title: 'Remote Desktop connections are denied',
    severity: 'info',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:terminal-server', 'software:ts-policies'],
    description: 'eff(fDenyTSConnections) = 1: the host refuses Remote Desktop connections (not a licensing problem). A policy value wins over the local one; attackers have also been seen toggling it.',
    messages: { denied: 'fDenyTSConnections is 1 ({{source}}): Remote Desktop connections are refused.' },
    remediation: ['Set fDenyTSConnections to 0 (locally or in the policy that sets it) if Remote Desktop is intended.'],
    references: [],
  },
  check(f, ctx) {
    const d = f.connection.denyTSConnections;
    if (d.value === 1) ctx.report({ messageId: 'denied', data: { source: d.source }, evidence: [...(d.policy?.evidence ?? []), ...(d.local?.evidence ?? [])] });
  },
};
