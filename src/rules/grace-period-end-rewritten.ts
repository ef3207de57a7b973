/** @fileoverview The decrypted grace end lies where Windows never writes it: rewritten by a tool or reset. */
import { DAY_MS, GRACE_DAYS } from '../facts/paths.js';
import { licensedImage, hiddenNotifications } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-end-rewritten',
    title: 'Decrypted grace end was reset or rewritten',
    severity: 'high',
    severityNote: 'high (medium, or info on licensed non-persistent images, for the role-install form)',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period'],
    description:
      'Windows writes the timebomb as "now + 120 days" when the countdown starts, so a decrypted end more than 120 days after the image clock was written by hand or by a tool (TSTool defaults to +114,515 days): high. An end more than 121 days after the role install means the countdown was restarted: medium, or info on a licensed host (mode, license server and X509 Certificate), where non-persistent and sealed images (PVS, MCS, BIS-F) recreate the key at every boot.',
    messages: {
      impossible: 'Decrypted grace end {{end}} is {{days}} days after the image clock {{clock}}: Windows never writes more than 120 days ahead{{hidden}}.',
      rewritten: 'Decrypted grace end {{end}} is {{days}} days after the RD Session Host install ({{installed}}, {{basis}}){{hidden}}.',
      image: 'Decrypted grace end {{end}} is {{days}} days after the RD Session Host install ({{installed}}, {{basis}}), but the host is licensed (mode, license server and X509 Certificate): non-persistent and sealed images (PVS, MCS, BIS-F) recreate the GracePeriod key at every boot{{hidden}}.',
    },
    remediation: ['Treat the grace period as consumed; look for reset tools and license the host properly.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.timebomb) return ctx.notApplicable('no timebomb value');
    if (!g.decoded) return ctx.notCheckable('timebomb not decrypted: needs the SECURITY hive and the S-1-5-18 master keys');
    const end = Date.parse(g.decoded.end);
    const { note: hidden, evidence: hiddenEv } = hiddenNotifications(f);
    // The image's own clock: an explicit --as-of says when the analyst looks, not when Windows wrote the value.
    const clock = f.asOf.imageClock.time ?? f.asOf.time;
    if (clock && end - Date.parse(clock) > GRACE_DAYS * DAY_MS) {
      const ev = [...g.timebomb.evidence, ...(f.asOf.imageClock.time ? f.asOf.imageClock.evidence : f.asOf.evidence), ...hiddenEv];
      return ctx.report({ messageId: 'impossible', data: { end: g.decoded.end, days: Math.floor((end - Date.parse(clock)) / DAY_MS), clock, hidden }, evidence: ev });
    }
    const inst = f.roles.rdshInstalledAt;
    if (!inst) return ctx.notCheckable('RD Session Host install time unknown');
    const gap = end - Date.parse(inst.time);
    // One day of slack: the timebomb is written at first start, not at the instant of install.
    if (gap <= (GRACE_DAYS + 1) * DAY_MS) return;
    const data = { end: g.decoded.end, days: Math.floor(gap / DAY_MS), installed: inst.time, basis: inst.basis, hidden };
    const licensed = licensedImage(f);
    if (licensed) return ctx.report({ messageId: 'image', data, severity: 'info', evidence: [...g.timebomb.evidence, ...inst.evidence, ...licensed.evidence] });
    ctx.report({ messageId: 'rewritten', data, severity: 'medium', evidence: [...g.timebomb.evidence, ...inst.evidence, ...hiddenEv] });
  },
};
