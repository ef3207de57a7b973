/** @fileoverview The GracePeriod key's owner or DACL was changed: the take-ownership reset hack. */
import { hiddenNotifications } from './helpers.js';
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
      'RCM\\GracePeriod is normally owned by NETWORK SERVICE (or SYSTEM). An owner changed to Administrators or a user, or an explicit (non-inherited) ACE giving them write or full control, is left by a value-only or interrupted reset: TSTool restores the previous ACL after writing, and the common scripts delete the whole key, which Windows recreates with its default ACL, so neither leaves this trace. Inherited ACEs are not counted: the default DACL of the key is unverified.',
    messages: { tampered: 'RCM\\GracePeriod security descriptor: {{signals}} (a value-only or interrupted reset; the default DACL of this key is unverified, inherited ACEs are not counted){{hidden}}.' },
    remediation: [
      'Restore the owner to NETWORK SERVICE and remove the explicit Administrators/user ACEs.',
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
    const { note: hidden, evidence: hiddenEv } = hiddenNotifications(f);
    ctx.report({ messageId: 'tampered', data: { signals: g.acl.tamperSignals.join('; '), hidden }, evidence: [...g.keyEvidence.map((e) => ({ ...e, data: `owner ${g.acl!.owner ?? 'none'}; ${g.acl!.aces.length} ACE(s)` })), ...hiddenEv] });
  },
};
