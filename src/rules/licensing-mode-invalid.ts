/** @fileoverview LicensingMode holds a value Windows does not define (or is not a DWORD). */
import { modeName } from '../facts/licensing.js';
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
    severityNote: 'high (low for a policy value of 0, 1 or 5, which the ADMX cannot write)',
    description:
      'A LicensingMode value (local RCM or policy) is present but is not 0, 1, 2, 4, 5 or 6, or is not a DWORD; the Remote Connection Manager behaviour is then undefined. Under Policies, the Group Policy setting can only write 2, 4 or 6: a policy value of 0, 1 or 5 was written by hand or by another tool (a low note).',
    messages: {
      invalid: '{{where}} LicensingMode is {{value}}, not one of 0, 1, 2, 4, 5, 6.',
      policyNotAdmx: 'Policy LicensingMode is {{value}} ({{name}}): the Group Policy setting can only write 2, 4 or 6, so this value was written by hand or by another tool.',
    },
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
    const p = f.licensing.policyMode;
    // The ADMX enum is 2/4/6 (audit A18): other defined values under Policies are hand edits.
    if (p && p.value !== null && [0, 1, 5].includes(p.value)) ctx.report({ messageId: 'policyNotAdmx', data: { value: p.value, name: modeName(p.value) }, evidence: p.evidence, severity: 'low' });
  },
};
