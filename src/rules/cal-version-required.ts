/** @fileoverview States the RDS CAL version the host's build requires. */
import { aadPerUserReason } from './helpers.js';
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
    description:
      'A CAL must be of the session host\'s CAL generation or newer (a 2019 host needs RDS 2019 CALs or newer); older CALs fail with events 1004/1028. Generations group releases: a 2008 or 2008 R2 host takes TS/RDS 2008 or 2008 R2 CALs, a 2012 or 2012 R2 host RDS 2012 CALs.',
    messages: { required: '{{release}} (build {{build}}{{approx}}) needs {{cal}} CALs or newer, on a license server of that version or newer.' },
    remediation: ['Install CALs of this version or newer on the license server; the license server OS must be at least the same version.'],
    references: [REF.cal, REF.noLicenseServer],
  },
  check(f, ctx) {
    const aad = aadPerUserReason(f);
    if (aad) return ctx.notApplicable(aad);
    const r = f.identity.serverRelease;
    if (!r) return ctx.notCheckable(f.identity.currentBuild ? `build ${f.identity.currentBuild.value} is not a known Windows Server release` : 'OS build unknown: SOFTWARE hive not supplied');
    ctx.report({ messageId: 'required', data: { release: r.name, build: r.build, approx: r.approximate ? ', nearest older LTSC release' : '', cal: r.calVersion }, evidence: f.identity.currentBuild!.evidence });
  },
};
