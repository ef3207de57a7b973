/** @fileoverview The GracePeriod key's owner or DACL was changed: the take-ownership reset hack. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-acl-tampered',
    title: 'GracePeriod key permissions were changed',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period'],
    description:
      'RCM\\GracePeriod is normally owned by NETWORK SERVICE (or SYSTEM) and not writable by Administrators. An Administrators or user owner, or write/full control for them, is what TSTool and the reset scripts leave behind.',
    messages: { tampered: 'RCM\\GracePeriod security descriptor: {{signals}}.' },
    remediation: [
      'Restore the owner to NETWORK SERVICE and remove the added Administrators/user ACEs.',
      'Treat the grace period as consumed: license the host with proper RDS CALs.',
    ],
    references: [REF.gracePeriodDays, REF.cal],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.keyPresent) return ctx.notApplicable('RCM\\GracePeriod is absent');
    if (!g.acl) {
      const sys = f.hives.find((h) => h.role === 'system');
      if (sys && !sys.capabilities.security) return ctx.notCheckable('key security unknown: .reg exports carry no security descriptors');
      return ctx.notCheckable('the GracePeriod key has no readable security descriptor');
    }
    if (g.acl.tamperSignals.length === 0) return;
    ctx.report({ messageId: 'tampered', data: { signals: g.acl.tamperSignals.join('; ') }, evidence: [...g.keyEvidence.map((e) => ({ ...e, data: `owner ${g.acl!.owner ?? 'none'}; ${g.acl!.aces.length} ACE(s)` }))] });
  },
};
