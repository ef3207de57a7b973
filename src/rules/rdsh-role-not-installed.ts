/** @fileoverview The host is not an RD Session Host: licensing does not apply. */
import type { Rule } from './rule.js';
import { REF } from './references.js';

export const rule: Rule = {
  meta: {
    id: 'rdsh-role-not-installed',
    title: 'Not an RD Session Host',
    severity: 'info',
    category: 'host',
    appliesTo: 'any',
    reads: [],
    decisive: true,
    description: 'Without the RD Session Host role the host runs Remote Desktop for Administration (two concurrent admin sessions) and needs no CALs; server-side licensing rules are not applicable.',
    messages: { notRdsh: 'Not an RD Session Host: {{basis}}. Server-side licensing rules do not apply.' },
    remediation: ['Nothing to do unless users (not administrators) are meant to work on this host; then install the RD Session Host role and license it.'],
    references: [REF.changeMode],
  },
  check(f, ctx) {
    const r = f.roles.rdsh;
    if (r.value === null) return ctx.notCheckable(`RD Session Host role ${r.basis}`);
    if (f.roles.multiSession) return ctx.notApplicable('Windows Enterprise multi-session: multisession-host states its licensing');
    if (r.value === false) ctx.report({ messageId: 'notRdsh', data: { basis: r.basis }, evidence: r.evidence });
  },
};
