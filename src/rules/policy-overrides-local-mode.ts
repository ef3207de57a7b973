/** @fileoverview A policy licensing mode differs from the local one: local edits have no effect. */
import { modeName } from '../facts/licensing.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'policy-overrides-local-mode',
    title: 'Group Policy licensing mode overrides a different local mode',
    severity: 'low',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies'],
    description:
      'The policy LicensingMode wins over RCM\\Licensing Core; when they differ, an administrator editing the local value (or the deployment properties) changes nothing and Group Policy refresh rewrites it. A local value left at 5 (not configured) or absent is the normal state of a host configured only by Group Policy, and stays quiet.',
    messages: { differs: 'Policy LicensingMode {{policy}} overrides local LicensingMode {{local}}.' },
    remediation: ['Change the licensing mode in the Group Policy object that sets it, not locally.'],
    references: [REF.tsDeploymentLicensing],
  },
  check(f, ctx) {
    const { policyMode: p, localMode: l } = f.licensing;
    if (!p || !l || p.value === l.value) return;
    if (l.value === 5) return ctx.notApplicable('local LicensingMode is 5 (not configured): the host is configured by Group Policy only');
    ctx.report({ messageId: 'differs', data: { policy: `${p.value} (${modeName(p.value)})`, local: `${l.value} (${modeName(l.value)})` }, evidence: [...p.evidence, ...l.evidence] });
  },
};
