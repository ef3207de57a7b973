/** @fileoverview The image clock is not the clean-shutdown time. */
import type { Rule } from './rule.js';
import { REF } from './references.js';

export const rule: Rule = {
  meta: {
    id: 'as-of-time-estimated',
    title: 'Image time is estimated',
    severity: 'info',
    category: 'host',
    appliesTo: 'any',
    reads: ['system:shutdown-time'],
    subject: 'evidence',
    description:
      'Day counts do not rest on the clean-shutdown time: no ShutdownTime in the current control set (crash, live acquisition, export) makes the newest LastWrite in SYSTEM the clock; an explicit --as-of is the clock used, with the image\'s own clock shown beside it.',
    messages: {
      lastWrite: 'No ShutdownTime: the image time {{time}} is the newest key LastWrite in SYSTEM.',
      option: 'Day counts use the --as-of {{time}} supplied by the user; the image\'s own clock is {{image}}.',
      optionDiffers: 'Day counts use the --as-of {{time}} supplied by the user, {{days}} day(s) away from the image\'s own clock {{image}}: check that the --as-of is the acquisition time.',
      none: 'No ShutdownTime, no LastWrite times and no --as-of: day counts cannot be computed.',
    },
    remediation: ['Supply the acquisition time with --as-of when the image was not shut down cleanly.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const a = f.asOf;
    if (a.source === 'shutdown-time') return;
    if (a.source === 'option') {
      const image = a.imageClock.time ? `${a.imageClock.time} (${a.imageClock.source === 'shutdown-time' ? 'ShutdownTime' : 'newest LastWrite in SYSTEM'})` : 'unknown (the inputs carry none)';
      const messageId = a.optionDiffersDays !== null ? 'optionDiffers' : 'option';
      return ctx.report({ messageId, data: { time: a.time ?? 'unknown', image, days: a.optionDiffersDays ?? 0 }, evidence: a.imageClock.evidence });
    }
    const messageId = a.source === 'newest-system-lastwrite' ? 'lastWrite' : 'none';
    ctx.report({ messageId, data: { time: a.time ?? 'unknown' }, evidence: a.evidence });
  },
};
