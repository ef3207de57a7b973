/**
 * The host view model: everything the HTML and Markdown templates print, as display strings in tables, derived
 * from one HostReport. Templates only iterate and print; the decisions (verdict, headline, next steps) live here.
 */
import type { HostReport, Report, ReportFinding } from '../analysis/report.js';
import type { VerdictStatus } from '../analysis/verdict.js';
import { areaCoverage, type EvidenceArea } from '../facts/coverage.js';
import type { CoverageStatus, Provenance } from '../facts/types.js';
import { SEVERITIES, severityRank, type Severity } from '../rules/rule.js';
import * as fmt from './format.js';
import { NOT_DETECTABLE, type NotDetectableSection } from './not-detectable.js';
import { buildTimeline, type Timeline } from './timeline.js';

export interface RenderOptions {
  /** Case or ticket number printed in the header. */
  readonly caseId?: string;
  readonly examiner?: string;
  /** Printed only when given: reports are otherwise byte-identical for the same input. */
  readonly generatedAt?: string;
}

export type Verdict = VerdictStatus;

export const VERDICT_LABELS: Record<Verdict, string> = { healthy: 'Healthy', 'needs-attention': 'Needs attention', inconclusive: 'Inconclusive', broken: 'Broken' };

export interface Row {
  readonly label: string;
  readonly value: string;
}

export interface Column {
  readonly name: string;
  /** Monospace, breakable anywhere: paths, hashes, hex. */
  readonly mono?: boolean;
  /** Kept on one line: dates. */
  readonly nowrap?: boolean;
}

export interface Table {
  readonly id: string;
  readonly title: string;
  readonly columns: Column[];
  readonly rows: string[][];
  /** Shown instead of the table when there are no rows. */
  readonly empty: string;
}

export interface KvSection {
  readonly id: string;
  readonly title: string;
  readonly rows: Row[];
}

export interface FindingView {
  readonly anchor: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly evidence: Table;
  /** Markdown folds evidence tables longer than this into `<details>`. */
  readonly longEvidence: boolean;
  readonly remediation: string[];
  readonly references: { readonly url: string; readonly link: boolean }[];
  /** "severity set by configuration (the rule's own: high)" when --config changed it. */
  readonly severityNote: string;
}

export interface HostView {
  readonly hostname: string;
  readonly label: string;
  readonly header: { readonly os: string; readonly build: string; readonly domain: string };
  readonly identity: KvSection;
  /** `imageClock` is shown only beside an explicit --as-of; `warning` when the two differ by more than a day. */
  readonly asOf: { readonly time: string; readonly source: string; readonly imageClock: string | null; readonly warning: string | null };
  readonly caseId: string | null;
  readonly examiner: string | null;
  readonly generatedAt: string | null;
  readonly tool: string;
  readonly verdict: { readonly key: Verdict; readonly label: string; readonly headline: string; readonly missing: readonly string[] };
  readonly counts: { readonly severity: Severity; readonly count: number }[];
  readonly grace: string;
  readonly daysLeft: number | null;
  readonly nextSteps: string[];
  readonly findingGroups: { readonly severity: Severity; readonly findings: FindingView[] }[];
  readonly findingCount: number;
  readonly timeline: Timeline | null;
  readonly timelineTable: Table | null;
  readonly facts: { readonly kv: KvSection[]; readonly tables: Table[] };
  /** What the registry cannot show (AD membership, LS activation, CAL packs, credentials, termsrv.dll patches). */
  readonly notDetectable: NotDetectableSection;
  readonly inputs: Table;
  /** Files beside this host's inputs (same folder or archive) that were not used, with why. */
  readonly ignored: Table;
  readonly anomalies: Table;
  readonly anomalyNote: string;
  readonly rules: { readonly passed: string; readonly tables: Table[] };
}

const COVERAGE_LABELS: Record<CoverageStatus, string> = {
  present: 'present',
  absent: 'absent',
  'not-supplied': 'not supplied',
  'not-exported': 'not in the export',
  'not-exportable': 'never in a live export',
  unreadable: 'could not be read',
};

/** Evidence tables longer than this are folded in Markdown. */
const LONG_EVIDENCE_ROWS = 4;
/** Remediation steps quoted in the verdict box. */
const MAX_NEXT_STEPS = 5;

export function worstSeverity(host: HostReport): Severity | null {
  let worst: Severity | null = null;
  for (const f of host.findings) if (worst === null || severityRank(f.severity) < severityRank(worst)) worst = f.severity;
  return worst;
}

export function worstFinding(host: HostReport): ReportFinding | null {
  let worst: ReportFinding | null = null;
  for (const f of host.findings) if (worst === null || severityRank(f.severity) < severityRank(worst.severity)) worst = f;
  return worst;
}

/** The host's verdict status (src/analysis/verdict.ts decides it). */
export function verdictOf(host: HostReport): Verdict {
  return host.verdict.status;
}

/** One sentence on the grace period: when it ends or ended, how that is known, and how many days are left. */
export function graceSummary(host: HostReport): string {
  const g = host.facts.gracePeriod;
  const rdsh = host.facts.roles.rdsh.value;
  if (rdsh === false) return 'Not an RD Session Host: the licensing grace period does not apply.';
  if (g.end) {
    const how = g.endKind === 'decoded' ? 'decrypted from the timebomb' : 'estimated from the GracePeriod key LastWrite + 120 days';
    const past = host.asOf.time !== null && Date.parse(g.end) <= Date.parse(host.asOf.time);
    const when = past ? `ended ${fmt.displayDate(g.end)}` : `ends ${fmt.displayDate(g.end)}`;
    const left = g.daysLeft === null ? '' : past ? `; ${fmt.daysBetween(g.end, host.asOf.time)} days before the image time` : `; ${g.daysLeft} days left as of ${fmt.displayDate(host.asOf.time)}`;
    const lic = host.facts.licensing;
    const configured = past && lic.effectiveMode.source !== 'none' && lic.effectiveServers.servers.length > 0;
    const x509 = host.facts.certificates.rcm.some((c) => c.name.toUpperCase() === 'X509 CERTIFICATE' && c.size > 0);
    const note = !configured ? '' : x509 ? ' A licensing mode and license server are configured, so this matters only if that server cannot issue CALs.' : ' A licensing mode and license server are configured, but no license server has ever issued this host a certificate (no X509 Certificate).';
    return `Grace period ${when} (${how})${left}.${note}`;
  }
  const gc = areaCoverage(host.facts.coverage, 'system:grace-period');
  if (!g.keyPresent && gc.status === 'not-exportable') return 'Grace period unknown: the GracePeriod key is never in a live export (its ACL hides it from administrators); its absence here says nothing about a reset.';
  if (!g.keyPresent && gc.status !== 'absent') return `Grace period unknown: ${gc.detail}.`;
  if (g.futureDated) return `Grace period end unknown: the GracePeriod key is dated ${fmt.displayDate(g.futureDated.lastWrite)}, after the image clock (a reset with the clock moved forward), and the timebomb was not decrypted.`;
  if (!g.keyPresent) return 'No GracePeriod key: the grace period end cannot be told (deleted, reset, or the session host never started).';
  return 'Grace period end unknown: the GracePeriod key has no LastWrite in these inputs (.reg export) and the timebomb was not decrypted.';
}

function nextSteps(host: HostReport): string[] {
  const steps: string[] = [];
  for (const f of [...host.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))) {
    if (f.severity === 'info' || f.severity === 'low') continue;
    const step = f.remediation[0];
    if (step && !steps.includes(step)) steps.push(step);
    if (steps.length === MAX_NEXT_STEPS) break;
  }
  return steps;
}

function valueLabel(p: Provenance): string {
  if (p.valueName === undefined) return '';
  return p.valueName === '' ? '(default)' : p.valueName;
}

export function evidenceTable(id: string, rows: readonly Provenance[]): Table {
  return {
    id,
    title: 'Evidence',
    columns: [{ name: 'Input', mono: true }, { name: 'Key path', mono: true }, { name: 'Value', mono: true }, { name: 'Data', mono: true }, { name: 'LastWrite', nowrap: true }],
    rows: rows.map((p) => [p.input, p.keyPath, valueLabel(p), p.data ?? '', fmt.displayTime(p.lastWrite)]),
    empty: 'No registry evidence: the finding is about values that are absent.',
  };
}

function findingView(f: ReportFinding, n: number, overrides: HostReport['severityOverrides']): FindingView {
  const anchor = `finding-${n}`;
  return {
    anchor,
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    evidence: evidenceTable(`${anchor}-evidence`, f.evidence),
    longEvidence: f.evidence.length > LONG_EVIDENCE_ROWS,
    remediation: f.remediation,
    // Only https links become anchors; anything else is printed as text.
    references: f.references.map((url) => ({ url, link: /^https:\/\/[^\s"'<>]+$/.test(url) })),
    severityNote: ((o) => (o ? `severity set by configuration (the rule's own: ${o.defaultSeverity})` : ''))(overrides?.find((o) => o.ruleId === f.ruleId)),
  };
}

/** The coverage wording of an area the inputs cannot tell ("not in the export", "could not be read"), else null. */
function unknownArea(host: HostReport, area: EvidenceArea): string | null {
  const c = areaCoverage(host.facts.coverage, area);
  return c.status === 'present' || c.status === 'absent' ? null : COVERAGE_LABELS[c.status];
}

function identity(host: HostReport): { header: HostView['header']; section: KvSection } {
  const id = host.facts.identity;
  const os = [id.productName?.value, id.editionId?.value, id.displayVersion?.value].filter(Boolean).join(' · ');
  const build = id.currentBuild ? `${id.currentBuild.value}${id.ubr ? `.${id.ubr.value}` : ''}` : '';
  const release = id.serverRelease ? `${id.serverRelease.name}${id.serverRelease.approximate ? ' (nearest known release)' : ''}; needs ${id.serverRelease.calVersion} CALs or newer` : '';
  const tcpip = unknownArea(host, 'system:tcpip');
  const joined = id.domain.joined === null || (id.domain.joined === false && tcpip) ? 'membership unknown' : id.domain.joined ? 'domain-joined' : 'workgroup';
  const confidence = id.domain.confidence === 'none' ? '' : `, ${id.domain.confidence} confidence`;
  const domain = tcpip && !id.dnsDomain ? `unknown (${tcpip})` : `${id.dnsDomain?.value ?? 'no DNS domain'} (${joined}${confidence})`;
  const rows: Row[] = [
    { label: 'Host name', value: host.hostname },
    { label: 'Computer name', value: id.computerName?.value ?? '' },
    { label: 'Operating system', value: os || 'unknown' },
    { label: 'Build', value: build || 'unknown' },
    { label: 'Product type', value: `${id.productType?.value ?? 'unknown'} (${id.sku})` },
    { label: 'Server release', value: release || 'n/a' },
    { label: 'Domain', value: domain },
    { label: 'Installed', value: fmt.displayTime(id.installDate?.value) || 'unknown' },
    { label: 'RD Session Host', value: `${fmt.yesNo(host.facts.roles.rdsh.value)} (${host.facts.roles.rdsh.basis})` },
  ];
  if (host.label !== host.hostname) rows.push({ label: 'Input label', value: host.label });
  return { header: { os: os || 'unknown', build: build || 'unknown', domain }, section: { id: 'facts-host', title: 'Host', rows } };
}

function table(id: string, title: string, columns: (string | Column)[], rows: string[][], empty: string): Table {
  return { id, title, columns: columns.map((c) => (typeof c === 'string' ? { name: c } : c)), rows, empty };
}

const mono = (name: string): Column => ({ name, mono: true });

function factSections(host: HostReport): { kv: KvSection[]; tables: Table[] } {
  const f = host.facts;
  const lic = f.licensing;
  const ls = f.roles.licenseServer;
  const conn = f.connection;
  const serverList = (s: readonly string[]) => (s.length ? s.join(', ') : 'none');
  const kv: KvSection[] = [
    {
      id: 'facts-licensing',
      title: 'Licensing mode and license servers',
      rows: [
        { label: 'Effective mode', value: lic.effectiveMode.source === 'none' ? 'not configured' : `${lic.effectiveMode.name}${lic.effectiveMode.value !== null ? ` (${lic.effectiveMode.value})` : ''}, from ${lic.effectiveMode.source}` },
        { label: lic.localModeValue === 'PolicyAcOn' ? 'Local mode (Licensing Core PolicyAcOn, Server 2003)' : 'Local mode (RCM\\Licensing Core)', value: lic.localMode ? fmt.licensingMode(lic.localMode.value) : 'not set' },
        { label: 'Policy mode', value: lic.policyMode ? fmt.licensingMode(lic.policyMode.value) : 'not set' },
        { label: 'Effective license servers', value: `${serverList(lic.effectiveServers.servers)}${lic.effectiveServers.source === 'none' ? '' : ` (from ${lic.effectiveServers.source})`}` },
        { label: 'Policy license servers', value: lic.policyServers ? serverList(lic.policyServers.servers) : 'not set' },
        { label: 'Local license servers', value: lic.localServers.length ? lic.localServers.map((l) => `${serverList(l.servers)} (${l.form}${l.valueType ? `, ${l.valueType}` : ''})`).join('; ') : 'not set' },
        { label: 'Misplaced SpecifiedLicenseServers (ignored)', value: lic.misplacedServers ? serverList(lic.misplacedServers.servers) : 'none' },
        { label: 'List names this host', value: fmt.yesNo(lic.listsSelf) },
        { label: 'Hide licensing notifications (policy)', value: fmt.flag(lic.policies.hideTooltip) },
        { label: 'Prevent license upgrade (policy)', value: fmt.flag(lic.policies.preventLicenseUpgrade) },
        { label: 'License server security group (policy)', value: fmt.flag(lic.policies.secureLicensing) },
        { label: 'Control set', value: `${f.controlSet.name ?? 'none'} (${f.controlSet.source})` },
        { label: 'As of', value: `${fmt.displayTime(host.asOf.time) || 'unknown'} (${fmt.asOfSource(host.asOf.source)})` },
      ],
    },
    {
      id: 'facts-connections',
      title: 'Connection settings',
      rows: [
        { label: 'Deny RDP connections (fDenyTSConnections)', value: fmt.effective(conn.denyTSConnections) },
        { label: 'One session per user (fSingleSessionPerUser)', value: fmt.effective(conn.singleSessionPerUser) },
        { label: 'EnableConcurrentSessions', value: fmt.flag(conn.enableConcurrentSessions) },
        { label: 'AllowMultipleTSSessions', value: fmt.flag(conn.allowMultipleTSSessions) },
      ],
    },
    {
      id: 'facts-grace',
      title: 'Grace period',
      rows: [
        { label: 'GracePeriod key', value: f.gracePeriod.keyPresent ? (f.gracePeriod.keyPath ?? 'present') : (unknownArea(host, 'system:grace-period') ?? 'absent') },
        { label: 'Key LastWrite', value: fmt.displayTime(f.gracePeriod.keyLastWrite) || 'unknown' },
        { label: 'Timebomb value', value: f.gracePeriod.timebomb ? `${f.gracePeriod.timebomb.valueName} (${f.gracePeriod.timebomb.size} bytes, ${f.gracePeriod.timebomb.dpapi ? `DPAPI blob, master key ${f.gracePeriod.timebomb.masterKeyGuid ?? 'unknown'}` : 'not a DPAPI blob'})` : 'absent' },
        { label: 'Grace end', value: f.gracePeriod.end ? `${fmt.displayTime(f.gracePeriod.end)} (${f.gracePeriod.endKind})` : 'unknown' },
        { label: 'Days left', value: f.gracePeriod.daysLeft === null ? 'unknown' : String(f.gracePeriod.daysLeft) },
        { label: 'Key owner', value: f.gracePeriod.acl ? `${f.gracePeriod.acl.ownerAccount}${f.gracePeriod.acl.ownerNormal ? '' : ' (unusual)'}` : 'not available' },
        { label: 'Tamper signals', value: f.gracePeriod.acl?.tamperSignals.join('; ') || 'none' },
        ...(f.gracePeriod.decryptFailure ? [{ label: 'Decryption', value: `failed: ${f.gracePeriod.decryptFailure.reason}` }] : []),
      ],
    },
    {
      id: 'facts-client',
      title: 'Client license store (MSLicensing)',
      rows: [
        { label: 'MSLicensing key', value: unknownArea(host, 'software:mslicensing') ?? fmt.yesNo(f.client.msLicensingPresent) },
        { label: 'HardwareID', value: f.client.hardwareId ? (f.client.hardwareId.present ? `${f.client.hardwareId.size ?? '?'} bytes` : 'absent') : 'absent' },
        { label: 'Store key', value: fmt.yesNo(f.client.storePresent) },
        { label: 'ACL checked', value: fmt.yesNo(f.client.aclChecked) },
      ],
    },
  ];

  const tables: Table[] = [
    table(
      'facts-listeners',
      'RDP listeners',
      ['Listener', 'Port', 'Security layer', 'Network Level Authentication'],
      conn.listeners.map((l) => [l.name, l.port ? String(l.port.value) : 'default', fmt.effective(l.securityLayer, fmt.securityLayer), fmt.effective(l.userAuthentication, fmt.nla)]),
      'No WinStations listener keys found.',
    ),
    table(
      'facts-services',
      'Services',
      ['Service', 'Installed', 'Start', mono('ImagePath'), mono('ServiceDll'), 'Notes'],
      [
        [
          'TermService (Remote Desktop Services)',
          unknownArea(host, 'system:termservice') ?? fmt.yesNo(f.termService.present),
          fmt.serviceStart(f.termService.start),
          f.termService.imagePath?.value ?? '',
          f.termService.serviceDll?.value ?? '',
          [f.termService.serviceDllStandard === false ? 'non-standard ServiceDll' : '', f.termService.rdpWrapper ? 'RDP Wrapper' : '', f.termService.imagePathSvchost === false ? 'ImagePath is not svchost' : ''].filter(Boolean).join('; '),
        ],
        [
          'TermServLicensing (Remote Desktop Licensing)',
          unknownArea(host, 'system:termservlicensing') ?? fmt.yesNo(ls.installed),
          fmt.serviceStart(ls.start),
          ls.imagePath?.value ?? '',
          ls.serviceDll?.value ?? '',
          ls.disableWorkgroupAuthEnforcement ? `DisableWorkgroupAuthEnforcement = ${ls.disableWorkgroupAuthEnforcement.value}` : '',
        ],
      ],
      '',
    ),
    table(
      'facts-peers',
      'License servers among the analysed hosts',
      ['Listed as', 'Host', 'Build', 'Release', 'RD Licensing installed'],
      (f.licenseServerPeers ?? []).map((p) => [p.name, p.alsoMatching ? `${p.hostname} (and ${p.alsoMatching} more analysed ${p.alsoMatching === 1 ? 'host' : 'hosts'} with the same facts)` : p.hostname, p.build === null ? '' : String(p.build), p.release ?? '', fmt.yesNo(p.serviceInstalled)]),
      f.licenseServerPeers === null ? 'This host was analysed alone.' : 'None of the other analysed hosts is on this host’s license server list.',
    ),
    table(
      'facts-client-licenses',
      'Client licenses (MSLicensing\\Store)',
      ['License', 'ClientLicense size', 'Company', 'Product', 'Scope', 'Certificate', 'Valid', 'Temporary'],
      f.client.licenses.map((l) => [
        l.name,
        l.clientLicenseSize === null ? 'missing' : `${l.clientLicenseSize} bytes`,
        l.companyName ?? '',
        l.productId ?? '',
        l.scope ?? '',
        l.certificates.map((c) => `${c.subject} issued by ${c.issuer}`).join('; '),
        l.certificates.map((c) => `${fmt.displayDate(c.notBefore)} – ${fmt.displayDate(c.notAfter)}`).join('; '),
        fmt.yesNo(l.temporary),
      ]),
      'No client licenses stored.',
    ),
    table('facts-client-acl', 'Client store ACL problems', [mono('Key'), 'Problem'], f.client.aclProblems.map((a) => [a.keyPath, a.detail]), !f.client.msLicensingPresent ? 'No MSLicensing key.' : f.client.aclChecked ? 'None.' : 'Not checked (no security descriptors in these inputs).'),
    table(
      'facts-rdp-history',
      'RDP servers users connected to',
      ['User', mono('Input'), 'Server', 'Source', 'Username hint', 'LastWrite'],
      f.client.rdpHistory.flatMap((u) => [
        ...u.servers.map((s) => [u.user, u.input, s.host, 'Servers', s.usernameHint ?? '', fmt.displayTime(s.lastWrite)]),
        ...u.mru.map((m) => [u.user, u.input, m.server, `Default\\${m.name}`, '', '']),
      ]),
      'No Remote Desktop Connection history in the user hives supplied.',
    ),
    table(
      'facts-certificates',
      'RCM certificates',
      ['Value', 'Size', 'Subject', 'Issuer', 'Not after', 'Problem'],
      [...f.certificates.rcm, ...(f.certificates.legacy ? [f.certificates.legacy] : [])].map((c) => [
        c.name,
        `${c.size} bytes`,
        c.certificates.map((x) => x.subject).join('; '),
        c.certificates.map((x) => x.issuer).join('; '),
        c.certificates.map((x) => fmt.displayDate(x.notAfter)).join('; '),
        c.decodeError ?? '',
      ]),
      f.certificates.missing.length ? `None present (missing: ${f.certificates.missing.join(', ')}).` : 'None present.',
    ),
    table('facts-domain', 'Domain membership signals', ['Signal', 'Strength', 'Detail'], f.identity.domain.signals.map((s) => [s.signal, s.strength, s.detail]), 'No domain membership signal.'),
    table(
      'facts-drift',
      'Licensing values that differ from LastKnownGood',
      [mono('Path'), mono('Value'), 'Current', 'LastKnownGood'],
      f.controlSet.drift.map((d) => [d.path, d.valueName, d.current ?? 'absent', d.lastKnownGood ?? 'absent']),
      'No drift.',
    ),
    table('facts-tasks', `Scheduled tasks matching grace-period resets (${f.tasks.scanned} scanned)`, [mono('Task'), 'Matched', mono('Actions')], f.tasks.resetTasks.map((t) => [t.path, t.matched, t.actions.join('; ')]), 'None.'),
    table(
      'facts-tool-executions',
      `Known tamper tools in execution evidence (searched: ${f.tamper.executionSources.length ? f.tamper.executionSources.join(', ') : 'none in the evidence'}; by file name only, a renamed binary is not recognised)`,
      ['Tool', 'Artifact', mono('Path'), { name: 'Time', nowrap: true }, 'Time basis', 'User'],
      f.tamper.executions.map((e) => [e.tool.name, e.artifact, e.path, fmt.displayTime(e.time) || '—', e.timeBasis, e.user ?? '']),
      'None.',
    ),
    table(
      'facts-followed-scripts',
      `Scripts and .reg files followed into the image (${f.tamper.machineFiles} files of the machine; read, never executed)`,
      [mono('File'), mono('Reached by'), 'What it does', mono('SHA-256')],
      [
        ...f.tamper.scripts.map((s) => [
          s.windowsPath,
          s.chain.slice(0, -1).join(' → '),
          [...s.lines.map((l) => `line ${l.line}: ${l.action}`), ...(s.problem ? [s.problem] : [])].join('; ') || 'nothing licensing-related',
          s.sha256,
        ]),
        ...f.tamper.unresolved.map((u) => [u.target, u.from, u.reason, '']),
      ],
      f.tamper.machineFiles === 0 ? 'The evidence holds no files of the machine (not an image root, KAPE tree or collection): nothing was followed.' : 'No task, Run value or script-host service names a script.',
    ),
    table(
      'facts-deleted',
      'Deleted licensing records recovered',
      ['Kind', mono('Key path'), mono('Value'), 'Offset', 'Note'],
      f.deleted.records.map((d) => [d.kind, d.keyPath, d.valueName ?? '', `0x${d.offset.toString(16)}`, d.note]),
      f.deleted.checked ? 'None.' : 'Deleted-record recovery did not run.',
    ),
    table('facts-notes', 'Notes from the analysis', ['Note'], f.notes.map((n) => [n.message]), 'None.'),
  ];
  return { kv, tables };
}

function inputsTable(host: HostReport): Table {
  return table(
    'inputs-table',
    'Inputs',
    [mono('File'), 'Hive', 'Format', 'Size', mono('SHA-256'), 'State', 'Logs applied', 'Anomalies'],
    host.inputs.map((i) => [
      i.originalPath !== undefined ? `${i.path} (collected from ${i.originalPath})` : i.path,
      i.kind,
      i.format,
      fmt.displaySize(i.size),
      i.sha256,
      (i.format === 'reg' ? 'text export' : i.dirty ? (i.logsMissing ? 'dirty, logs missing' : 'dirty') : 'clean') + (i.unused !== undefined ? `; not used: ${i.unused}` : ''),
      i.logsApplied.map((l) => `${l.path} (${l.format}, ${l.entries} entries, SHA-256 ${l.sha256})`).join('; ') || 'none',
      String(i.anomalies),
    ]),
    'No inputs.',
  );
}

const IGNORED_ROWS = 100;

/** Where a host's inputs live: the folder they share, or the archive (`x.zip!/`) they come from. */
function sourcePrefix(host: HostReport): string | null {
  const paths = host.inputs.map((i) => i.path);
  if (paths.length === 0) return null;
  let common = paths[0];
  for (const p of paths) while (!p.startsWith(common)) common = common.slice(0, -1);
  const archive = common.indexOf('!/');
  if (archive >= 0) return common.slice(0, archive + 2);
  const cut = Math.max(common.lastIndexOf('/'), common.lastIndexOf('\\'));
  return cut >= 0 ? common.slice(0, cut + 1) : '';
}

/** The run's ignored files that lie beside this host's inputs. */
export function ignoredFor(report: Report, host: HostReport): NonNullable<Report['ignored']> {
  const prefix = sourcePrefix(host);
  return prefix === null ? [] : (report.ignored ?? []).filter((i) => i.path.startsWith(prefix));
}

function ignoredTable(report: Report, host: HostReport): Table {
  const all = ignoredFor(report, host);
  const rows = all.slice(0, IGNORED_ROWS).map((i) => [i.path, i.reason]);
  if (all.length > IGNORED_ROWS) rows.push([`… ${all.length - IGNORED_ROWS} more`, 'report.json lists every ignored file']);
  return table('ignored-files', `Files not used (${all.length})`, [mono('File'), 'Why'], rows, '');
}

function anomaliesTable(host: HostReport): Table {
  return table(
    'anomalies-table',
    'Anomalies met while reading',
    [mono('File'), 'Code', 'Message', 'Location'],
    host.facts.hiveState.flatMap((h) => h.damage.map((d) => [h.path, d.code, d.message, d.offset !== undefined ? `offset 0x${d.offset.toString(16)}` : d.line !== undefined ? `line ${d.line}` : ''])),
    'No structural damage met.',
  );
}

function rulesTables(host: HostReport): { passed: string; tables: Table[] } {
  return {
    passed: host.passed.join(', ') || 'none',
    tables: [
      table(
        'evidence-coverage',
        'Evidence coverage: what these inputs can tell',
        ['Area', 'Status', 'Detail'],
        host.facts.coverage.areas.map((a) => [a.area, COVERAGE_LABELS[a.status], a.detail]),
        'None.',
      ),
      table('rules-not-applicable', `Not applicable (${host.notApplicableReasons.length})`, [mono('Rule'), 'Reason'], host.notApplicableReasons.map((n) => [n.ruleId, n.reason]), 'None.'),
      table('rules-not-checkable', `Not checkable (${host.notCheckable.length})`, [mono('Rule'), 'Reason'], host.notCheckable.map((n) => [n.ruleId, n.reason]), 'None.'),
      table('rules-suppressed', `Suppressed (${host.suppressed.length})`, [mono('Rule'), 'Severity', 'Finding', 'Reason'], host.suppressed.map((s) => [s.ruleId, s.severity, s.title, s.reason]), 'None.'),
      table('rules-errors', `Errors (${host.errors.length})`, [mono('Rule'), 'Message'], host.errors.map((e) => [e.ruleId, e.message]), 'None.'),
      table('rules-disabled', `Disabled by configuration (${host.disabled.length})`, [mono('Rule')], host.disabled.map((d) => [d]), 'None.'),
      table('rules-severity-changed', `Severity changed by configuration (${host.severityOverrides?.length ?? 0})`, [mono('Rule'), 'Severity', "Rule's own severity"], (host.severityOverrides ?? []).map((o) => [o.ruleId, o.severity, o.defaultSeverity]), 'None.'),
    ],
  };
}

export function hostView(report: Report, hostIndex: number, options: RenderOptions = {}): HostView {
  const host = report.hosts[hostIndex];
  if (!host) throw new RangeError(`host index ${hostIndex} is outside 0..${report.hosts.length - 1}`);
  const verdict = verdictOf(host);
  const ordered = [...host.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  let n = 0;
  const findingGroups = SEVERITIES.map((severity) => ({ severity, findings: ordered.filter((f) => f.severity === severity).map((f) => findingView(f, ++n, host.severityOverrides)) })).filter((g) => g.findings.length > 0);
  const timeline = buildTimeline(host);
  const ident = identity(host);
  return {
    hostname: host.hostname,
    label: host.label,
    header: ident.header,
    identity: ident.section,
    asOf: asOfView(host),
    caseId: options.caseId ?? null,
    examiner: options.examiner ?? null,
    generatedAt: options.generatedAt ?? null,
    tool: `${report.tool.name} ${report.tool.version}`,
    verdict: { key: verdict, label: VERDICT_LABELS[verdict], headline: host.verdict.summary, missing: host.verdict.missing },
    counts: SEVERITIES.map((severity) => ({ severity, count: host.summary[severity] ?? 0 })),
    grace: graceSummary(host),
    daysLeft: host.facts.gracePeriod.daysLeft,
    nextSteps: nextSteps(host),
    findingGroups,
    findingCount: ordered.length,
    timeline,
    timelineTable: timeline
      ? table('timeline-dates', 'Dates', ['Event', { name: 'Date', nowrap: true }, 'Basis'], timeline.points.map((p) => [p.label, p.display, p.basis]), '')
      : null,
    facts: factSections(host),
    notDetectable: NOT_DETECTABLE,
    inputs: inputsTable(host),
    ignored: ignoredTable(report, host),
    anomalies: anomaliesTable(host),
    anomalyNote: 'Warnings and errors are listed; the Anomalies column of Inputs counts every anomaly, informational ones included.',
    rules: rulesTables(host),
  };
}

/** The clock used, and beside an explicit --as-of the image's own clock with a warning when they differ. */
function asOfView(host: HostReport): HostView['asOf'] {
  const a = host.asOf;
  const base = { time: fmt.displayTime(a.time) || 'unknown', source: fmt.asOfSource(a.source) };
  if (a.source !== 'option') return { ...base, imageClock: null, warning: null };
  const image = a.imageClock.time ? `${fmt.displayTime(a.imageClock.time)} (${fmt.asOfSource(a.imageClock.source)})` : 'none in the inputs';
  const warning = a.differsDays !== null ? `--as-of differs from the image clock by ${a.differsDays} day(s): day counts follow --as-of.` : null;
  return { ...base, imageClock: image, warning };
}
