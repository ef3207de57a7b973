/**
 * Licensing mode and license servers: local RCM / TermService values, the Group Policy values, the effective
 * setting and which source won (policy wins), and the three historical shapes of the local server list.
 */
import { namesEqual } from '../view/names.js';
import { LICENSE_SERVERS, RCM_LICENSING_CORE, TERMSERVICE_PARAMETERS, TS_POLICIES } from './paths.js';
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

/** Splits a policy `LicenseServers` string: comma-separated (also tolerates ';' and whitespace). */
export function splitServerList(items: string[]): string[] {
  const out: string[] = [];
  for (const item of items) for (const s of item.split(/[,;]/)) if (s.trim() !== '') out.push(s.trim());
  return out;
}

export function gatherLicensing(system: HiveSource | null, cs: string | null, software: HiveSource | null, identity: IdentityFacts): LicensingFacts {
  const localMode = system && cs ? system.dwordOrInvalid(`${cs}\\${RCM_LICENSING_CORE}`, 'LicensingMode') : null;
  const policyMode = software ? software.dwordOrInvalid(TS_POLICIES, 'LicensingMode') : null;
  const modeFrom = policyMode ?? localMode;
  const effectiveMode = {
    value: modeFrom ? modeFrom.value : null,
    name: modeFrom ? modeName(modeFrom.value) : 'not set',
    source: policyMode ? ('policy' as const) : localMode ? ('local' as const) : ('none' as const),
    evidence: modeFrom ? modeFrom.evidence : absent(system, cs, software),
  };

  const localServers: ServerList[] = [];
  if (system && cs) {
    const spec = system.strings(`${cs}\\${LICENSE_SERVERS}`, 'SpecifiedLicenseServers');
    if (spec) localServers.push({ servers: splitServerList(spec.value), form: 'specified', evidence: spec.evidence });
    const lsKey = system.key(`${cs}\\${LICENSE_SERVERS}`);
    // Server 2003 kept one subkey per license server (KB279561).
    const subs = lsKey ? lsKey.subkeys() : [];
    if (subs.length > 0) localServers.push({ servers: subs.map((k) => k.name), form: 'legacy-subkeys', evidence: subs.map((k) => system.keyEvidence(k, 'license server subkey')) });
    // Windows 2000 DefaultLicenseServer (KB239107).
    const def = system.string(`${cs}\\${TERMSERVICE_PARAMETERS}`, 'DefaultLicenseServer');
    if (def && def.value.trim() !== '') localServers.push({ servers: [def.value.trim()], form: 'default-license-server', evidence: def.evidence });
  }
  let policyServers: ServerList | null = null;
  const pol = software ? software.strings(TS_POLICIES, 'LicenseServers') : null;
  if (pol) policyServers = { servers: splitServerList(pol.value), form: 'policy', evidence: pol.evidence };

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
    policyMode,
    effectiveMode,
    localServers,
    policyServers,
    effectiveServers,
    listsSelf: effectiveServers.servers.some((s) => namesSelf(s, identity)),
    policies: {
      hideTooltip: policy('fDisableTerminalServerTooltip'),
      preventLicenseUpgrade: policy('fPreventLicenseUpgrade'),
      secureLicensing: policy('fSecureLicensing'),
    },
  };
}

/** True when a server entry names this host: NetBIOS name, DNS host label, FQDN, localhost or a loopback address. */
export function namesSelf(entry: string, identity: IdentityFacts): boolean {
  const e = entry.trim().replace(/^\\\\/, '');
  if (/^(localhost|127\.\d+\.\d+\.\d+|::1)$/i.test(e)) return true;
  const names = [identity.computerName?.value, identity.hostname?.value].filter((n): n is string => !!n);
  const fqdn = identity.hostname && identity.dnsDomain ? `${identity.hostname.value}.${identity.dnsDomain.value}` : null;
  if (fqdn && namesEqual(e, fqdn)) return true;
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

function absent(system: HiveSource | null, cs: string | null, software: HiveSource | null): Provenance[] {
  const rows: Provenance[] = [];
  if (system && cs) rows.push(system.absentEvidence(`${cs}\\${RCM_LICENSING_CORE}`, 'LicensingMode'));
  if (software) rows.push(software.absentEvidence(TS_POLICIES, 'LicensingMode'));
  return rows;
}
