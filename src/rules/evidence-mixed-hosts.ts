/** @fileoverview The hives analysed as one host come from different machines. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'evidence-mixed-hosts',
    title: 'Evidence from different machines was analysed as one host',
    severity: 'high',
    category: 'host',
    appliesTo: 'any',
    reads: [],
    description:
      "The hives grouped into this host disagree about which machine they come from (the SYSTEM computer name against SOFTWARE's Group Policy computer object, user hives against SOFTWARE's ProfileList). Every finding then mixes two machines' settings, so the host cannot be called healthy.",
    messages: { mixed: 'These inputs come from different machines: {{detail}}.' },
    remediation: [
      'Analyse each machine on its own: put each machine\'s SYSTEM, SOFTWARE, SECURITY and NTUSER.DAT hives in a folder of its own (or name them srv1_SYSTEM, srv1_SOFTWARE, ...), then run the analysis again.',
    ],
    references: [],
  },
  check(f, ctx) {
    for (const d of f.machine.disagreements) ctx.report({ messageId: 'mixed', data: { detail: d.detail }, evidence: d.evidence });
  },
};
