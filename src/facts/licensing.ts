/**
 * Licensing mode and license servers: local RCM / TermService values, the Group Policy values, the effective
 * setting and which source won (policy wins), and the three historical shapes of the local server list.
 */
import { namesEqual, upcaseName } from '../view/names.js';
import { LICENSE_SERVERS, RCM_LICENSING_CORE, TERMSERVICE_PARAMETERS, TS_LICENSING_CORE, TS_POLICIES } from './paths.js';
import { REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ, decodeMultiSz, decodeSz, typeName } from '../view/value-types.js';
import type { HiveSource } from './source.js';
import type { Fact, IdentityFacts, LicensingFacts, Provenance, ServerList } from './types.js';

export const MODE_NAMES: Record<number, string> = {
  0: 'Personal Terminal Server (legacy)',
  1: 'Remote Desktop for Administration',
  2: 'Per Device',
  4: 'Per User',
  5: 'Not configured',
  6: 'AAD Per User',
};

export function modeName(mode: number | null): string {
  if (mode === null) return 'not set';
  return MODE_NAMES[mode] ?? `invalid (${mode})`;
}

/** Policy `LicenseServers` text → elements: commas are the documented separator (rds-license-session-hosts). */
export function splitPolicyServerList(text: string): string[] {
  return text.split(',');
}

/** The names a raw element list yields: blanks around a name dropped, blank elements skipped, nothing else split. */
export function namesOf(raw: readonly string[]): string[] {
  return raw.map((s) => s.trim()).filter((s) => s !== '');
}

/** A SpecifiedLicenseServers-shaped value read without normalising: raw elements and the registry type. */
function rawList(src: HiveSource, path: string, name: string, form: ServerList['form']): ServerList | null {
  const r = src.raw(path, name);
  if (!r) return null;
  const t = r.value.type;
  const raw = t === REG_MULTI_SZ ? decodeMultiSz(r.value.data) : t === REG_SZ || t === REG_EXPAND_SZ ? [decodeSz(r.value.data)] : [];
  return { servers: namesOf(raw), raw, valueType: typeName(t), form, evidence: [r.evidence] };
}

export function gatherLicensing(system: HiveSource | null, cs: string | null, software: HiveSource | null, identity: IdentityFacts): LicensingFacts {
  // Windows Server 2003 kept its mode in Terminal Server\Licensing Core\PolicyAcOn (KB834651, audit A8).
  const legacy = identity.currentBuild !== null && identity.currentBuild.value < 6000;
  const localModeValue = legacy ? ('PolicyAcOn' as const) : ('LicensingMode' as const);
  const localModeKey = legacy ? TS_LICENSING_CORE : RCM_LICENSING_CORE;
  const localMode = system && cs ? system.dwordOrInvalid(`${cs}\\${localModeKey}`, localModeValue) : null;
  const policyMode = software ? software.dwordOrInvalid(TS_POLICIES, 'LicensingMode') : null;
  const modeFrom = policyMode ?? localMode;
  const effectiveMode = {
    value: modeFrom ? modeFrom.value : null,
    name: modeFrom ? modeName(modeFrom.value) : 'not set',
    source: policyMode ? ('policy' as const) : localMode ? ('local' as const) : ('none' as const),
    evidence: modeFrom ? modeFrom.evidence : absent(system, cs, software, localModeKey, localModeValue),
  };

  const localServers: ServerList[] = [];
  let misplacedServers: ServerList | null = null;
  if (system && cs) {
    const spec = rawList(system, `${cs}\\${LICENSE_SERVERS}`, 'SpecifiedLicenseServers', 'specified');
    if (spec) localServers.push(spec);
    misplacedServers = rawList(system, `${cs}\\${TERMSERVICE_PARAMETERS}`, 'SpecifiedLicenseServers', 'misplaced');
    const lsKey = system.key(`${cs}\\${LICENSE_SERVERS}`);
    // Server 2003 kept one subkey per license server (KB279561).
    const subs = lsKey ? lsKey.subkeys() : [];
    if (subs.length > 0) localServers.push({ servers: subs.map((k) => k.name), raw: subs.map((k) => k.name), valueType: null, form: 'legacy-subkeys', evidence: subs.map((k) => system.keyEvidence(k, 'license server subkey')) });
    // Windows 2000 DefaultLicenseServer (KB239107).
    const def = system.string(`${cs}\\${TERMSERVICE_PARAMETERS}`, 'DefaultLicenseServer');
    if (def && def.value.trim() !== '') localServers.push({ servers: [def.value.trim()], raw: [def.value], valueType: null, form: 'default-license-server', evidence: def.evidence });
  }
  let policyServers: ServerList | null = null;
  const pol = software ? software.raw(TS_POLICIES, 'LicenseServers') : null;
  if (pol) {
    const t = pol.value.type;
    // The ADMX writes one REG_SZ; a MULTI_SZ (hand-written) is read item by item, each split on commas.
    const texts = t === REG_MULTI_SZ ? decodeMultiSz(pol.value.data) : t === REG_SZ || t === REG_EXPAND_SZ ? [decodeSz(pol.value.data)] : [];
    const raw = texts.flatMap(splitPolicyServerList);
    policyServers = { servers: namesOf(raw), raw, valueType: typeName(t), form: 'policy', evidence: [pol.evidence] };
  }

  const localAll = localServers.flatMap((l) => l.servers);
  const effectiveServers =
    policyServers && policyServers.servers.length > 0
      ? { servers: policyServers.servers, source: 'policy' as const, evidence: policyServers.evidence }
      : localAll.length > 0
        ? { servers: dedupe(localAll), source: 'local' as const, evidence: localServers.flatMap((l) => l.evidence) }
        : { servers: [], source: 'none' as const, evidence: noServerEvidence(system, cs, software, policyServers, localServers) };

  const policy = (name: string): Fact<number> | null => (software ? software.dword(TS_POLICIES, name) : null);
  return {
    localMode,
    localModeValue,
    policyMode,
    effectiveMode,
    localServers,
    policyServers,
    misplacedServers,
    effectiveServers,
    listsSelf: effectiveServers.servers.some((s) => namesSelf(s, identity)),
    policies: {
      hideTooltip: policy('fDisableTerminalServerTooltip'),
      preventLicenseUpgrade: policy('fPreventLicenseUpgrade'),
      secureLicensing: policy('fSecureLicensing'),
    },
  };
}

/** A server list entry as namesSelf compares it: trimmed, without a leading `\\\\` (UNC form). */
export function serverEntryName(entry: string): string {
  return entry.trim().replace(/^\\\\/, '');
}

/** localhost or a loopback address: names every host. */
export function isLoopbackName(e: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i.test(e);
}

/**
 * Keys under which namesSelf can match `identity`, for indexing many hosts: an entry e (serverEntryName, not
 * loopback) can only name the host if upcaseName(e) is among `names`, e is among `addresses`, or e has a dot and
 * upcaseName of its first label is among `labels`. A prefilter: namesSelf stays the judge.
 */
export function selfNameKeys(identity: NameIdentity): { names: string[]; addresses: string[]; labels: string[] } {
  const names = [identity.computerName?.value, identity.hostname?.value].filter((n): n is string => !!n).map(upcaseName);
  const fqdn = identity.hostname && identity.dnsDomain ? `${identity.hostname.value}.${identity.dnsDomain.value}` : null;
  return { names: fqdn ? [upcaseName(fqdn), ...names] : names, addresses: identity.addresses.map((a) => a.value), labels: fqdn === null ? names : [] };
}

/** What namesSelf compares: the identity's values alone (a fleet's peer cards carry no evidence for them). */
export interface NameIdentity {
  readonly computerName: { readonly value: string } | null;
  readonly hostname: { readonly value: string } | null;
  readonly dnsDomain: { readonly value: string } | null;
  readonly addresses: readonly { readonly value: string }[];
}

/** True when a server entry names this host: NetBIOS name, DNS host label, FQDN, one of its interface addresses, localhost or a loopback address. */
export function namesSelf(entry: string, identity: NameIdentity): boolean {
  const e = serverEntryName(entry);
  if (isLoopbackName(e)) return true;
  const names = [identity.computerName?.value, identity.hostname?.value].filter((n): n is string => !!n);
  const fqdn = identity.hostname && identity.dnsDomain ? `${identity.hostname.value}.${identity.dnsDomain.value}` : null;
  if (fqdn && namesEqual(e, fqdn)) return true;
  if (identity.addresses.some((a) => a.value === e)) return true;
  const label = e.split('.')[0];
  return names.some((n) => namesEqual(e, n) || (e.includes('.') && fqdn === null && namesEqual(label, n)));
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((s) => {
    const k = s.toUpperCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Rows showing where server lists were looked for: the (empty) values found, else the absent locations. */
function noServerEvidence(system: HiveSource | null, cs: string | null, software: HiveSource | null, policy: ServerList | null, local: ServerList[]): Provenance[] {
  const rows: Provenance[] = [...(policy?.evidence ?? []), ...local.flatMap((l) => l.evidence)];
  if (!policy && software) rows.push(software.absentEvidence(TS_POLICIES, 'LicenseServers'));
  if (!local.some((l) => l.form === 'specified') && system && cs) rows.push(system.absentEvidence(`${cs}\\${LICENSE_SERVERS}`, 'SpecifiedLicenseServers'));
  return rows;
}

function absent(system: HiveSource | null, cs: string | null, software: HiveSource | null, key: string, value: string): Provenance[] {
  const rows: Provenance[] = [];
  if (system && cs) rows.push(system.absentEvidence(`${cs}\\${key}`, value));
  if (software) rows.push(software.absentEvidence(TS_POLICIES, 'LicensingMode'));
  return rows;
}
