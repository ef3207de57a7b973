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
    description:
      'Terminal Server\\Licensing Core EnableConcurrentSessions = 1 is written by RDP Wrapper and termsrv patches, not by Windows licensing. Winlogon AllowMultipleTSSessions = 1 is inert from Vista on (Windows asks its licensing policy instead): an inert leftover of a multi-session patch by itself; before Vista (build < 6000) it was Windows\' own fast user switching switch and is not read.',
    messages: {
      set: '{{name}} is 1.',
      leftover: 'AllowMultipleTSSessions is 1: an inert leftover of a multi-session patch by itself (from Vista on Windows does not read it){{build}}.',
    },
    remediation: ['Review why the value was set; remove it together with any wrapper or patched termsrv.dll.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const c = f.connection;
    if (c.enableConcurrentSessions?.value === 1) ctx.report({ messageId: 'set', data: { name: 'EnableConcurrentSessions' }, evidence: c.enableConcurrentSessions.evidence });
    // Before Vista the value is Windows' own fast user switching switch (audit A14).
    const build = f.identity.currentBuild?.value ?? null;
    if (c.allowMultipleTSSessions?.value === 1 && (build === null || build >= 6000))
      ctx.report({ messageId: 'leftover', data: { build: build === null ? '; the build is unknown' : '' }, evidence: c.allowMultipleTSSessions.evidence });
  },
};
