/** @fileoverview LicensingMode holds a value Windows does not define (or is not a DWORD). */
import { modeName } from '../facts/licensing.js';
import { VALID_MODES } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

/** Windows Server 2003 PolicyAcOn: 2 Per Device, 4 Per User; 0 is the invalid state of KB834651. */
const SERVER_2003_MODES = new Set([2, 4]);

export const rule: Rule = {
  meta: {
    id: 'licensing-mode-invalid',
    title: 'Licensing mode value is invalid',
    severity: 'high',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies'],
    decisive: true,
    severityNote: 'high (low for a policy value of 0, 1 or 5, which the ADMX cannot write)',
    description:
      'A LicensingMode value (local RCM or policy) is present but is not 0, 1, 2, 4, 5 or 6, or is not a DWORD; the Remote Connection Manager behaviour is then undefined. On Windows Server 2003 the local mode is Terminal Server\\Licensing Core\\PolicyAcOn, where only 2 and 4 are valid (0 is invalid). Under Policies, the Group Policy setting can only write 2, 4 or 6: a policy value of 0, 1 or 5 was written by hand or by another tool (a low note).',
    messages: {
      invalid: '{{where}} LicensingMode is {{value}}, not one of 0, 1, 2, 4, 5, 6.',
      invalid2003:
        'Windows Server 2003 Terminal Server\\Licensing Core PolicyAcOn is {{value}}, not 2 (Per Device) or 4 (Per User): the licensing mode is invalid (KB834651 describes it flipping to 0) and clients get no licenses.',
      policyNotAdmx: 'Policy LicensingMode is {{value}} ({{name}}): the Group Policy setting can only write 2, 4 or 6, so this value was written by hand or by another tool.',
    },
    remediation: ['Set LicensingMode to 4 (Per User) or 2 (Per Device) through Group Policy or the RD Connection Broker deployment properties.'],
    references: [REF.tsDeploymentLicensing, REF.changeMode],
  },
  check(f, ctx) {
    const p = f.licensing.policyMode;
    if (p && (p.value === null || !VALID_MODES.has(p.value))) ctx.report({ messageId: 'invalid', data: { where: 'Policy', value: p.value === null ? 'not a DWORD' : p.value }, evidence: p.evidence });
    const l = f.licensing.localMode;
    if (l && f.licensing.localModeValue === 'PolicyAcOn') {
      if (l.value === null || !SERVER_2003_MODES.has(l.value))
        ctx.report({ messageId: 'invalid2003', data: { value: l.value === null ? 'not a DWORD' : l.value }, evidence: l.evidence });
    } else if (l && (l.value === null || !VALID_MODES.has(l.value))) ctx.report({ messageId: 'invalid', data: { where: 'Local', value: l.value === null ? 'not a DWORD' : l.value }, evidence: l.evidence });
    // The ADMX enum is 2/4/6 (audit A18): other defined values under Policies are hand edits.
    if (p && p.value !== null && [0, 1, 5].includes(p.value)) ctx.report({ messageId: 'policyNotAdmx', data: { value: p.value, name: modeName(p.value) }, evidence: p.evidence, severity: 'low' });
  },
};
