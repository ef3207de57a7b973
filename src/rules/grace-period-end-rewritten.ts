/** @fileoverview The decrypted grace end is more than 120 days after the role was installed. */
import { DAY_MS, GRACE_DAYS } from '../facts/paths.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'grace-period-end-rewritten',
    title: 'Decrypted grace end was reset or rewritten',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'rdsh',
    reads: ['system:grace-period'],
    description: 'The decrypted timebomb should end 120 days after the session host first started licensing; an end more than 120 days after the role install means the value was reset or written by a tool such as TSTool.',
    messages: { rewritten: 'Decrypted grace end {{end}} is {{days}} days after the RD Session Host install ({{installed}}, {{basis}}).' },
    remediation: ['Treat the grace period as consumed; look for reset tools and license the host properly.'],
    references: [REF.gracePeriodDays],
  },
  check(f, ctx) {
    const g = f.gracePeriod;
    if (!g.timebomb) return ctx.notApplicable('no timebomb value');
    if (!g.decoded) return ctx.notCheckable('timebomb not decrypted: needs the SECURITY hive and the S-1-5-18 master keys');
    const inst = f.roles.rdshInstalledAt;
    if (!inst) return ctx.notCheckable('RD Session Host install time unknown');
    const gap = Date.parse(g.decoded.end) - Date.parse(inst.time);
    // One day of slack: the timebomb is written at first start, not at the instant of install.
    if (gap <= (GRACE_DAYS + 1) * DAY_MS) return;
    ctx.report({ messageId: 'rewritten', data: { end: g.decoded.end, days: Math.floor(gap / DAY_MS), installed: inst.time, basis: inst.basis }, evidence: [...g.timebomb.evidence, ...inst.evidence] });
  },
};
