/**
 * gatherFacts: one host's hives → the typed Facts snapshot. Each family has its own gatherer module; this file
 * only wires them in dependency order (control set → clock → identity → roles → the rest).
 */
import type { HostEvidence, LoadedHive } from '../evidence/types.js';
import { gatherAsOf } from './as-of.js';
import { gatherCertificates } from './certificates.js';
import { gatherClient } from './client.js';
import { gatherConnection } from './connection.js';
import { gatherControlSet } from './control-set.js';
import { gatherCoverage } from './coverage.js';
import { gatherDeleted } from './deleted.js';
import { gatherGracePeriod, type TimebombDecryption } from './grace-period.js';
import { gatherHiveState } from './hive-state.js';
import { gatherIdentity } from './identity.js';
import { gatherLicensing } from './licensing.js';
import { gatherMachineIdentity } from './machine-identity.js';
import { gatherRoles } from './roles.js';
import { HiveSource } from './source.js';
import { gatherTamper } from './tamper.js';
import { gatherTasks, taskDefinitions, taskXmlDefinitions } from './tasks.js';
import { gatherExecutions } from './executions.js';
import { gatherTermService } from './termservice.js';
import type { Facts, HiveSummary, Provenance } from './types.js';

export type { TimebombDecryption } from './grace-period.js';
export type * from './types.js';

/** Decrypts the timebomb with the image's DPAPI material; supplied by the caller (dpapi module). */
export type TimebombDecoder = (evidence: HostEvidence, blob: Uint8Array, valueName: string) => TimebombDecryption;

export interface GatherOptions {
  /** The analyst's --as-of: the clock used when given (the image clock is reported beside it). */
  asOf?: Date;
  timebombDecoder?: TimebombDecoder;
}

export function gatherFacts(evidence: HostEvidence, options: GatherOptions = {}): Facts {
  const notes: Facts['notes'] = [];
  const note = (message: string, ev: Provenance[]) => {
    if (notes.length < 200) notes.push({ message, evidence: ev });
  };
  const src = (h: LoadedHive | undefined, prefix: string) => (h ? new HiveSource(h, prefix, note) : null);
  const system = src(evidence.system, 'SYSTEM');
  const software = src(evidence.software, 'SOFTWARE');
  const security = src(evidence.security, 'SECURITY');
  const sam = src(evidence.sam, 'SAM');
  const users = evidence.users.map((u) => new HiveSource(u, 'NTUSER', note));

  const controlSet = gatherControlSet(system);
  const cs = controlSet.name;
  const asOf = gatherAsOf(system, cs, options.asOf);
  const identity = gatherIdentity(system, cs, software, security);
  const roles = gatherRoles(system, cs, software, identity, sam);

  let decryption: TimebombDecryption | null = null;
  if (options.timebombDecoder && system && cs) {
    const gp = gatherGracePeriod(system, cs, null, null);
    const key = gp.timebomb ? system.key(`${cs}\\Control\\Terminal Server\\RCM\\GracePeriod`) : null;
    const v = key && gp.timebomb ? key.value(gp.timebomb.valueName) : null;
    if (v) {
      try {
        decryption = options.timebombDecoder(evidence, v.data, v.name);
      } catch (e) {
        decryption = { status: 'unavailable', reason: `decoder failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
  }

  const hives: HiveSummary[] = [];
  const summary = (s: HiveSource | null, role: HiveSummary['role']) => {
    if (s) hives.push({ role, path: s.input, format: s.hive.input.format, capabilities: { ...s.capabilities } });
  };
  summary(system, 'system');
  summary(software, 'software');
  summary(security, 'security');
  summary(sam, 'sam');
  users.forEach((u) => summary(u, 'user'));

  const hiveState = [
    ...(system ? [gatherHiveState(system, 'system')] : []),
    ...(software ? [gatherHiveState(software, 'software')] : []),
    ...(security ? [gatherHiveState(security, 'security')] : []),
    ...(sam ? [gatherHiveState(sam, 'sam')] : []),
    ...users.map((u) => gatherHiveState(u, 'user')),
  ];

  const facts: Omit<Facts, 'notes'> = {
    hostname: identity.computerName?.value ?? identity.hostname?.value ?? evidence.label,
    hives,
    machine: gatherMachineIdentity(system, cs, software, users),
    coverage: gatherCoverage({ system, software, security, sam, users }, cs),
    controlSet,
    asOf,
    identity,
    roles,
    licensing: gatherLicensing(system, cs, software, identity),
    gracePeriod: gatherGracePeriod(system, cs, asOf, decryption),
    certificates: gatherCertificates(system, cs),
    termService: gatherTermService(system, cs),
    connection: gatherConnection(system, cs, software),
    client: gatherClient(software, users),
    tasks: gatherTasks(software),
    tamper: gatherTamper({
      system,
      controlSet: cs,
      software,
      users,
      tasks: [...taskDefinitions(software), ...taskXmlDefinitions(evidence.files)],
      files: evidence.files,
      executions: gatherExecutions({ system, users, amcache: evidence.amcache ? { input: evidence.amcache.input.path, view: evidence.amcache.view } : null }),
    }),
    deleted: gatherDeleted([system, software, ...users].filter((s): s is HiveSource => s !== null)),
    hiveState,
    licenseServerPeers: null,
  };
  return { ...facts, notes };
}
