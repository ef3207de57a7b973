/** @fileoverview TermService is disabled: no RDP at all (an outage on a session host, hardening elsewhere). */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'termservice-disabled',
    title: 'Remote Desktop Services (TermService) is disabled',
    severity: 'critical',
    severityNote: 'critical on an RDSH, info elsewhere',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:termservice'],
    description: 'TermService Start = 4 (disabled): the host accepts no Remote Desktop connections at all. On an RD Session Host that is an outage (critical); on workstations and member servers disabling RDP is common hardening (info).',
    messages: {
      disabled: 'TermService Start is 4 (disabled) on an RD Session Host: no user can connect.',
      hardening: 'TermService Start is 4 (disabled): Remote Desktop is off on this host ({{role}}), usually deliberate hardening.',
    },
    remediation: ['Set TermService Start to 3 (manual/trigger) or 2 (automatic) if Remote Desktop is meant to be available.'],
    references: [],
  },
  check(f, ctx) {
    const s = f.termService.start;
    if (s?.value !== 4) return;
    if (f.roles.rdsh.value === true) return ctx.report({ messageId: 'disabled', evidence: [...s.evidence, ...f.roles.rdsh.evidence] });
    const role = f.roles.rdsh.value === false ? 'not an RD Session Host' : 'RD Session Host role unknown';
    ctx.report({ messageId: 'hardening', data: { role }, severity: 'info', evidence: s.evidence });
  },
};
