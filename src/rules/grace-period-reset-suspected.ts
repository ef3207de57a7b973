/** @fileoverview The GracePeriod key was written long after the role was installed: countdown restarted. */
import { DAY_MS, GRACE_DAYS } from '../facts/paths.js';
import { licensedImage, hiddenNotifications } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-reset-suspected',
    title: 'Grace period appears to have been restarted',
    severity: 'medium',
    severityNote: 'medium (info on licensed non-persistent images)',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period', 'software:component-cache'],
    description:
      'The GracePeriod key is written when the countdown starts. A LastWrite more than 120 days after the session host was installed means the countdown was restarted (deleted key or timebomb) on a long-installed host. On a licensed host (mode, license server and X509 Certificate) it is info: non-persistent and sealed images (PVS, MCS, BIS-F) recreate the key at every boot.',
    messages: {
      reset: 'GracePeriod LastWrite {{lastWrite}} is {{days}} days after the RD Session Host install ({{installed}}, {{basis}}){{hidden}}; unverified: that Windows never rewrites this key in normal operation.',
      image: 'GracePeriod LastWrite {{lastWrite}} is {{days}} days after the RD Session Host install ({{installed}}, {{basis}}), but the host is licensed (mode, license server and X509 Certificate): non-persistent and sealed images (PVS, MCS, BIS-F) recreate the key at every boot{{hidden}}.',
    },
    remediation: ['Confirm with scheduled tasks, scripts and the TerminalServices event logs; license the host properly.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.keyPresent) return ctx.notApplicable('RCM\\GracePeriod is absent');
    if (g.keyLastWrite === null) return ctx.notCheckable('GracePeriod LastWrite unknown: .reg exports carry no LastWrite times');
    const inst = f.roles.rdshInstalledAt;
    if (!inst) return ctx.notCheckable('RD Session Host install time unknown (no component key LastWrite, no InstallDate)');
    const gap = Date.parse(g.keyLastWrite) - Date.parse(inst.time);
    if (gap <= GRACE_DAYS * DAY_MS) return;
    const { note: hidden, evidence: hiddenEv } = hiddenNotifications(f);
    const data = { lastWrite: g.keyLastWrite, days: Math.floor(gap / DAY_MS), installed: inst.time, basis: inst.basis, hidden };
    const licensed = licensedImage(f);
    if (licensed) return ctx.report({ messageId: 'image', data, severity: 'info', evidence: [...g.keyEvidence, ...inst.evidence, ...licensed.evidence] });
    ctx.report({ messageId: 'reset', data, evidence: [...g.keyEvidence, ...inst.evidence, ...hiddenEv] });
  },
};
