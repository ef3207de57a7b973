/**
 * One host from plan to facts: load (read, hash, replay logs, open), recover deleted records, gather facts with
 * the DPAPI timebomb decoder. Runs in the main thread or in a pool worker; the outcome is plain data.
 */
import type { EvidenceInput, HostEvidence, LoadedHive } from '../evidence/types.js';
import { gatherFacts, type Facts } from '../facts/index.js';
import { DELETED_SCOPE } from '../facts/paths.js';
import { decodeTimebomb } from '../analysis/timebomb-decoder.js';
import { recoverDeleted } from '../regf/recover/index.js';
import { RegfHive } from '../regf/hive.js';
import { loadHost, type HostPlan } from './discovery/index.js';

export type HostOutcome =
  | { readonly ok: true; readonly label: string; readonly inputs: EvidenceInput[]; readonly facts: Facts }
  | { readonly ok: false; readonly label: string; readonly inputs: EvidenceInput[]; readonly error: string };

export interface HostRunOptions {
  readonly asOf?: Date;
  readonly logs?: boolean;
}

/** Deleted keys and values of the licensing hives, for the deleted-licensing-data rule. */
function withRecovered(h: LoadedHive | undefined): LoadedHive | undefined {
  if (!h || !(h.view instanceof RegfHive) || h.recovered) return h;
  // Scoped to the licensing keys: the full mode maps the whole tree, several times this host's time budget.
  const r = recoverDeleted(h.view, { scope: DELETED_SCOPE });
  return { ...h, recovered: { keys: r.keys, values: r.values } };
}

export async function runHost(plan: HostPlan, options: HostRunOptions = {}): Promise<HostOutcome> {
  let evidence: HostEvidence;
  try {
    evidence = await loadHost(plan, options.logs !== undefined ? { logs: options.logs } : {});
  } catch (e) {
    return { ok: false, label: plan.label, inputs: [], error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
  const ev: HostEvidence = { ...evidence, system: withRecovered(evidence.system), software: withRecovered(evidence.software) };
  const facts = gatherFacts(ev, { asOf: options.asOf, timebombDecoder: (e, blob) => decodeTimebomb(e, blob) });
  return { ok: true, label: ev.label, inputs: [...ev.inputs], facts };
}
