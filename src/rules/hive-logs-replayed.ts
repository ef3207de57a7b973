/** @fileoverview Transaction logs were applied in memory. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'hive-logs-replayed',
    title: 'Transaction logs were replayed',
    severity: 'info',
    category: 'host',
    appliesTo: 'any',
    reads: [],
    subject: 'evidence',
    description: 'Transaction logs were applied in memory before analysis (the files were not changed); the findings reflect the recovered state.',
    messages: { replayed: '{{path}}: {{logs}}.' },
    remediation: ['None; keep the logs with the evidence.'],
    references: [],
  },
  check(f, ctx) {
    for (const h of f.hiveState) {
      if (h.logsApplied.length === 0) continue;
      const logs = h.logsApplied.map((l) => `${l.path} (${l.format}, ${l.entries} entries)`).join(', ');
      ctx.report({ messageId: 'replayed', data: { path: h.path, logs }, evidence: h.logsApplied.map((l) => ({ input: l.path, keyPath: h.role.toUpperCase(), data: `${l.format} log, ${l.entries} entries applied`, lastWrite: null })) });
    }
  },
};
