/** @fileoverview LicensingMode holds a value Windows does not define (or is not a DWORD). */
import { VALID_MODES } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'licensing-mode-invalid',
    title: 'Licensing mode value is invalid',
    severity: 'high',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies'],
    decisive: true,
    description: 'A LicensingMode value (local RCM or policy) is present but is not 0, 1, 2, 4, 5 or 6, or is not a DWORD; the Remote Connection Manager behaviour is then undefined.',
    messages: { invalid: '{{where}} LicensingMode is {{value}}, not one of 0, 1, 2, 4, 5, 6.' },
    remediation: ['Set LicensingMode to 4 (Per User) or 2 (Per Device) through Group Policy or the RD Connection Broker deployment properties.'],
    references: [REF.tsDeploymentLicensing, REF.changeMode],
  },
  check(f, ctx) {
    for (const [where, fact] of [
      ['Policy', f.licensing.policyMode],
      ['Local', f.licensing.localMode],
    ] as const) {
      if (fact && (fact.value === null || !VALID_MODES.has(fact.value)))
        ctx.report({ messageId: 'invalid', data: { where, value: fact.value === null ? 'not a DWORD' : fact.value }, evidence: fact.evidence });
    }
  },
};
