/** @fileoverview Deleted keys or values under licensing paths were recovered; severity by what was deleted. */
import type { DeletedRecord } from '../facts/types.js';
import type { Rule, Severity } from './rule.js';
import { REF } from './references.js';

/** The four RCM certificate values of Microsoft's documented refresh procedure (audit A29). */
const RCM_CERT_VALUE = /^(Certificate|X509 Certificate|X509 Certificate ID|X509 Certificate2)$/i;

/** What a deleted record most likely is, and how much it weighs (audit A13). */
function classify(r: DeletedRecord): { severity: Severity; why: string } {
  const path = r.keyPath;
  if ((r.valueName && /TIMEBOMB/i.test(r.valueName)) || /\\RCM\\GracePeriod$/i.test(path))
    return { severity: 'high', why: 'the grace-period timebomb: the trace of a reset' };
  if (/\\Policies\\Microsoft\\Windows NT\\Terminal Services(\\|$)/i.test(path))
    return { severity: 'info', why: 'Group Policy deletes and rewrites its values at every policy change' };
  if (/\\MSLicensing(\\|$)/i.test(path) || (r.valueName !== undefined && /^(ClientLicense|ClientHWID)$/i.test(r.valueName)))
    return { severity: 'info', why: 'deleting MSLicensing is the documented client-side fix' };
  if (r.kind === 'value' && r.valueName && RCM_CERT_VALUE.test(r.valueName) && /\\RCM$/i.test(path))
    return { severity: 'low', why: 'Microsoft documents deleting the RCM certificate values to refresh them' };
  // A value rewritten with a new size also leaves its old copy in free space: a changed setting, not tampering.
  return { severity: 'medium', why: 'an older or removed licensing setting' };
}

export const rule: Rule = {
  meta: {
    id: 'deleted-licensing-data',
    title: 'Deleted licensing data recovered',
    severity: 'high',
    severityNote: 'high for a deleted timebomb; medium for other licensing settings; low for RCM certificate values; info for Policies and MSLicensing',
    category: 'host',
    appliesTo: 'any',
    reads: ['system'],
    description:
      'Deleted keys or values were recovered from free space under the licensing paths (RCM, GracePeriod, Licensing Core, license server lists, MSLicensing). A deleted timebomb or GracePeriod key is high (the trace of a reset); other licensing settings are medium (a rewritten value leaves its old copy in free space too); deleted RCM certificate values are low (Microsoft\'s documented refresh); deletions under the Terminal Services policy key and MSLicensing are info (Group Policy rewrites its values at every change; deleting MSLicensing is the documented client fix).',
    messages: { deleted: '{{kind}} {{what}} was deleted (recovered at offset {{offset}}): {{why}}.' },
    remediation: ['Correlate with the grace-period findings and the event logs; preserve the hive for the record.'],
    references: [REF.gracePeriodDays, REF.gpregProcessing],
  },
  check(f, ctx) {
    if (!f.deleted.checked) return ctx.notCheckable('deleted-record recovery did not run on these inputs');
    for (const r of f.deleted.records) {
      const c = classify(r);
      ctx.report({
        messageId: 'deleted',
        data: { kind: r.kind === 'key' ? 'Key' : 'Value', what: r.kind === 'key' ? r.keyPath : `${r.keyPath}\\${r.valueName}`, offset: `0x${r.offset.toString(16)}`, why: c.why },
        severity: c.severity,
        evidence: r.evidence,
      });
    }
  },
};
