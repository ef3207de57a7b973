/**
 * analyzeHost: evidence → facts → rules → HostReport. analyzeHosts links hosts that name each other as license
 * server (for license-server-older-than-host). buildReport wraps host reports in the versioned Report.
 */
import type { HostEvidence } from '../evidence/types.js';
import { gatherFacts, type GatherOptions } from '../facts/index.js';
import { namesSelf } from '../facts/licensing.js';
import type { Facts, PeerLicenseServer } from '../facts/types.js';
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

/**
 * Gives each host the facts of the other hosts it names as license server (license-server-older-than-host);
 * works on facts alone, so hosts gathered in parallel workers are linked afterwards.
 */
export function linkLicenseServerPeers(facts: readonly Facts[]): Facts[] {
  return facts.map((own, i) => {
    const peers: PeerLicenseServer[] = [];
    for (const server of own.licensing.effectiveServers.servers) {
      facts.forEach((other, j) => {
        if (j === i || !namesSelf(server, other.identity)) return;
        const ls = other.roles.licenseServer;
        peers.push({
          name: server,
          hostname: other.hostname,
          build: other.identity.currentBuild?.value ?? null,
          release: other.identity.serverRelease?.name ?? null,
          serviceInstalled: ls.installed,
          disableWorkgroupAuthEnforcement: ls.disableWorkgroupAuthEnforcement?.value ?? null,
          evidence: [...(other.identity.currentBuild?.evidence ?? []), ...ls.evidence],
        });
      });
    }
    return { ...own, licenseServerPeers: facts.length > 1 ? peers : null };
  });
}

export function buildReport(hosts: HostReport[], tool: { name: string; version: string }): Report {
  return { schemaVersion: 1, tool: { name: tool.name, version: tool.version }, hosts };
}
