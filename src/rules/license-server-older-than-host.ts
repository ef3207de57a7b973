/** @fileoverview A license server (its hive analysed too) runs an older Windows than this session host. */
import { calGeneration, serverRelease } from '../facts/windows-release.js';
import { aadPerUserReason } from './helpers.js';
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
    description:
      'A license server can hold CALs of its own CAL generation or older only. Generations, not OS releases, decide: 2008 and 2008 R2 are one generation, 2012 and 2012 R2 another, then 2016, 2019, 2022 and 2025 (a 2012 license server serves a 2012 R2 host). Checked when the license server\'s hives are analysed in the same run.',
    messages: {
      older:
        'License server {{server}} runs {{lsRelease}} (build {{lsBuild}}, {{lsCal}} CAL generation), older than this host\'s {{hostRelease}} (build {{hostBuild}}): it cannot hold the {{cal}} CALs (or newer) the host needs.',
    },
    remediation: ['Upgrade the license server to at least the session host\'s CAL generation before installing the matching CALs.'],
    references: [REF.cal, REF.noLicenseServer, REF.connectivityStatus],
  },
  check(f, ctx) {
    const aad = aadPerUserReason(f);
    if (aad) return ctx.notApplicable(aad);
    const peers = f.licenseServerPeers;
    const host = f.identity.serverRelease;
    if (peers === null) return ctx.notCheckable('no license server hive was analysed with this host');
    if (!host) return ctx.notCheckable('this host\'s build is unknown');
    if (peers.length === 0) return ctx.notApplicable('none of the analysed hosts is one of this host\'s license servers');
    for (const p of peers) {
      if (p.build === null || calGeneration(p.build) >= calGeneration(host.build)) continue;
      ctx.report({
        messageId: 'older',
        data: { server: p.name, lsRelease: p.release ?? 'unknown', lsBuild: p.build, lsCal: serverRelease(p.build)?.calVersion ?? 'pre-2008', hostRelease: host.name, hostBuild: host.build, cal: host.calVersion },
        evidence: [...p.evidence, ...f.identity.currentBuild!.evidence],
      });
    }
  },
};
