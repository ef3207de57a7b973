/** @fileoverview Licensing is configured, the grace period has started, but no license server ever issued a chain. */
import { configEvidence, graceOver, serversConfigured, x509Certificate } from './helpers.js';
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'license-never-obtained',
    title: 'Licensing is configured but the host never obtained it from a license server',
    severity: 'high',
    severityNote: 'high (critical once the grace period is over)',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:rcm', 'system:licensing-core', 'system:termservice', 'software:ts-policies'],
    decisive: true,
    description:
      'The licensing mode (Per Device or Per User) and license servers are configured and the grace period is running or over, yet RCM holds no `X509 Certificate`: a session host that has not been issued an X.509 chain by a license server falls back to the proprietary certificate, so the license server was never reached, is not activated, or refused the host. Once the grace period is over, clients are refused.',
    messages: {
      never: 'Mode {{mode}} and license server(s) {{servers}} are configured, but RCM has no X509 Certificate: no license server has issued this host a certificate chain; {{grace}}.',
    },
    remediation: [
      'From the session host, run the RD Licensing Diagnoser and check that each listed license server is reachable (RPC) and resolves by the name given.',
      'On the license server, check that it is activated, holds CALs of the host\'s version and type, and that the host is allowed (RDS Endpoint Servers / Terminal Server Computers group when the security-group policy is on).',
      'Check that the mode matches the installed CAL type (Per Device vs Per User).',
    ],
    references: [REF.proprietaryCertificate, REF.noLicenseServer, REF.licenseSessionHosts],
  },
  check(f, ctx) {
    const mode = f.licensing.effectiveMode.value;
    if (mode !== 2 && mode !== 4) return ctx.notApplicable('licensing mode is not Per Device or Per User');
    if (!serversConfigured(f)) return ctx.notApplicable('no license server configured (no-license-server reports that)');
    const g = f.gracePeriod;
    if (!g.keyPresent || !g.timebomb) return ctx.notApplicable('the grace period has not started (no timebomb)');
    if (x509Certificate(f)) return;
    const over = graceOver(f);
    const grace = over ? `the grace period ended ${g.end} (${g.endKind})` : g.end ? `the grace period ends ${g.end} (${g.endKind}, ${g.daysLeft ?? 'unknown'} day(s) left)` : 'the grace period is running (end unknown)';
    ctx.report({
      messageId: 'never',
      data: { mode: `${mode} (${f.licensing.effectiveMode.name})`, servers: f.licensing.effectiveServers.servers.join(', '), grace },
      severity: over ? 'critical' : 'high',
      evidence: [...configEvidence(f), ...g.timebomb.evidence, ...f.certificates.rcm.flatMap((c) => c.evidence)],
    });
  },
};
