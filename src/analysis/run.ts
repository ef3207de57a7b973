/**
 * One analysis run, platform-neutral: a host plan → facts (`analyzePlan`), and every host's outcome → the
 * versioned Report (`reportFromOutcomes`). The CLI (src/node/host-runner.ts, src/cli/commands/analyze.ts) and the
 * browser page (src/web/worker.ts) both call these, so the same inputs give the same report.
 */
import { loadHostPlan, type LoadOptions } from '../evidence/load-host.js';
import type { HostPlan } from '../evidence/plan.js';
import type { EvidenceInput, HostEvidence, LoadedHive } from '../evidence/types.js';
import { gatherFacts, type Facts, type TimebombDecoder } from '../facts/index.js';
import type { PeerLicenseServer } from '../facts/types.js';
import { DELETED_SCOPE } from '../facts/paths.js';
import { recoverDeleted } from '../regf/recover/index.js';
import { RegfHive } from '../regf/hive.js';
import type { EngineConfig } from '../rules/engine.js';
import { buildReport, linkPeerCards, peerCard, reportFromFacts } from './analyze.js';
import { naturalCompare } from './natural-order.js';
import type { HostReport, Report } from './report.js';
import { unreadableVerdict } from './verdict.js';

export type HostOutcome =
  | { readonly ok: true; readonly label: string; readonly inputs: EvidenceInput[]; readonly facts: Facts }
  | { readonly ok: false; readonly label: string; readonly inputs: EvidenceInput[]; readonly error: string };

export interface PlanRunOptions {
  /** SHA-256 as lowercase hex: node:crypto in the CLI, WebCrypto in a browser. */
  readonly hash: LoadOptions['hash'];
  /** Overrides the plan's log replay setting. */
  readonly logs?: boolean;
  readonly asOf?: Date;
  /** Opens the grace-period timebomb with the image's DPAPI material; without one the end is estimated. */
  readonly timebombDecoder?: TimebombDecoder;
}

/** Deleted keys and values of the licensing hives, for the deleted-licensing-data rule. */
function withRecovered(h: LoadedHive | undefined): LoadedHive | undefined {
  if (!h || !(h.view instanceof RegfHive) || h.recovered) return h;
  // Scoped to the licensing keys: the full mode maps the whole tree, several times this host's time budget.
  const r = recoverDeleted(h.view, { scope: DELETED_SCOPE });
  return { ...h, recovered: { keys: r.keys, values: r.values } };
}

/** Load (read, hash, replay logs, open), recover deleted records, gather facts; the outcome is plain data. */
export async function analyzePlan(plan: HostPlan, options: PlanRunOptions): Promise<HostOutcome> {
  let ev: HostEvidence;
  // Recovery runs while the inputs are still being hashed; its own failures are not load failures.
  let recoveryError: { error: unknown } | null = null;
  const whileHashing = (evidence: HostEvidence): HostEvidence => {
    try {
      return { ...evidence, system: withRecovered(evidence.system), software: withRecovered(evidence.software) };
    } catch (error) {
      recoveryError = { error };
      return evidence;
    }
  };
  try {
    ev = await loadHostPlan(plan, { hash: options.hash, whileHashing, ...(options.logs !== undefined ? { logs: options.logs } : {}) });
  } catch (e) {
    return { ok: false, label: plan.label, inputs: [], error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
  if (recoveryError) throw (recoveryError as { error: unknown }).error;
  const facts = gatherFacts(ev, { asOf: options.asOf, ...(options.timebombDecoder ? { timebombDecoder: options.timebombDecoder } : {}) });
  return { ok: true, label: ev.label, inputs: [...ev.inputs], facts };
}

/** A host that could not be read still gets a report row, with the reason as an error entry. */
function unreadableReport(o: Extract<HostOutcome, { ok: false }>): HostReport {
  const facts = gatherFacts({ label: o.label, users: [], auxiliary: [], inputs: o.inputs });
  const r = reportFromFacts({ label: o.label, inputs: o.inputs }, facts, { rules: [] });
  return { ...r, hostname: o.label, verdict: unreadableVerdict(o.label, o.error), errors: [{ ruleId: 'evidence', message: `host could not be read: ${o.error}` }] };
}

/** One host's report from its outcome and the peers linking found for it (linkPeerCards); unreadable hosts get a row too. */
export function hostReportFromOutcome(o: HostOutcome, peers: PeerLicenseServer[] | null, options: { config?: EngineConfig } = {}): HostReport {
  return o.ok ? reportFromFacts(o, { ...o.facts, licenseServerPeers: peers }, { config: options.config }) : unreadableReport(o);
}

/** Positions of hosts in report order: natural label order (`-1, -2, -10`), stable; report.json, file numbers and findings.jsonl agree. */
export function reportOrder(labels: readonly string[]): number[] {
  return labels.map((_, i) => i).sort((a, b) => naturalCompare(labels[a], labels[b]) || a - b);
}

/** Links hosts that name each other as license server, runs the rules per host, and wraps them in the Report (hosts in natural label order). */
export function reportFromOutcomes(
  outcomes: readonly HostOutcome[],
  options: { config?: EngineConfig; tool: { name: string; version: string }; ignored?: readonly { path: string; reason: string }[] },
): Report {
  const good = outcomes.filter((o): o is Extract<HostOutcome, { ok: true }> => o.ok);
  const peers = linkPeerCards(good.map((o) => peerCard(o.facts)));
  let g = 0;
  const hosts = outcomes.map((o) => hostReportFromOutcome(o, o.ok ? peers[g++] : null, { config: options.config }));
  return buildReport(reportOrder(hosts.map((h) => h.label)).map((i) => hosts[i]), options.tool, options.ignored);
}
