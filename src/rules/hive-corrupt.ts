/** @fileoverview The reader met structural damage. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'hive-corrupt',
    title: 'Hive is damaged',
    severity: 'medium',
    category: 'host',
    appliesTo: 'any',
    reads: [],
    subject: 'evidence',
    description: 'The reader met structural damage (bad cells, lists, bins, syntax errors in exports); keys or values may be missing, so findings may be incomplete.',
    messages: { damaged: '{{path}}: {{count}} problem(s), first: {{first}}.' },
    remediation: ['Re-acquire the hive if possible; treat absent-value findings on this input with care.'],
    references: [],
  },
  check(f, ctx) {
    for (const h of f.hiveState) {
      if (h.damageCount === 0) continue;
      const first = h.damage[0];
      ctx.report({
        messageId: 'damaged',
        data: { path: h.path, count: h.damageCount, first: `${first.code}: ${first.message}` },
        evidence: h.damage.map((d) => ({ input: h.path, keyPath: h.role.toUpperCase(), data: `${d.code}${d.offset !== undefined ? ` at 0x${d.offset.toString(16)}` : ''}${d.line !== undefined ? ` at line ${d.line}` : ''}: ${d.message}`, lastWrite: null })),
      });
    }
  },
};
