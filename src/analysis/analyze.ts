/**
 * analyzeHost: evidence → facts → rules → HostReport. analyzeHosts links hosts that name each other as license
 * server (for license-server-older-than-host). buildReport wraps host reports in the versioned Report.
 */
import type { HostEvidence } from '../evidence/types.js';
import { gatherFacts, type GatherOptions } from '../facts/index.js';
import { isLoopbackName, namesSelf, selfNameKeys, serverEntryName, type NameIdentity } from '../facts/licensing.js';
import { upcaseName } from '../view/names.js';
import type { Facts, PeerLicenseServer, Provenance } from '../facts/types.js';
import { rules as allRules } from '../rules/index.js';
import { runRules, type EngineConfig, type Finding } from '../rules/engine.js';
import { SEVERITIES, type Rule, type Severity } from '../rules/rule.js';
import { verdictFor } from './verdict.js';
import type { HostReport, Report, ReportFinding, ReportInput } from './report.js';

export interface AnalyzeOptions extends GatherOptions {
  config?: EngineConfig;
  /** Replace the rule set (tests); defaults to every rule of src/rules. */
  rules?: readonly Rule[];
}

function toReportFinding(f: Finding): ReportFinding {
  return { ruleId: f.ruleId, severity: f.severity, title: f.title, message: f.message, messageId: f.messageId, evidence: f.evidence, remediation: f.remediation, references: f.references };
}

function inputs(evidence: Pick<HostEvidence, 'inputs'>): ReportInput[] {
  return [...evidence.inputs]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((i) => ({
      path: i.path,
      sha256: i.sha256,
      kind: i.kind,
      format: i.format,
      size: i.size,
      dirty: i.dirty,
      logsApplied: i.logsApplied.map((l) => ({ path: l.path, sha256: l.sha256, format: l.format, entries: l.entries })),
      logsMissing: i.logsMissing,
      anomalies: i.anomalies.length,
      ...(i.unused !== undefined ? { unused: i.unused } : {}),
      ...(i.originalPath !== undefined ? { originalPath: i.originalPath } : {}),
    }));
}

/** The configuration's severity changes for the rules that ran (disabled rules are listed as disabled instead). */
function severityOverrides(ruleSet: readonly Rule[], config: EngineConfig | undefined): NonNullable<HostReport['severityOverrides']> {
  const out: NonNullable<HostReport['severityOverrides']> = [];
  for (const rule of [...ruleSet].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0))) {
    const rc = config?.rules?.[rule.meta.id];
    if (!rc || rc === 'off' || rc.enabled === false || !rc.severity || !(SEVERITIES as readonly string[]).includes(rc.severity)) continue;
    out.push({ ruleId: rule.meta.id, severity: rc.severity, defaultSeverity: rule.meta.severity });
  }
  return out;
}

/** Runs the rules over already-gathered facts (used by analyzeHost and after peer linking). */
export function reportFromFacts(evidence: Pick<HostEvidence, 'label' | 'inputs'>, facts: Facts, options: AnalyzeOptions = {}): HostReport {
  const rules = options.rules ?? allRules;
  const r = runRules(rules, facts, options.config);
  const summary = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of r.findings) summary[f.severity]++;
  return {
    hostname: facts.hostname,
    label: evidence.label,
    inputs: inputs(evidence),
    asOf: {
      time: facts.asOf.time,
      source: facts.asOf.source,
      imageClock: { time: facts.asOf.imageClock.time, source: facts.asOf.imageClock.source },
      differsDays: facts.asOf.optionDiffersDays,
    },
    verdict: verdictFor({ hostname: facts.hostname, facts, findings: r.findings.map((f) => ({ ...f, about: aboutOf(f.ruleId, rules) })), errors: r.errors, undecided: r.undecided }),
    summary,
    facts,
    findings: r.findings.map(toReportFinding),
    passed: r.passed,
    notApplicable: r.notApplicable.map((n) => n.ruleId),
    notApplicableReasons: r.notApplicable,
    notCheckable: r.notCheckable,
    errors: r.errors,
    suppressed: r.suppressed.map((s) => ({ ...toReportFinding(s), reason: s.reason })),
    disabled: r.disabled,
    ...(() => {
      const o = severityOverrides(options.rules ?? allRules, options.config);
      return o.length > 0 ? { severityOverrides: o } : {};
    })(),
  };
}

/** Evidence-quality rules (RuleMeta.subject) speak about the inputs, not the host. */
function aboutOf(ruleId: string, rules: readonly Rule[]): 'host' | 'evidence' {
  return rules.find((r) => r.meta.id === ruleId)?.meta.subject === 'evidence' ? 'evidence' : 'host';
}

export function analyzeHost(evidence: HostEvidence, options: AnalyzeOptions = {}): HostReport {
  return reportFromFacts(evidence, gatherFacts(evidence, options), options);
}

/** Several hosts of one deployment: each host's license server list is matched against the others' names. */
export function analyzeHosts(hosts: readonly HostEvidence[], options: AnalyzeOptions = {}): HostReport[] {
  const facts = linkLicenseServerPeers(hosts.map((h) => gatherFacts(h, options)));
  return hosts.map((h, i) => reportFromFacts(h, facts[i], options));
}

/** What peer linking needs of one host: its server list, the names it answers to, and what it is as a license server. */
export interface PeerCard extends Omit<PeerLicenseServer, 'name' | 'alsoMatching'> {
  readonly servers: readonly string[];
  readonly identity: NameIdentity;
}

/** A host's peer card: small, so a fleet's hosts can be linked without holding their facts. */
export function peerCard(facts: Facts): PeerCard {
  const { computerName, hostname, dnsDomain, addresses } = facts.identity;
  const ls = facts.roles.licenseServer;
  // Values only: linking compares names, and a fleet holds every host's card until its reports are made.
  const named = (f: { readonly value: string } | null) => (f ? { value: f.value } : null);
  return {
    servers: facts.licensing.effectiveServers.servers,
    identity: { computerName: named(computerName), hostname: named(hostname), dnsDomain: named(dnsDomain), addresses: addresses.map((a) => ({ value: a.value })) },
    hostname: facts.hostname,
    build: facts.identity.currentBuild?.value ?? null,
    release: facts.identity.serverRelease?.name ?? null,
    serviceInstalled: ls.installed,
    disableWorkgroupAuthEnforcement: ls.disableWorkgroupAuthEnforcement?.value ?? null,
    evidence: [...(facts.identity.currentBuild?.evidence ?? []), ...ls.evidence],
  };
}

/**
 * Per host (same order as `cards`), the other hosts it names as license server; null when there is only one host.
 * Of several hosts answering to one entry with identical facts, the first (in `cards` order) stands for all (alsoMatching).
 */
export function linkPeerCards(cards: readonly PeerCard[]): (PeerLicenseServer[] | null)[] {
  if (cards.length <= 1) return cards.map(() => null);
  // Hosts indexed by the names they answer to, so a fleet is linked in time linear in its size; namesSelf decides.
  const index = { names: new Map<string, number[]>(), addresses: new Map<string, number[]>(), labels: new Map<string, number[]>() };
  const add = (map: Map<string, number[]>, key: string, j: number) => {
    const list = map.get(key) ?? [];
    if (list[list.length - 1] !== j) list.push(j);
    map.set(key, list);
  };
  cards.forEach((c, j) => {
    const keys = selfNameKeys(c.identity);
    for (const k of keys.names) add(index.names, k, j);
    for (const k of keys.addresses) add(index.addresses, k, j);
    for (const k of keys.labels) add(index.labels, k, j);
  });
  const all = cards.map((_, j) => j);
  const candidates = (server: string): number[] => {
    const e = serverEntryName(server);
    if (isLoopbackName(e)) return all;
    const found = new Set([...(index.names.get(upcaseName(e)) ?? []), ...(index.addresses.get(e) ?? []), ...(e.includes('.') ? (index.labels.get(upcaseName(e.split('.')[0])) ?? []) : [])]);
    return [...found].sort((a, b) => a - b);
  };
  return cards.map((own, i) => {
    const peers: PeerLicenseServer[] = [];
    const folded: number[] = [];
    for (const server of own.servers) {
      // Hosts answering to one entry with the same facts (re-collections, clones) are one row: a fleet of copies stays linear.
      const seen = new Map<string, number>();
      for (const j of candidates(server)) {
        const other = cards[j];
        if (j === i || !namesSelf(server, other.identity)) continue;
        const key = JSON.stringify([other.hostname, other.build, other.release, other.serviceInstalled, other.disableWorkgroupAuthEnforcement]);
        const at = seen.get(key);
        if (at !== undefined) {
          folded[at]++;
          continue;
        }
        seen.set(key, peers.length);
        folded.push(0);
        peers.push({
          name: server,
          hostname: other.hostname,
          build: other.build,
          release: other.release,
          serviceInstalled: other.serviceInstalled,
          disableWorkgroupAuthEnforcement: other.disableWorkgroupAuthEnforcement,
          evidence: [...other.evidence],
        });
      }
    }
    return peers.map((p, k) => (folded[k] > 0 ? { ...p, alsoMatching: folded[k] } : p));
  });
}

/**
 * Gives each host the facts of the other hosts it names as license server (license-server-older-than-host);
 * works on facts alone, so hosts gathered in parallel workers are linked afterwards (fleets link peer cards).
 */
export function linkLicenseServerPeers(facts: readonly Facts[]): Facts[] {
  const peers = linkPeerCards(facts.map(peerCard));
  return facts.map((own, i) => ({ ...own, licenseServerPeers: peers[i] }));
}

export function buildReport(hosts: HostReport[], tool: { name: string; version: string }, ignored?: readonly { path: string; reason: string }[]): Report {
  const listed = ignored?.map((i) => ({ path: i.path, reason: i.reason })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { schemaVersion: 1, tool: { name: tool.name, version: tool.version }, hosts, ...(listed ? { ignored: listed } : {}) };
}
