/** @fileoverview Licensing problem balloons are hidden from administrators. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'licensing-notifications-hidden',
    title: 'RD Licensing notifications are hidden',
    severity: 'low',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['software:ts-policies'],
    description: 'Policy fDisableTerminalServerTooltip = 1 hides the notifications about licensing problems and the grace period, so the end of the grace period arrives as a surprise outage.',
    messages: { hidden: 'Policy fDisableTerminalServerTooltip is 1: administrators see no licensing warnings.' },
    remediation: ['Disable "Hide notifications about RD Licensing problems that affect the RD Session Host server" unless licensing is monitored otherwise.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const v = f.licensing.policies.hideTooltip;
    if (v?.value === 1) ctx.report({ messageId: 'hidden', evidence: v.evidence });
  },
};
