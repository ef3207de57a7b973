/** @fileoverview TermService is disabled: no RDP at all. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'termservice-disabled',
    title: 'Remote Desktop Services (TermService) is disabled',
    severity: 'critical',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:termservice'],
    description: 'TermService Start = 4 (disabled): the host accepts no Remote Desktop connections at all.',
    messages: { disabled: 'TermService Start is 4 (disabled).' },
    remediation: ['Set TermService Start to 3 (manual/trigger) or 2 (automatic) if Remote Desktop is meant to be available.'],
    references: [],
  },
  check(f, ctx) {
    const s = f.termService.start;
    if (s?.value === 4) ctx.report({ messageId: 'disabled', evidence: s.evidence });
  },
};
