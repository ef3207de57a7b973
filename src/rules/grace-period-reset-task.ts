/** @fileoverview A scheduled task resets the grace period. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-reset-task',
    title: 'Scheduled task resets the grace period',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'any',
    reads: ['software:taskcache'],
    description: 'A TaskCache task whose name or action mentions the grace period, the timebomb, or the public reset scripts (Reset-TSGracePeriod, Reset-RDS-GracePeriod) restarts the 120-day countdown again and again: unlicensed use.',
    messages: { task: 'Scheduled task {{path}} matches "{{matched}}"{{actions}}.' },
    remediation: ['Delete the task and its script; license the host with RDS CALs.'],
    references: [REF.gracePeriodDays, REF.cal],
  },
  check(f, ctx) {
    if (f.tasks.scanned === 0 && !f.hives.some((h) => h.role === 'software')) return ctx.notCheckable('SOFTWARE hive not supplied: scheduled tasks unknown');
    for (const t of f.tasks.resetTasks)
      ctx.report({ messageId: 'task', data: { path: t.path, matched: t.matched, actions: t.actions.length ? `; actions: ${t.actions.join(' ')}` : '' }, evidence: t.evidence });
  },
};
