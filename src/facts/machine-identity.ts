/**
 * Which machine each hive of a host says it comes from, and where they disagree (evidence-mixed-hosts): the
 * SYSTEM computer name against the computer object SOFTWARE's Group Policy state names, and the user hives'
 * profiles against SOFTWARE's ProfileList. Hives grouped by folder alone can come from two machines.
 */
import { COMPUTER_NAME, GP_STATE_MACHINE, PROFILE_LIST, TCPIP_PARAMETERS } from './paths.js';
import type { HiveSource } from './source.js';
import type { MachineFacts, MachineSignal, Provenance } from './types.js';

/** NetBIOS computer names are at most 15 characters; DNS host names and CNs may be longer. */
const NETBIOS = 15;
/** Profile folders Windows keeps without a ProfileList entry. */
const SHARED_PROFILES = /^(default|default user|public|all users)$/i;

const netbios = (s: string) => s.trim().toUpperCase().slice(0, NETBIOS);

export function gatherMachineIdentity(system: HiveSource | null, cs: string | null, software: HiveSource | null, users: readonly HiveSource[]): MachineFacts {
  const signals: MachineSignal[] = [];
  const disagreements: MachineFacts['disagreements'] = [];
  const sysName = system && cs ? system.string(`${cs}\\${COMPUTER_NAME}`, 'ComputerName') : null;
  const host = system && cs ? system.string(`${cs}\\${TCPIP_PARAMETERS}`, 'Hostname') : null;
  if (sysName?.value.trim()) signals.push({ hive: 'system', signal: 'computer-name', value: sysName.value.trim(), evidence: sysName.evidence });
  if (host?.value.trim()) signals.push({ hive: 'system', signal: 'tcpip-hostname', value: host.value.trim(), evidence: host.evidence });

  const dn = software ? software.string(GP_STATE_MACHINE, 'Distinguished-Name') : null;
  const cn = dn ? /^\s*CN=((?:\\,|[^,])+)/i.exec(dn.value)?.[1]?.replace(/\\,/g, ',').trim() : undefined;
  if (dn && cn) signals.push({ hive: 'software', signal: 'group-policy-dn', value: cn, evidence: dn.evidence });

  const systemNames = signals.filter((s) => s.hive === 'system');
  if (dn && cn && systemNames.length > 0 && !systemNames.some((s) => netbios(s.value) === netbios(cn))) {
    disagreements.push({
      detail: `SYSTEM names the computer ${systemNames.map((s) => s.value).join(' / ')}, but SOFTWARE's Group Policy state is that of computer ${cn}`,
      evidence: [...systemNames.flatMap((s) => s.evidence), ...dn.evidence],
    });
  }

  const profiles = software ? profileFolders(software) : null;
  if (profiles && profiles.folders.size > 0) {
    for (const u of users) {
      const who = u.hive.user;
      if (!who || SHARED_PROFILES.test(who)) continue;
      const known = /^S-1-/i.test(who) ? profiles.sids.has(who.toUpperCase()) : profiles.folders.has(who.toUpperCase());
      signals.push({ hive: 'user', signal: 'profile', value: who, evidence: [u.keyEvidence(u.hive.view.root, `user hive of ${who}`)] });
      if (!known)
        disagreements.push({
          detail: `the user hive of ${who} (${u.input}) has no profile in SOFTWARE's ProfileList (${[...profiles.folders].sort().join(', ')})`,
          evidence: [u.keyEvidence(u.hive.view.root, `user hive of ${who}`), ...profiles.evidence],
        });
    }
  }
  return { signals, disagreements };
}

/** Upper-cased profile folder names (last component of ProfileImagePath) and SIDs of ProfileList. */
function profileFolders(software: HiveSource): { folders: Set<string>; sids: Set<string>; evidence: Provenance[] } | null {
  const list = software.key(PROFILE_LIST);
  if (!list) return null;
  const folders = new Set<string>();
  const sids = new Set<string>();
  for (const k of list.subkeys().slice(0, 10_000)) {
    sids.add(k.name.toUpperCase());
    const p = software.string(k.path, 'ProfileImagePath');
    const last = p?.value.split(/[\\/]/).filter(Boolean).pop();
    if (last) folders.add(last.toUpperCase());
  }
  return { folders, sids, evidence: [software.keyEvidence(list, `${sids.size} profiles`)] };
}
