/** @fileoverview AAD Per User (mode 6): per-user licensing through Entra ID service plans, not CALs (audit A5). */
import { REF } from './references.js';
import type { Rule } from './rule.js';

/** First Windows 11 build; the ADMX says AAD Per User "is deprecated on Windows 11 and above". */
const WINDOWS_11 = 22000;

export const rule: Rule = {
  meta: {
    id: 'licensing-mode-aad-per-user',
    title: 'AAD Per User licensing mode',
    severity: 'medium',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies'],
    description:
      'eff(LicensingMode) = 6 (AAD Per User) requires every user account connecting to the session host to have an Entra ID (Azure AD) service plan that supports RDS licenses; the host takes no CALs from a license server, so the license server\'s CAL pool is not used and the license-server and CAL rules do not apply. The current ADMX text says the mode is deprecated on Windows 11 and later; whether that covers Windows Server 2025 (build 26100, the Windows 11 24H2 code base) is unverified.',
    messages: {
      aad: 'Licensing mode is 6 (AAD Per User, {{source}}): each connecting user needs an Entra ID service plan that includes RDS licenses; the license server\'s CALs are not used.',
      deprecated: 'Licensing mode is 6 (AAD Per User, {{source}}) on build {{build}}: the mode is deprecated on Windows 11 and later builds; each connecting user needs an Entra ID service plan that includes RDS licenses.',
      deprecatedServer:
        'Licensing mode is 6 (AAD Per User, {{source}}) on {{release}} (build {{build}}): the mode is deprecated on Windows 11 and later, and whether that includes this Windows Server release is unverified; each connecting user needs an Entra ID service plan that includes RDS licenses, the license server\'s CALs are not used.',
    },
    remediation: [
      'If users are meant to be licensed with RDS CALs, set Per User (4) or Per Device (2) and a license server.',
      'If AAD Per User is intended, check that every user has an Entra ID service plan that includes RDS licenses.',
    ],
    references: [REF.terminalServerPolicyCsp, REF.tsDeploymentLicensing],
  },
  check(f, ctx) {
    const m = f.licensing.effectiveMode;
    if (m.value !== 6) return;
    const build = f.identity.currentBuild?.value ?? null;
    const ev = [...m.evidence, ...(f.identity.currentBuild?.evidence ?? [])];
    const release = f.identity.serverRelease;
    if (build !== null && build >= WINDOWS_11 && release) ctx.report({ messageId: 'deprecatedServer', data: { source: m.source, release: release.name, build }, evidence: ev });
    else if (build !== null && build >= WINDOWS_11) ctx.report({ messageId: 'deprecated', data: { source: m.source, build }, evidence: ev });
    else ctx.report({ messageId: 'aad', data: { source: m.source }, evidence: ev });
  },
};
