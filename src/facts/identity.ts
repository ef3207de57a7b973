/**
 * Who the host is: names, SKU, build (→ required CAL version), install date, and domain membership from several
 * signals with a confidence (a DNS suffix alone is a hint, a primary-domain SID or a DC product type is proof).
 */
import { filetimeToDate } from '../regf/filetime.js';
import { decodeQword } from '../view/value-types.js';
import {
  COMPUTER_NAME,
  CURRENT_VERSION,
  GP_STATE_MACHINE,
  NETLOGON_PARAMETERS,
  POL_PRIMARY_DOMAIN_SID,
  PRODUCT_OPTIONS,
  TCPIP_PARAMETERS,
} from './paths.js';
import type { HiveSource } from './source.js';
import type { DomainSignal, Fact, IdentityFacts } from './types.js';
import { serverRelease } from './windows-release.js';

export function gatherIdentity(system: HiveSource | null, cs: string | null, software: HiveSource | null, security: HiveSource | null): IdentityFacts {
  const sys = (rel: string, name: string) => (system && cs ? system.string(`${cs}\\${rel}`, name) : null);
  const sw = (name: string) => (software ? software.string(CURRENT_VERSION, name) : null);
  const nonEmpty = (f: Fact<string> | null) => (f && f.value.trim() !== '' ? f : null);

  const computerName = nonEmpty(sys(COMPUTER_NAME, 'ComputerName'));
  const hostname = nonEmpty(sys(TCPIP_PARAMETERS, 'Hostname'));
  const dnsDomain = nonEmpty(sys(TCPIP_PARAMETERS, 'Domain')) ?? nonEmpty(sys(TCPIP_PARAMETERS, 'NV Domain'));
  const productType = nonEmpty(sys(PRODUCT_OPTIONS, 'ProductType'));
  const editionId = nonEmpty(sw('EditionID'));
  const installationType = nonEmpty(sw('InstallationType'));

  let currentBuild: Fact<number> | null = null;
  const buildStr = nonEmpty(sw('CurrentBuild')) ?? nonEmpty(sw('CurrentBuildNumber'));
  if (buildStr && /^\s*\d{1,6}\s*$/.test(buildStr.value)) currentBuild = { value: Number(buildStr.value.trim()), evidence: buildStr.evidence };

  let installDate: Fact<string> | null = null;
  const epoch = software?.dword(CURRENT_VERSION, 'InstallDate');
  if (epoch && epoch.value > 0) installDate = { value: new Date(epoch.value * 1000).toISOString(), evidence: epoch.evidence };
  else {
    const it = software?.raw(CURRENT_VERSION, 'InstallTime');
    const ft = it ? decodeQword(it.value.data) : null;
    const d = ft !== null ? filetimeToDate(ft) : null;
    if (it && d && Number.isFinite(d.getTime())) installDate = { value: d.toISOString(), evidence: [it.evidence] };
  }

  const addresses = system && cs ? interfaceAddresses(system, cs) : [];

  const pt = productType?.value.toUpperCase();
  const it = installationType?.value.toLowerCase();
  const sku: IdentityFacts['sku'] =
    pt === 'WINNT' || it === 'client' ? 'client' : pt === 'SERVERNT' || pt === 'LANMANNT' || (it !== undefined && it.startsWith('server')) ? 'server' : 'unknown';

  const signals: DomainSignal[] = [];
  if (pt === 'LANMANNT' && productType) signals.push({ signal: 'domain-controller', strength: 'strong', detail: 'ProductType LanmanNT (domain controller)', evidence: productType.evidence });
  if (security) {
    const r = security.raw(POL_PRIMARY_DOMAIN_SID, '');
    const sid = r ? findDomainSid(r.value.data) : null;
    if (r && sid) signals.push({ signal: 'primary-domain-sid', strength: 'strong', detail: `primary domain SID ${sid}`, evidence: [r.evidence] });
  }
  const dn = software ? nonEmpty(software.string(GP_STATE_MACHINE, 'Distinguished-Name')) : null;
  if (dn && /DC=/i.test(dn.value)) signals.push({ signal: 'group-policy-dn', strength: 'medium', detail: `computer object ${dn.value}`, evidence: dn.evidence });
  const site = nonEmpty(sys(NETLOGON_PARAMETERS, 'DynamicSiteName')) ?? nonEmpty(sys(NETLOGON_PARAMETERS, 'SiteName'));
  if (site) signals.push({ signal: 'netlogon-site', strength: 'medium', detail: `Netlogon site ${site.value}`, evidence: site.evidence });
  if (dnsDomain) signals.push({ signal: 'dns-suffix', strength: 'weak', detail: `primary DNS suffix ${dnsDomain.value}`, evidence: dnsDomain.evidence });

  const strongest = signals.some((s) => s.strength === 'strong') ? 'high' : signals.some((s) => s.strength === 'medium') ? 'medium' : signals.length > 0 ? 'low' : 'none';
  // No signal at all is itself evidence of a workgroup only when SYSTEM was read (the Tcpip and Netlogon keys).
  const joined = signals.length > 0 ? true : system && cs ? false : null;

  return {
    computerName,
    hostname,
    dnsDomain,
    productType,
    productName: nonEmpty(sw('ProductName')),
    editionId,
    installationType,
    displayVersion: nonEmpty(sw('DisplayVersion')) ?? nonEmpty(sw('ReleaseId')),
    currentBuild,
    ubr: software ? software.dword(CURRENT_VERSION, 'UBR') : null,
    installDate,
    addresses,
    sku,
    serverRelease: currentBuild && sku !== 'client' ? serverRelease(currentBuild.value) : null,
    domain: { joined, confidence: strongest, signals },
  };
}

/**
 * The host's own IPv4 addresses: static `IPAddress` (MULTI_SZ) and `DhcpIPAddress` (SZ) of every interface; 0.0.0.0
 * (unset, or DHCP enabled) is skipped. A license-server entry equal to one of them names the host itself (audit C3).
 */
function interfaceAddresses(system: HiveSource, cs: string): Fact<string>[] {
  const ifs = system.key(`${cs}\\${TCPIP_PARAMETERS}\\Interfaces`);
  const out: Fact<string>[] = [];
  const seen = new Set<string>();
  for (const k of ifs ? ifs.subkeys() : []) {
    for (const name of ['IPAddress', 'DhcpIPAddress']) {
      const f = system.strings(k.path, name);
      for (const a of f ? f.value.map((x) => x.trim()) : []) {
        if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(a) || a === '0.0.0.0' || seen.has(a)) continue;
        seen.add(a);
        out.push({ value: a, evidence: f!.evidence });
      }
    }
  }
  return out;
}

/** Finds a domain SID (S-1-5-21-a-b-c) inside PolPrDmS data; workgroup machines store none. */
export function findDomainSid(bytes: Uint8Array): string | null {
  for (let i = 0; i + 24 <= bytes.length; i++) {
    if (bytes[i] !== 1 || bytes[i + 1] !== 4) continue;
    const auth = bytes.subarray(i + 2, i + 8);
    if (auth[0] !== 0 || auth[1] !== 0 || auth[2] !== 0 || auth[3] !== 0 || auth[4] !== 0 || auth[5] !== 5) continue;
    const dv = new DataView(bytes.buffer, bytes.byteOffset + i + 8, 16);
    if (dv.getUint32(0, true) !== 21) continue;
    return `S-1-5-21-${dv.getUint32(4, true)}-${dv.getUint32(8, true)}-${dv.getUint32(12, true)}`;
  }
  return null;
}
