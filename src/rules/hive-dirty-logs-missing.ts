/** @fileoverview A dirty hive without its transaction logs. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'hive-dirty-logs-missing',
    title: 'Dirty hive without transaction logs',
    severity: 'medium',
    category: 'host',
    appliesTo: 'any',
    reads: [],
    subject: 'evidence',
    description: 'The hive was not cleanly written (sequence numbers differ) and no usable .LOG1/.LOG2 was found: the most recent changes (a fresh timebomb, a new licensing value) may be missing.',
    messages: { dirty: '{{path}} is dirty and its transaction logs were not found.' },
    remediation: ['Collect the hive together with its .LOG1 and .LOG2 files and analyse again.'],
    references: [],
  },
  check(f, ctx) {
    for (const h of f.hiveState)
      if (h.dirty && h.logsMissing) ctx.report({ messageId: 'dirty', data: { path: h.path }, evidence: [{ input: h.path, keyPath: h.role.toUpperCase(), data: 'dirty: base block sequence numbers differ; no logs applied', lastWrite: null }] });
  },
};
