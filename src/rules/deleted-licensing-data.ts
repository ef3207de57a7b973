/** @fileoverview Deleted keys or values under licensing paths were recovered. */
import type { Rule } from './rule.js';
import { REF } from './references.js';

export const rule: Rule = {
  meta: {
    id: 'deleted-licensing-data',
    title: 'Deleted licensing data recovered',
    severity: 'high',
    category: 'host',
    appliesTo: 'any',
    reads: ['system'],
    description: 'Deleted keys or values were recovered from free space under the licensing paths (RCM, GracePeriod, Licensing Core, license server lists, MSLicensing): e.g. a deleted timebomb left by a reset.',
    messages: { deleted: '{{kind}} {{what}} was deleted (recovered at offset {{offset}}).' },
    remediation: ['Correlate with the grace-period findings and the event logs; preserve the hive for the record.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    if (!f.deleted.checked) return ctx.notCheckable('deleted-record recovery did not run on these inputs');
    for (const r of f.deleted.records)
      ctx.report({ messageId: 'deleted', data: { kind: r.kind === 'key' ? 'Key' : 'Value', what: r.kind === 'key' ? r.keyPath : `${r.keyPath}\\${r.valueName}`, offset: `0x${r.offset.toString(16)}` }, evidence: r.evidence });
  },
};
