/** @fileoverview The GracePeriod key was written after the image's own clock: a reset with the clock moved forward. */
import { hiddenNotifications } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-key-future-dated',
    title: 'GracePeriod key is dated after the image clock',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period', 'system:shutdown-time'],
    description:
      'The LastWrite of RCM\\GracePeriod lies more than a day after every clock of the image (ShutdownTime and the newest other key LastWrite in SYSTEM). Public reset scripts move the clock years ahead, run tlsbln.exe to recreate the key, and set the clock back: the key keeps the future date. Such a key gives no grace-end estimate and never serves as the image clock.',
    messages: {
      future: 'GracePeriod LastWrite {{lastWrite}} is {{days}} day(s) after the image clock {{clock}} ({{basis}}): the key was written with the clock moved forward{{hidden}}.',
    },
    remediation: [
      'Treat the grace period as reset: look for scripts or scheduled tasks that change the clock (Set-Date, w32tm) or run tlsbln.exe.',
      'License the host properly instead of resetting the grace period.',
    ],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.keyPresent) return ctx.notApplicable('RCM\\GracePeriod is absent');
    if (g.keyLastWrite === null) return ctx.notCheckable('GracePeriod LastWrite unknown: .reg exports carry no LastWrite times');
    if (f.asOf.imageClock.time === null && f.asOf.newestLastWrite === null) return ctx.notCheckable('the image gives no clock (no ShutdownTime, no other LastWrite) to compare with');
    const fd = g.futureDated;
    if (!fd) return;
    const { note: hidden, evidence: hiddenEv } = hiddenNotifications(f);
    ctx.report({ messageId: 'future', data: { lastWrite: fd.lastWrite, days: fd.days, clock: fd.clock, basis: fd.clockBasis, hidden }, evidence: [...fd.evidence, ...hiddenEv] });
  },
};
