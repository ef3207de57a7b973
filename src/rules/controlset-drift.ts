/** @fileoverview Licensing values differ between the current and the LastKnownGood control set. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'controlset-drift',
    title: 'Licensing settings changed since the last known good boot',
    severity: 'info',
    category: 'host',
    appliesTo: 'any',
    reads: ['system:select'],
    description: 'A licensing or RDP value differs between Select\\Current and Select\\LastKnownGood control sets: it changed recently; useful for the timeline.',
    messages: { drift: '{{path}}\\{{valueName}}: {{current}} in {{cs}}, {{lkg}} in {{lkgName}}.' },
    remediation: ['Place the change on the incident timeline; confirm it was intended.'],
    references: [],
  },
  check(f, ctx) {
    const c = f.controlSet;
    if (!c.name) return ctx.notCheckable('no control set found');
    if (!c.lastKnownGoodName) return ctx.notCheckable(c.source === 'current-control-set' ? 'the export holds only CurrentControlSet' : 'no LastKnownGood control set');
    for (const d of c.drift)
      ctx.report({ messageId: 'drift', data: { path: d.path, valueName: d.valueName, current: d.current ?? 'absent', cs: c.name, lkg: d.lastKnownGood ?? 'absent', lkgName: c.lastKnownGoodName }, evidence: d.evidence });
  },
};
