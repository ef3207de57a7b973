/** Small predicates shared by several rules; registry knowledge stays in facts, these only combine facts. */
import type { CertificateValue, Facts, Provenance } from '../facts/types.js';

export const CONFIGURED_MODES = new Set([2, 4, 6]);
export const VALID_MODES = new Set([0, 1, 2, 4, 5, 6]);

export function modeConfigured(f: Facts): boolean {
  return f.licensing.effectiveMode.value !== null && CONFIGURED_MODES.has(f.licensing.effectiveMode.value);
}

/**
 * AAD Per User (mode 6) licenses users through Entra ID service plans: no license server or CAL is involved, so
 * rules about them do not apply (audit A5). Returns the reason to give, or null under any other mode.
 */
export function aadPerUserReason(f: Facts): string | null {
  const m = f.licensing.effectiveMode;
  return m.value === 6 ? `licensing mode 6 (AAD Per User, ${m.source}): users are licensed through Entra ID service plans, no license server or RDS CAL is used` : null;
}

export function serversConfigured(f: Facts): boolean {
  return f.licensing.effectiveServers.servers.length > 0;
}

/** The grace end (decoded or estimated) is at or before the image clock. */
export function graceOver(f: Facts): boolean {
  return f.gracePeriod.daysLeft === 0;
}

/** Why the grace end is unknown, for notCheckable; null when it is known or simply not applicable. */
export function graceEndUnknownReason(f: Facts): string | null {
  const g = f.gracePeriod;
  if (g.end !== null) return f.asOf.time === null ? 'no as-of time: the image gives no clock and no --as-of was supplied' : null;
  if (!g.keyPresent || !g.timebomb) return null;
  if (g.futureDated) return `grace period end unknown: the GracePeriod key's LastWrite ${g.futureDated.lastWrite} lies after the image clock (grace-period-key-future-dated) and the timebomb was not decoded`;
  const sys = f.hives.find((h) => h.role === 'system');
  if (sys && !sys.capabilities.lastWrite) return 'grace period end unknown: .reg exports carry no LastWrite times and the timebomb was not decoded';
  return 'grace period end unknown: the GracePeriod key has no usable LastWrite and the timebomb was not decoded';
}

/** What would date the grace period when graceEndUnknownReason gives a reason. */
export function graceEndCollect(f: Facts): string[] {
  if (f.asOf.time === null) return ['the SYSTEM hive file (its ShutdownTime or LastWrite times give the image clock), or --as-of'];
  return ['the SYSTEM hive file (the GracePeriod key LastWrite dates the grace period), with SECURITY and the S-1-5-18 master keys for the exact end'];
}

export function hiveCapable(f: Facts, role: 'system' | 'software', cap: 'lastWrite' | 'security'): boolean | null {
  const h = f.hives.find((x) => x.role === role);
  return h ? h.capabilities[cap] : null;
}

export function configEvidence(f: Facts): Provenance[] {
  return [...f.licensing.effectiveMode.evidence, ...f.licensing.effectiveServers.evidence];
}

/** Mode or license server missing: the grace period is what keeps sessions going (the grace rules decide then). */
export function licensingUnconfigured(f: Facts): boolean {
  return !(modeConfigured(f) && serversConfigured(f));
}

/** The non-empty RCM `X509 Certificate`: the host once obtained a chain from a license server (audit A9, C4). */
export function x509Certificate(f: Facts): CertificateValue | null {
  return f.certificates.rcm.find((c) => c.name.toUpperCase() === 'X509 CERTIFICATE' && c.size > 0) ?? null;
}

/**
 * Mode and license servers configured and an `X509 Certificate` present: a licensed host, on which a fresh
 * GracePeriod key is what non-persistent and sealed images (PVS, MCS, BIS-F) show at every boot (audit A12).
 */
export function licensedImage(f: Facts): CertificateValue | null {
  return modeConfigured(f) && serversConfigured(f) ? x509Certificate(f) : null;
}

/**
 * Policy fDisableTerminalServerTooltip = 1 named beside reset evidence, as public reset scripts set both (audit C10):
 * the clause to append to a finding's message ('' when not hidden) and its evidence.
 */
export function hiddenNotifications(f: Facts): { readonly note: string; readonly evidence: Provenance[] } {
  const v = f.licensing.policies.hideTooltip;
  return v?.value === 1
    ? { note: '; licensing notifications are hidden as well (policy fDisableTerminalServerTooltip = 1), as reset scripts do', evidence: v.evidence }
    : { note: '', evidence: [] };
}

/** Why the host accepts no RDP connections (eff(fDenyTSConnections) = 1 or TermService disabled); null when enabled. */
export function rdpOffReason(f: Facts): string | null {
  const deny = f.connection.denyTSConnections;
  if (deny.value === 1) return `RDP is not enabled: fDenyTSConnections is 1 (${deny.source})`;
  if (f.termService.start?.value === 4) return 'RDP is not enabled: TermService is disabled (Start = 4)';
  return null;
}
