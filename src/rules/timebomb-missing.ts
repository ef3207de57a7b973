/** @fileoverview A session host that has obtained licensing, or had its role for over a day, has no timebomb. */
import { DAY_MS } from '../facts/paths.js';
import { hiddenNotifications, x509Certificate } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'timebomb-missing',
    title: 'Grace-period timebomb is missing on a session host that has run',
    severity: 'high',
    severityNote: 'high (info without X509 evidence on a role younger than a day)',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period', 'system:rcm'],
    description:
      'RCM\\GracePeriod or its L$RTMTIMEBOMB value is missing although the host obtained a certificate chain from a license server (an `X509 Certificate` exists) or its RD Session Host role is older than a day. The proprietary `Certificate` value exists on any RDP server and proves nothing. Public reset scripts delete the key and then restart TermService, reboot or run tlsbln.exe, which recreate it at once; a missing timebomb is the trace of a capture taken between the two steps, or of a value-only deletion.',
    messages: {
      noKey: 'RCM\\GracePeriod is missing although {{why}}{{hidden}}.',
      noValue: 'RCM\\GracePeriod has no timebomb value although {{why}}{{hidden}}.',
      noKeyYoung: 'RCM\\GracePeriod is missing, but there is no X509 Certificate and {{role}}: a role just installed or a sealed image (BIS-F deletes the key at sealing; Windows recreates it at the next start) looks the same.',
      noValueYoung: 'RCM\\GracePeriod has no timebomb value, but there is no X509 Certificate and {{role}}: a role just installed or a sealed image looks the same.',
    },
    remediation: [
      'Look for reset scripts or scheduled tasks (grace-period-reset-task) and for take-ownership events; compare with the Terminal Services event logs.',
      'License the host properly instead of resetting the grace period.',
    ],
    references: [REF.gracePeriodDays, REF.proprietaryCertificate],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (g.keyPresent && g.timebomb) return;
    // regedit cannot read the key on a live host (its ACL keeps administrators out), so an export lacking it proves nothing.
    if (!g.keyPresent && f.hives.find((h) => h.role === 'system')?.format === 'reg')
      return ctx.notCheckable('a .reg export cannot show RCM\\GracePeriod: its ACL hides the key from administrators on a live host');
    const x509 = x509Certificate(f);
    const inst = f.roles.rdshInstalledAt;
    const ageMs = inst && f.asOf.time ? Date.parse(f.asOf.time) - Date.parse(inst.time) : null;
    const old = ageMs !== null && ageMs > DAY_MS;
    const ev = [...g.keyEvidence, ...(x509?.evidence ?? []), ...(old && inst ? inst.evidence : [])];
    if (x509 || old) {
      const why = [x509 ? 'an X509 Certificate shows the host obtained licensing from a license server' : '', old && inst ? `the RD Session Host role dates from ${inst.time} (${inst.basis})` : ''].filter(Boolean).join(' and ');
      const { note: hidden, evidence: hiddenEv } = hiddenNotifications(f);
      return ctx.report({ messageId: g.keyPresent ? 'noValue' : 'noKey', data: { why, hidden }, evidence: [...ev, ...hiddenEv] });
    }
    const role = inst ? (ageMs === null ? `the role install time ${inst.time} cannot be compared with an image clock` : `the role dates from ${inst.time}, less than a day before the image clock`) : 'the role install time is unknown';
    ctx.report({ messageId: g.keyPresent ? 'noValueYoung' : 'noKeyYoung', data: { role }, severity: 'info', evidence: ev.length ? ev : f.roles.rdsh.evidence });
  },
};
