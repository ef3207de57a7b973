/** @fileoverview States the RDS CAL version the host's build requires. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'cal-version-required',
    title: 'Required RDS CAL version',
    severity: 'info',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['software:current-version'],
    description: 'A CAL must be the same version as the session host OS or newer (a 2019 host needs RDS 2019 CALs or newer); older CALs fail with events 1004/1028.',
    messages: { required: '{{release}} (build {{build}}{{approx}}) needs {{cal}} CALs or newer, on a license server of that version or newer.' },
    remediation: ['Install CALs of this version or newer on the license server; the license server OS must be at least the same version.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const r = f.identity.serverRelease;
    if (!r) return ctx.notCheckable(f.identity.currentBuild ? `build ${f.identity.currentBuild.value} is not a known Windows Server release` : 'OS build unknown: SOFTWARE hive not supplied');
    ctx.report({ messageId: 'required', data: { release: r.name, build: r.build, approx: r.approximate ? ', nearest older LTSC release' : '', cal: r.calVersion }, evidence: f.identity.currentBuild!.evidence });
  },
};
