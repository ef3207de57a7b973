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
import type { ComponentState, IdentityFacts, LicenseServerRoleFacts, Provenance, RoleFacts } from './types.js';

const RDSH_COMPONENT = 'RDS-RD-Server';

export function gatherRoles(system: HiveSource | null, cs: string | null, software: HiveSource | null, identity: IdentityFacts): RoleFacts {
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
  const edition = identity.editionId?.value ?? '';

  let rdsh: RoleFacts['rdsh'];
  if (rdshComponent?.installState === 1) rdsh = { value: true, basis: `${RDSH_COMPONENT} InstallState = 1`, evidence: rdshComponent.evidence };
  else if (tsAppCompat?.value === 1) rdsh = { value: true, basis: 'TSAppCompat = 1 (application-server mode)', evidence: tsAppCompat.evidence };
  else if (/^ServerRdsh$/i.test(edition)) rdsh = { value: true, basis: 'EditionID ServerRdsh (Enterprise multi-session)', evidence: identity.editionId!.evidence };
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

  return { rdsh, rdshInstalledAt, components, tsAppCompat, licenseServer: gatherLicenseServerRole(system, cs, software) };
}

function gatherLicenseServerRole(system: HiveSource | null, cs: string | null, software: HiveSource | null): LicenseServerRoleFacts {
  const svc = system && cs ? system.key(`${cs}\\${TERMSERVLICENSING}`) : null;
  const p = (rel: string) => `${cs}\\${rel}`;
  return {
    installed: svc !== null,
    start: svc && system ? system.dword(p(TERMSERVLICENSING), 'Start') : null,
    imagePath: svc && system ? system.string(p(TERMSERVLICENSING), 'ImagePath') : null,
    serviceDll: svc && system ? system.string(p(TERMSERVLICENSING_PARAMETERS), 'ServiceDll') : null,
    disableWorkgroupAuthEnforcement: svc && system ? system.dword(p(TERMSERVLICENSING_PARAMETERS), 'DisableWorkgroupAuthEnforcement') : null,
    runAsRtm: software ? software.dword(TERMSERVLICENSING_SOFTWARE, 'RunAsRTM') : null,
    evidence: svc && system ? [system.keyEvidence(svc, 'TermServLicensing service key')] : system && cs ? [system.absentEvidence(p(TERMSERVLICENSING))] : [],
  };
}
