/** @fileoverview Windows recorded the execution of a known licensing tamper tool (by file name). */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'tamper-tool-executed',
    title: 'A licensing tamper tool was run',
    severity: 'high',
    category: 'host',
    appliesTo: 'any',
    // Any one artifact suffices (BAM/DAM and AppCompatCache in SYSTEM, UserAssist in NTUSER, Amcache.hve): the check says when none is there.
    reads: [],
    description:
      'Execution evidence (BAM/DAM, AppCompatCache, Amcache, UserAssist) names a known licensing tamper tool: a grace-period resetter (TSTool, Reset-TSGracePeriod…), the RDP Wrapper installer or a termsrv.dll patcher. Matched by file name only: a renamed binary is not recognised, and a name alone does not prove the tool succeeded.',
    messages: {
      executed: '{{artifact}} records {{tool}} ({{file}}){{when}}{{who}}: {{does}}.',
    },
    remediation: [
      'Establish who ran the tool and when (compare the time with the GracePeriod key\'s LastWrite on the timeline); undo what it changed (restore termsrv.dll, uninstall RDP Wrapper, remove reset tasks and scripts).',
      'License the host with RDS CALs from a license server.',
    ],
    references: [REF.cal, REF.gracePeriodDays],
  },
  check(f, ctx) {
    const t = f.tamper;
    if (t.executionSources.length === 0)
      return ctx.notCheckable('no execution artifact (BAM/DAM, AppCompatCache, Amcache, UserAssist) in the evidence', [
        'SYSTEM hive (BAM/DAM, AppCompatCache)',
        'NTUSER.DAT of each user (UserAssist)',
        'Windows\\AppCompat\\Programs\\Amcache.hve',
      ]);
    for (const e of t.executions) {
      ctx.report({
        messageId: 'executed',
        data: {
          tool: e.tool.name,
          file: e.path,
          artifact: e.artifact,
          when: e.time ? `, ${e.timeBasis} ${e.time}` : '',
          who: e.user ? `, user ${e.user}` : '',
          does: e.does,
        },
        evidence: e.evidence,
      });
    }
  },
};
