/**
 * The 120-day grace period: the RCM\GracePeriod key (LastWrite, owner, DACL), the L$RTMTIMEBOMB value (size,
 * DPAPI header), its decoded end when a decoder supplied one, else LastWrite + 120 days labelled estimated.
 */
import { toHex } from '../view/value-types.js';
import type { SecurityDescriptor } from '../view/security-descriptor.js';
import { DAY_MS, GRACE_DAYS, RCM_GRACE_PERIOD, TIMEBOMB_BETA, TIMEBOMB_RTM } from './paths.js';
import { accountName, grantsWrite, isServiceAccount } from './sids.js';
import { isoOrNull, type HiveSource } from './source.js';
import type { AceSummary, AsOfFacts, GraceAcl, GracePeriodFacts, Provenance, TimebombFacts } from './types.js';

/** What a DPAPI decoder (plugged in by the caller) says about the timebomb blob. */
export type TimebombDecryption =
  | { readonly status: 'decoded'; readonly end: Date; readonly derivation: string }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'unavailable'; readonly reason: string };

/** DPAPI blob header: dwVersion 1 + provider GUID df9d8cd0-1501-11d1-8c7a-00c04fc297eb (little-endian fields). */
const DPAPI_HEADER = Uint8Array.from([0x01, 0x00, 0x00, 0x00, 0xd0, 0x8c, 0x9d, 0xdf, 0x01, 0x15, 0xd1, 0x11, 0x8c, 0x7a, 0x00, 0xc0, 0x4f, 0xc2, 0x97, 0xeb]);

export function looksLikeDpapi(bytes: Uint8Array): boolean {
  if (bytes.length < DPAPI_HEADER.length) return false;
  for (let i = 0; i < DPAPI_HEADER.length; i++) if (bytes[i] !== DPAPI_HEADER[i]) return false;
  return true;
}

/** guidMasterKey follows dwVersion, guidProvider and dwMasterKeyVersion: bytes 24..40 of the blob. */
export function masterKeyGuid(bytes: Uint8Array): string | null {
  if (bytes.length < 40) return null;
  const g = bytes.subarray(24, 40);
  const le = (a: number, b: number) => toHex(g.subarray(a, b).slice().reverse());
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${toHex(g.subarray(8, 10))}-${toHex(g.subarray(10, 16))}`;
}

export function daysLeft(endIso: string, asOfIso: string): number {
  const ms = Date.parse(endIso) - Date.parse(asOfIso);
  return Math.max(0, Math.ceil(ms / DAY_MS));
}

export function gatherGracePeriod(
  system: HiveSource | null,
  cs: string | null,
  clock: AsOfFacts | null,
  decryption: TimebombDecryption | null,
): GracePeriodFacts {
  const asOf = clock?.time ?? null;
  const path = cs ? `${cs}\\${RCM_GRACE_PERIOD}` : null;
  const key = system && path ? system.key(path) : null;
  if (!system || !path || !key) {
    return {
      keyPresent: false,
      keyPath: system && path ? system.fullPath(path) : null,
      keyLastWrite: null,
      keyEvidence: system && path ? [system.absentEvidence(path)] : [],
      timebomb: null,
      acl: null,
      futureDated: null,
      estimatedEnd: null,
      end: null,
      endKind: null,
      daysLeft: null,
    };
  }
  const lw = system.lastWrite(key);
  const keyEvidence = [system.keyEvidence(key)];
  let timebomb: TimebombFacts | null = null;
  for (const [name, variant] of [
    [TIMEBOMB_RTM, 'rtm'],
    [TIMEBOMB_BETA, 'beta'],
  ] as const) {
    const v = key.value(name);
    if (!v) continue;
    timebomb = {
      valueName: v.name,
      variant,
      size: v.data.length,
      dpapi: looksLikeDpapi(v.data),
      masterKeyGuid: looksLikeDpapi(v.data) ? masterKeyGuid(v.data) : null,
      evidence: [system.valueEvidence(key, v)],
    };
    break;
  }
  const futureDated = lw && clock ? futureDating(lw, clock, keyEvidence) : null;
  const estimatedEnd = lw && !futureDated ? new Date(lw.getTime() + GRACE_DAYS * DAY_MS).toISOString() : null;
  const decoded = decryption?.status === 'decoded' && timebomb ? isoOrNull(decryption.end) : null;
  const end = decoded ?? (timebomb ? estimatedEnd : null);
  const endKind = decoded ? 'decoded' : end ? 'estimated' : null;
  const facts: GracePeriodFacts = {
    keyPresent: true,
    keyPath: system.fullPath(key.path),
    keyLastWrite: isoOrNull(lw),
    keyEvidence,
    timebomb,
    acl: assessAcl(system.security(key)),
    futureDated,
    estimatedEnd,
    end,
    endKind,
    daysLeft: end && asOf ? daysLeft(end, asOf) : null,
  };
  if (decoded && decryption?.status === 'decoded') return { ...facts, decoded: { end: decoded, derivation: decryption.derivation } };
  if (decryption?.status === 'failed' && timebomb) return { ...facts, decryptFailure: { reason: decryption.reason } };
  if (decryption?.status === 'unavailable' && timebomb) return { ...facts, decryptUnavailable: { reason: decryption.reason } };
  return facts;
}

/**
 * The key's LastWrite against the image's own clocks (never the analyst's --as-of): later than the latest of
 * ShutdownTime and the newest other LastWrite in SYSTEM by more than a day is a clock moved forward.
 */
function futureDating(lw: Date, clock: AsOfFacts, keyEvidence: Provenance[]): GracePeriodFacts['futureDated'] {
  const clocks: { t: number; basis: string; evidence: Provenance[] }[] = [];
  if (clock.imageClock.source === 'shutdown-time' && clock.imageClock.time) clocks.push({ t: Date.parse(clock.imageClock.time), basis: 'ShutdownTime', evidence: clock.imageClock.evidence });
  if (clock.newestLastWrite) clocks.push({ t: Date.parse(clock.newestLastWrite.time), basis: 'newest other key LastWrite in SYSTEM', evidence: clock.newestLastWrite.evidence });
  if (clocks.length === 0) return null;
  const latest = clocks.reduce((a, b) => (b.t > a.t ? b : a));
  const ahead = lw.getTime() - latest.t;
  if (ahead <= DAY_MS) return null;
  return { lastWrite: lw.toISOString(), clock: new Date(latest.t).toISOString(), clockBasis: latest.basis, days: Math.floor(ahead / DAY_MS), evidence: [...keyEvidence, ...latest.evidence] };
}

/**
 * Owner must be NETWORK SERVICE or SYSTEM; write access granted to Administrators or a user by an explicit
 * (non-inherited) ACE is a tampering sign. Inherited ACEs are not counted: whether Windows protects the key's
 * default DACL from inheritance is unverified (rds-licensing-audit.md D1).
 */
export function assessAcl(sd: SecurityDescriptor | null): GraceAcl | null {
  if (!sd) return null;
  const aces: AceSummary[] = (sd.dacl?.aces ?? []).map((a) => ({
    type: a.typeName,
    sid: a.sid,
    account: accountName(a.sid),
    mask: a.mask >>> 0,
    inherited: (a.flags & 0x10) !== 0,
    write: a.type === 0 && grantsWrite(a.mask),
  }));
  const owner = sd.owner;
  const ownerNormal = owner !== null && ['S-1-5-20', 'S-1-5-18'].includes(owner.toUpperCase());
  const tamperSignals: string[] = [];
  if (!ownerNormal) tamperSignals.push(`owner is ${accountName(owner)}${owner ? ` (${owner})` : ''}, not NETWORK SERVICE or SYSTEM`);
  if (sd.nullDacl) tamperSignals.push('NULL DACL: everyone has full control');
  for (const a of aces) if (a.write && !a.inherited && !isServiceAccount(a.sid)) tamperSignals.push(`${a.account} (${a.sid}) is granted write access by an explicit ACE (mask 0x${a.mask.toString(16)})`);
  return { owner, ownerAccount: accountName(owner), ownerNormal, nullDacl: sd.nullDacl, aces, tamperSignals };
}

