/** @fileoverview A script or .reg file in the image, run by the machine itself, resets the grace period. */
import { DESTRUCTIVE } from '../facts/script-scan.js';
import type { FollowedScript, Provenance, ScriptLine } from '../facts/types.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

const WHAT: Record<ScriptLine['action'], string> = {
  'delete-grace-key': 'deletes the GracePeriod key',
  'delete-timebomb': 'deletes the timebomb value',
  'rewrite-timebomb': 'overwrites the timebomb value',
  'clock-move': 'sets the system clock',
  tlsbln: 'runs tlsbln.exe',
  'reg-import': 'imports a .reg file',
  'reads-grace': 'reads the grace period',
};

export const destructiveLines = (s: FollowedScript): ScriptLine[] => s.lines.filter((l) => DESTRUCTIVE.has(l.action));
export const describeAction = (a: ScriptLine['action']): string => WHAT[a];

/** The script line as evidence: the file, its path on the machine, the line number and text. */
export function lineEvidence(s: FollowedScript, l: ScriptLine): Provenance {
  return { input: s.path, keyPath: s.windowsPath, valueName: `line ${l.line}`, data: l.text, lastWrite: null };
}

export const rule: Rule = {
  meta: {
    id: 'grace-reset-script',
    title: 'A script in the image resets the grace period',
    severity: 'high',
    category: 'grace-period',
    appliesTo: 'any',
    // The files of the machine, not a registry area: the check says when the evidence holds none.
    reads: [],
    description:
      'A script or .reg file of the machine, reached from a scheduled task, a Run/RunOnce value or a service, deletes or rewrites the timebomb or the GracePeriod key, moves the clock or runs tlsbln.exe: the 120-day countdown is restarted on purpose. The files are read from the image (bounded), never executed; a script only reached by hand leaves no such path.',
    messages: {
      script: '{{script}} line {{line}} {{what}}: {{text}}{{more}}. Reached by {{chain}}{{sha}}.',
    },
    remediation: ['Remove the task, Run value or service and the script; license the host with RDS CALs from a license server.'],
    references: [REF.gracePeriodDays, REF.cal],
  },
  check(f, ctx) {
    const t = f.tamper;
    if (t.machineFiles === 0)
      return ctx.notCheckable('the evidence is not an image root, a KAPE tree or a collection holding the machine\'s files: scripts could not be followed', [
        'the image root (or a KAPE/Velociraptor collection) with the scripts and .reg files that tasks, Run keys and services run',
      ]);
    for (const s of t.scripts) {
      const hits = destructiveLines(s);
      if (hits.length === 0) continue;
      const first = hits[0];
      const start = t.autoStarts.find((a) => a.id === s.reachedFrom);
      ctx.report({
        messageId: 'script',
        data: {
          script: s.windowsPath,
          line: first.line,
          what: WHAT[first.action],
          text: first.text,
          more: hits.length > 1 ? ` (and ${hits.length - 1} more line${hits.length > 2 ? 's' : ''}: ${hits.slice(1, 4).map((h) => `${h.line} ${WHAT[h.action]}`).join(', ')})` : '',
          chain: s.chain.join(' → '),
          sha: s.sha256 ? `; SHA-256 ${s.sha256}` : '',
        },
        evidence: [...hits.slice(0, 4).map((l) => lineEvidence(s, l)), ...(start?.evidence ?? [])],
      });
    }
  },
};
