/** @fileoverview A scheduled task resets the grace period. */
import { DESTRUCTIVE } from '../facts/script-scan.js';
import type { Facts, Provenance, ScriptLine } from '../facts/types.js';
import { describeAction, destructiveLines, lineEvidence } from './grace-reset-script.js';
import { REF } from './references.js';
import type { Rule, Severity } from './rule.js';


interface TaskView {
  path: string;
  matched: string | null;
  resetName: string | null;
  destructive: string | null;
  readsOnly: boolean;
  actions: string;
  evidence: Provenance[];
}

/** What is known of each task: its name match, the catalog tools it names, and what its action and scripts do. */
function tasksOf(f: Facts): TaskView[] {
  const byPath = new Map<string, TaskView>();
  const get = (path: string): TaskView => {
    let v = byPath.get(path);
    if (!v) {
      v = { path, matched: null, resetName: null, destructive: null, readsOnly: false, actions: '', evidence: [] };
      byPath.set(path, v);
    }
    return v;
  };
  for (const t of f.tasks.resetTasks) {
    const v = get(t.path);
    v.matched = t.matched;
    if (t.resetName) v.resetName = `the task is named after a known reset script`;
    if (t.actions.length) v.actions = `; actions: ${t.actions.join(' ')}`;
    v.evidence.push(...t.evidence);
  }
  const seenLines: ScriptLine['action'][] = [];
  for (const a of f.tamper.autoStarts.filter((s) => s.via === 'task')) {
    const v = get(a.name);
    if (v.evidence.length === 0) v.evidence.push(...a.evidence);
    const tool = a.tools.find((t) => t.resetScript);
    if (tool && !v.resetName) v.resetName = `its action runs ${tool.fileName} (${tool.name})`;
    const inline = a.inline.find((l) => DESTRUCTIVE.has(l.action));
    if (inline && !v.destructive) v.destructive = `its action ${describeAction(inline.action)}`;
    for (const s of f.tamper.scripts.filter((x) => x.reachedFrom === a.id)) {
      const hit = destructiveLines(s)[0];
      if (hit && !v.destructive) {
        v.destructive = `${s.windowsPath} line ${hit.line} ${describeAction(hit.action)} (${s.chain.join(' → ')})`;
        v.evidence.push(lineEvidence(s, hit));
      }
      if (s.tool?.resetScript && !v.resetName) v.resetName = `it runs ${s.tool.fileName} (${s.tool.name})`;
      seenLines.push(...s.lines.map((l) => l.action));
    }
    seenLines.push(...a.inline.map((l) => l.action));
    if (!v.destructive && !v.resetName && seenLines.length > 0 && seenLines.every((x) => x === 'reads-grace' || x === 'reg-import')) v.readsOnly = true;
    seenLines.length = 0;
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const rule: Rule = {
  meta: {
    id: 'grace-period-reset-task',
    title: 'Scheduled task resets the grace period',
    severity: 'high',
    severityNote: 'high (medium without a destructive action)',
    category: 'grace-period',
    appliesTo: 'any',
    reads: ['software:taskcache'],
    description:
      'A TaskCache task whose name, action or the scripts its action reaches in the image reset the grace period: high when it deletes the GracePeriod key or the timebomb, moves the clock or runs tlsbln, or is named after a known reset script (Reset-TSGracePeriod, Reset-RDS-GracePeriod, Reset120…); medium when only its name or action text mentions the grace period. A task that only reads GetGracePeriodDays (monitoring) stays quiet.',
    messages: {
      task: 'Scheduled task {{path}} resets the grace period: {{why}}{{actions}}.',
      suspect: 'Scheduled task {{path}} matches "{{matched}}" but no destructive action was seen{{actions}}{{unknown}}.',
    },
    remediation: ['Delete the task and its script; license the host with RDS CALs.'],
    references: [REF.gracePeriodDays, REF.cal],
  },
  check(f, ctx) {
    if (f.tasks.scanned === 0 && !f.hives.some((h) => h.role === 'software')) return ctx.notCheckable('SOFTWARE hive not supplied: scheduled tasks unknown');
    for (const t of tasksOf(f)) {
      if (t.destructive || t.resetName) {
        const why = [t.destructive, t.resetName].filter((x): x is string => x !== null).join('; ');
        ctx.report({ messageId: 'task', data: { path: t.path, why, actions: t.actions }, evidence: t.evidence, severity: 'high' as Severity });
      } else if (t.matched && !t.readsOnly) {
        const unknown = f.tamper.machineFiles === 0 ? ' (the image\'s files were not supplied, so the scripts it runs could not be read)' : '';
        ctx.report({ messageId: 'suspect', data: { path: t.path, matched: t.matched, actions: t.actions, unknown }, evidence: t.evidence, severity: 'medium' });
      }
    }
  },
};
