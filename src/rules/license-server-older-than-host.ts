/** @fileoverview A license server (its hive analysed too) runs an older Windows than this session host. */
import { releaseRank } from '../facts/windows-release.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-server-older-than-host',
    title: 'License server is older than the session host',
    severity: 'high',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['software:current-version', 'system:termservice', 'software:ts-policies'],
    description: 'A license server can hold CALs of its own version or older only, so it must run at least the session host\'s Windows Server version. Checked when the license server\'s hives are analysed in the same run.',
    messages: { older: 'License server {{server}} runs {{lsRelease}} (build {{lsBuild}}), older than this host\'s {{hostRelease}} (build {{hostBuild}}): it cannot hold {{cal}} CALs.' },
    remediation: ['Upgrade the license server to at least the session host\'s version before installing the matching CALs.'],
    references: [REF.cal, REF.connectivityStatus],
  },
  check(f, ctx) {
    const peers = f.licenseServerPeers;
    const host = f.identity.serverRelease;
    if (peers === null) return ctx.notCheckable('no license server hive was analysed with this host');
    if (!host) return ctx.notCheckable('this host\'s build is unknown');
    if (peers.length === 0) return ctx.notApplicable('none of the analysed hosts is one of this host\'s license servers');
    for (const p of peers) {
      if (p.build === null || releaseRank(p.build) >= releaseRank(host.build)) continue;
      ctx.report({
        messageId: 'older',
        data: { server: p.name, lsRelease: p.release ?? 'unknown', lsBuild: p.build, hostRelease: host.name, hostBuild: host.build, cal: host.calVersion },
        evidence: [...p.evidence, ...f.identity.currentBuild!.evidence],
      });
    }
  },
};
