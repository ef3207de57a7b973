/** @fileoverview The RD Session Host has no usable licensing mode (missing, 5 "not configured", or admin mode). */
import { graceOver } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'licensing-mode-not-configured',
    title: 'Licensing mode is not configured',
    severity: 'high',
    severityNote: 'high (critical once the grace period is over)',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:licensing-core', 'software:ts-policies'],
    decisive: true,
    description:
      'eff(LicensingMode) — the Group Policy value if present, else RCM\\Licensing Core — is missing, 5 (not yet configured) or a Remote Desktop for Administration value. The session host then issues no CALs; after the 120-day grace period it refuses connections (events 1068, 1069).',
    messages: {
      missing: 'No licensing mode is set (neither policy nor {{local}}){{after}}.',
      notConfigured: 'Licensing mode is {{mode}} ({{source}}){{after}}.',
    },
    remediation: [
      'Set the licensing mode to Per User (4) or Per Device (2): Group Policy "Set the Remote Desktop licensing mode", or the deployment properties on the RD Connection Broker (RD Licensing).',
      'Point the host at a license server that holds matching RDS CALs, then check RD Licensing Diagnoser.',
    ],
    references: [REF.tsDeploymentLicensing, REF.changeMode, REF.noLicenseServer],
  },
  check(f, ctx) {
    const m = f.licensing.effectiveMode;
    if (m.value !== null && ![0, 1, 5].includes(m.value)) return;
    if (m.source !== 'none' && m.value === null) return; // present but not a DWORD: licensing-mode-invalid
    if (m.source === 'local' && f.licensing.localModeValue === 'PolicyAcOn' && m.value !== null) return; // 2003: 0/1/5 are invalid there
    const over = graceOver(f);
    const after = over ? ' and the grace period is over: connections are refused' : '';
    const severity = over ? 'critical' : undefined;
    const local = f.licensing.localModeValue === 'PolicyAcOn' ? 'Terminal Server\\Licensing Core PolicyAcOn (Windows Server 2003)' : 'RCM\\Licensing Core LicensingMode';
    if (m.value === null) ctx.report({ messageId: 'missing', data: { after, local }, evidence: m.evidence, severity });
    else ctx.report({ messageId: 'notConfigured', data: { mode: `${m.value} (${m.name})`, source: m.source, after }, evidence: m.evidence, severity });
  },
};
