/**
 * Role picture: RDS-* ServerComponentCache InstallState, legacy TSAppCompat, the RD Licensing service, and the
 * resulting "is this an RD Session Host" with the basis stated (rds-licensing.md §1.8–§1.9).
 */
import {
  RCM_GRACE_PERIOD,
  SERVER_COMPONENT_CACHE,
  TERMSERVLICENSING,
  TERMSERVLICENSING_PARAMETERS,
  TERMSERVLICENSING_SOFTWARE,
  TIMEBOMB_BETA,
  TIMEBOMB_RTM,
  TS,
} from './paths.js';
import { isoOrNull, type HiveSource } from './source.js';
import { allAliases, builtinAlias } from './sam-aliases.js';
import type { ComponentState, IdentityFacts, LicenseServerRoleFacts, Provenance, RoleFacts, SecurityGroupFacts } from './types.js';

const RDSH_COMPONENT = 'RDS-RD-Server';

export function gatherRoles(system: HiveSource | null, cs: string | null, software: HiveSource | null, identity: IdentityFacts, sam: HiveSource | null = null): RoleFacts {
  const components: ComponentState[] = [];
  const cache = software?.key(SERVER_COMPONENT_CACHE) ?? null;
  if (software && cache) {
    for (const k of cache.subkeys()) {
      if (!/^RDS-/i.test(k.name)) continue;
      const f = software.dword(k.path, 'InstallState');
      components.push({ name: k.name, installState: f ? f.value : null, evidence: f ? f.evidence : [software.keyEvidence(k, 'no InstallState')] });
    }
    components.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const tsAppCompat = system && cs ? system.dword(`${cs}\\${TS}`, 'TSAppCompat') : null;
  const rdshComponent = components.find((c) => c.name.toUpperCase() === RDSH_COMPONENT.toUpperCase());
  const multiSession = gatherMultiSession(identity);

  let rdsh: RoleFacts['rdsh'];
  if (multiSession)
    rdsh = { value: false, basis: `Windows Enterprise multi-session (EditionID ${multiSession.edition}): per-user Windows licensing, no RDS CALs or license server`, evidence: multiSession.evidence };
  else if (rdshComponent?.installState === 1) rdsh = { value: true, basis: `${RDSH_COMPONENT} InstallState = 1`, evidence: rdshComponent.evidence };
  else if (tsAppCompat?.value === 1) rdsh = { value: true, basis: 'TSAppCompat = 1 (application-server mode)', evidence: tsAppCompat.evidence };
  else if (identity.sku === 'client')
    rdsh = { value: false, basis: 'client SKU: Remote Desktop for one user at a time, no CALs', evidence: (identity.productType ?? identity.installationType)?.evidence ?? [] };
  else if (software && !cache && !software.holds(SERVER_COMPONENT_CACHE))
    rdsh = { value: null, basis: `unknown: ${SERVER_COMPONENT_CACHE} is not in this SOFTWARE export, and no TSAppCompat = 1`, evidence: [] };
  else if (software) {
    const ev: Provenance[] = rdshComponent ? rdshComponent.evidence : [cache ? software.keyEvidence(cache, `no ${RDSH_COMPONENT} component`) : software.absentEvidence(SERVER_COMPONENT_CACHE)];
    if (tsAppCompat) ev.push(...tsAppCompat.evidence);
    rdsh = { value: false, basis: rdshComponent ? `${RDSH_COMPONENT} InstallState = ${rdshComponent.installState ?? 'unreadable'}` : `no ${RDSH_COMPONENT} component recorded`, evidence: ev };
  } else {
    // Without SOFTWARE the role cache is unknown; a timebomb is written only by an RD Session Host's licensing.
    const gp = system && cs ? system.key(`${cs}\\${RCM_GRACE_PERIOD}`) : null;
    const bomb = gp ? (gp.value(TIMEBOMB_RTM) ?? gp.value(TIMEBOMB_BETA)) : null;
    rdsh =
      system && gp && bomb
        ? { value: true, basis: 'inferred: the grace-period timebomb exists (SOFTWARE not supplied)', evidence: [system.valueEvidence(gp, bomb)] }
        : { value: null, basis: 'unknown: SOFTWARE hive not supplied and no TSAppCompat or timebomb', evidence: [] };
  }

  let rdshInstalledAt: RoleFacts['rdshInstalledAt'] = null;
  if (rdsh.value) {
    const compKey = software && cache ? cache.subkey(RDSH_COMPONENT) : null;
    const t = compKey && software ? isoOrNull(software.lastWrite(compKey)) : null;
    if (compKey && t && software) rdshInstalledAt = { time: t, basis: `LastWrite of ${RDSH_COMPONENT} component key`, evidence: [software.keyEvidence(compKey)] };
    else if (identity.installDate) rdshInstalledAt = { time: identity.installDate.value, basis: 'OS InstallDate (role install time unknown)', evidence: identity.installDate.evidence };
  }

  return { rdsh, rdshInstalledAt, multiSession, components, tsAppCompat, licenseServer: gatherLicenseServerRole(system, cs, software, components, sam, identity) };
}

/**
 * Windows 10/11 Enterprise multi-session reports EditionID ServerRdsh (or EnterpriseMultiSession), ProductType
 * ServerNT like a server, and InstallationType Client; it uses per-user Windows licensing, not RDS CALs (audit A1, C5).
 */
function gatherMultiSession(identity: IdentityFacts): RoleFacts['multiSession'] {
  const e = identity.editionId;
  if (!e || !/^(ServerRdsh|EnterpriseMultiSession)$/i.test(e.value.trim())) return null;
  const evidence = [...e.evidence, ...(identity.productType?.evidence ?? []), ...(identity.installationType?.evidence ?? [])];
  return { edition: e.value.trim(), evidence };
}

/** RID of the builtin alias RDS Endpoint Servers (DOMAIN_ALIAS_RID_RDS_ENDPOINT_SERVERS). */
const RDS_ENDPOINT_SERVERS_RID = 0x240;
const TERMINAL_SERVER_COMPUTERS = 'Terminal Server Computers';

/**
 * The group a license server with the security-group policy serves: RDS Endpoint Servers from Server 2012 (build
 * 9200), the local Terminal Server Computers group before (audit A4); found by RID, or by name for the old group.
 */
function gatherSecurityGroup(sam: HiveSource, identity: IdentityFacts): SecurityGroupFacts {
  const build = identity.currentBuild?.value ?? null;
  const old = build !== null && build < 9200;
  const alias = old ? (allAliases(sam).find((a) => a.name.toLowerCase() === TERMINAL_SERVER_COMPUTERS.toLowerCase()) ?? null) : builtinAlias(sam, RDS_ENDPOINT_SERVERS_RID);
  const name = old ? TERMINAL_SERVER_COMPUTERS : 'RDS Endpoint Servers (S-1-5-32-576)';
  if (!alias) {
    const where = old ? 'SAM\\Domains\\{Builtin,Account}\\Aliases' : 'SAM\\Domains\\Builtin\\Aliases\\00000240';
    return { name, found: false, memberCount: null, members: [], evidence: [sam.absentEvidence(where, old ? undefined : 'C')] };
  }
  return { name, found: true, memberCount: alias.memberCount, members: alias.members, evidence: alias.evidence };
}

function gatherLicenseServerRole(
  system: HiveSource | null,
  cs: string | null,
  software: HiveSource | null,
  components: ComponentState[],
  sam: HiveSource | null,
  identity: IdentityFacts,
): LicenseServerRoleFacts {
  const svc = system && cs ? system.key(`${cs}\\${TERMSERVLICENSING}`) : null;
  const p = (rel: string) => `${cs}\\${rel}`;
  return {
    installed: svc !== null,
    component: components.find((c) => c.name.toUpperCase() === 'RDS-LICENSING') ?? null,
    start: svc && system ? system.dword(p(TERMSERVLICENSING), 'Start') : null,
    imagePath: svc && system ? system.string(p(TERMSERVLICENSING), 'ImagePath') : null,
    serviceDll: svc && system ? system.string(p(TERMSERVLICENSING_PARAMETERS), 'ServiceDll') : null,
    disableWorkgroupAuthEnforcement: svc && system ? system.dword(p(TERMSERVLICENSING_PARAMETERS), 'DisableWorkgroupAuthEnforcement') : null,
    runAsRtm: software ? software.dword(TERMSERVLICENSING_SOFTWARE, 'RunAsRTM') : null,
    securityGroup: svc && sam ? gatherSecurityGroup(sam, identity) : null,
    evidence: svc && system ? [system.keyEvidence(svc, 'TermServLicensing service key')] : system && cs ? [system.absentEvidence(p(TERMSERVLICENSING))] : [],
  };
}
