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
    description: 'No ShutdownTime in the current control set (crash, live acquisition, export): day counts rest on the newest LastWrite in SYSTEM or the user\'s --as-of.',
    messages: {
      lastWrite: 'No ShutdownTime: the image time {{time}} is the newest key LastWrite in SYSTEM.',
      option: 'No ShutdownTime and no LastWrite times: the image time {{time}} is the --as-of supplied by the user.',
      none: 'No ShutdownTime, no LastWrite times and no --as-of: day counts cannot be computed.',
    },
    remediation: ['Supply the acquisition time with --as-of when the image was not shut down cleanly.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const a = f.asOf;
    if (a.source === 'shutdown-time') return;
    const messageId = a.source === 'newest-system-lastwrite' ? 'lastWrite' : a.source === 'option' ? 'option' : 'none';
    ctx.report({ messageId, data: { time: a.time ?? 'unknown' }, evidence: a.evidence });
  },
};
