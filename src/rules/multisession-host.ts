/** @fileoverview Windows Enterprise multi-session (Azure Virtual Desktop): no RDS CALs or license server needed. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'multisession-host',
    title: 'Windows Enterprise multi-session host',
    severity: 'info',
    category: 'host',
    appliesTo: 'any',
    reads: ['software:current-version', 'system:product-options'],
    decisive: true,
    description:
      'EditionID ServerRdsh or EnterpriseMultiSession (ProductType ServerNT, InstallationType Client) is Windows 10/11 Enterprise multi-session, the Azure Virtual Desktop edition: it hosts several sessions but uses per-user Windows licensing instead of RDS CALs, which are for session hosts running Windows Server. No licensing mode, license server, grace period or CAL version applies, so those rules do not run on it.',
    messages: {
      multiSession:
        'Windows Enterprise multi-session (EditionID {{edition}}{{type}}): per-user Windows licensing applies (each user licensed for Windows Enterprise); no RDS CALs or license server are needed and the RDS grace period does not apply.',
    },
    remediation: ['Nothing to do for RDS licensing. Make sure every user is licensed for Windows Enterprise (for example through a Microsoft 365 plan) as Azure Virtual Desktop requires.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const m = f.roles.multiSession;
    if (!m) return ctx.notApplicable('not Windows Enterprise multi-session');
    const parts = [f.identity.productType ? `ProductType ${f.identity.productType.value}` : '', f.identity.installationType ? `InstallationType ${f.identity.installationType.value}` : ''].filter(Boolean);
    ctx.report({ messageId: 'multiSession', data: { edition: m.edition, type: parts.length ? `, ${parts.join(', ')}` : '' }, evidence: m.evidence });
  },
};
