/**
 * The typed facts snapshot of one host (Lighthouse "artifacts"): gatherers fill it from the hives, rules read only
 * it. Every registry-derived fact carries its provenance so a finding can cite file, key, value and LastWrite.
 * Plain JSON data only (ISO strings, numbers, arrays), so the report can embed it as is and stay deterministic.
 */

/** Where a fact came from: one evidence row of the report. */
export interface Provenance {
  /** Input file path, as the user gave it. */
  readonly input: string;
  /** Full key path starting with the hive name, e.g. `SYSTEM\ControlSet001\Control\Terminal Server\RCM`. */
  readonly keyPath: string;
  /** Value name ('' = default value); absent when the row is about the key itself. */
  readonly valueName?: string;
  /** Display form of the value data (or a note about the key); null when there is none. */
  readonly data: string | null;
  /** Key LastWrite as ISO 8601, or null where the input carries none (.reg) or the key is absent. */
  readonly lastWrite: string | null;
}

/** A value read from the registry, with the rows that prove it. */
export interface Fact<T> {
  readonly value: T;
  readonly evidence: Provenance[];
}

/** A setting that a policy can override: `eff(x)` of the catalog. */
export interface Effective<T> {
  readonly value: T | null;
  readonly source: 'policy' | 'local' | 'none';
  readonly local: Fact<T> | null;
  readonly policy: Fact<T> | null;
}

export interface Capabilities {
  readonly lastWrite: boolean;
  readonly security: boolean;
  readonly className: boolean;
}

export interface HiveSummary {
  readonly role: 'system' | 'software' | 'security' | 'sam' | 'user';
  readonly path: string;
  readonly format: 'regf' | 'reg';
  readonly capabilities: Capabilities;
}

// ---------------------------------------------------------------------------------------------------------------

export interface ControlSetFacts {
  /** Key name used as the current control set (`ControlSet001`, `CurrentControlSet`), null when none. */
  readonly name: string | null;
  readonly source: 'select-current' | 'current-control-set' | 'lowest-numbered' | 'none';
  readonly select: {
    readonly current: number | null;
    readonly default: number | null;
    readonly lastKnownGood: number | null;
    readonly failed: number | null;
  };
  readonly lastKnownGoodName: string | null;
  /** Every `ControlSetNNN` key present, sorted. */
  readonly available: string[];
  /** Licensing values that differ between the current and the LastKnownGood set. */
  readonly drift: DriftEntry[];
  readonly evidence: Provenance[];
}

export interface DriftEntry {
  /** Path relative to the control set, e.g. `Control\Terminal Server\RCM\Licensing Core`. */
  readonly path: string;
  readonly valueName: string;
  readonly current: string | null;
  readonly lastKnownGood: string | null;
  readonly evidence: Provenance[];
}

export interface ImageClock {
  /** The image's own clock as ISO 8601, or null when the image gives none. */
  readonly time: string | null;
  readonly source: 'shutdown-time' | 'newest-system-lastwrite' | 'none';
  readonly evidence: Provenance[];
}

export interface AsOfFacts {
  /** The clock the day counts use as ISO 8601 (an explicit --as-of, else the image clock), or null. */
  readonly time: string | null;
  readonly source: 'shutdown-time' | 'newest-system-lastwrite' | 'option' | 'none';
  readonly evidence: Provenance[];
  /** The image's own clock, shown beside an explicit --as-of. */
  readonly imageClock: ImageClock;
  /** Newest key LastWrite in SYSTEM, GracePeriod keys excluded (a second clock for future-dated keys). */
  readonly newestLastWrite: { readonly time: string; readonly evidence: Provenance[] } | null;
  /** Whole days between --as-of and the image clock when they differ by more than a day; else null. */
  readonly optionDiffersDays: number | null;
}

export interface DomainSignal {
  readonly signal: 'domain-controller' | 'primary-domain-sid' | 'group-policy-dn' | 'netlogon-site' | 'dns-suffix';
  readonly strength: 'strong' | 'medium' | 'weak';
  readonly detail: string;
  readonly evidence: Provenance[];
}

export interface IdentityFacts {
  readonly computerName: Fact<string> | null;
  readonly hostname: Fact<string> | null;
  readonly dnsDomain: Fact<string> | null;
  /** `WinNT` client, `ServerNT` server, `LanmanNT` domain controller. */
  readonly productType: Fact<string> | null;
  readonly productName: Fact<string> | null;
  readonly editionId: Fact<string> | null;
  readonly installationType: Fact<string> | null;
  readonly displayVersion: Fact<string> | null;
  readonly currentBuild: Fact<number> | null;
  readonly ubr: Fact<number> | null;
  /** OS install time (InstallDate epoch seconds, or InstallTime FILETIME) as ISO. */
  readonly installDate: Fact<string> | null;
  /** IPv4 addresses of the host's interfaces (Tcpip\Parameters\Interfaces\{GUID} IPAddress / DhcpIPAddress). */
  readonly addresses: Fact<string>[];
  /** `client` for WinNT / InstallationType Client, `server` otherwise when known. */
  readonly sku: 'client' | 'server' | 'unknown';
  /** Windows Server release and required RDS CAL version, from the build number. */
  readonly serverRelease: ServerRelease | null;
  readonly domain: {
    readonly joined: boolean | null;
    readonly confidence: 'high' | 'medium' | 'low' | 'none';
    readonly signals: DomainSignal[];
  };
}

export interface ServerRelease {
  readonly build: number;
  readonly name: string;
  /** e.g. `RDS 2019`; the host needs CALs of this version or newer. */
  readonly calVersion: string;
  /** True when the build is not one of the LTSC server builds and the mapping is the nearest older one. */
  readonly approximate: boolean;
}

export interface ComponentState {
  readonly name: string;
  readonly installState: number | null;
  readonly evidence: Provenance[];
}

export interface RoleFacts {
  /**
   * Is the host an RD Session Host (an RDS CAL host)? null when it cannot be told from the inputs. False on
   * Windows Enterprise multi-session, which hosts many sessions but is licensed per user through Windows.
   */
  readonly rdsh: { readonly value: boolean | null; readonly basis: string; readonly evidence: Provenance[] };
  /** Best estimate of when the RDSH role was installed (component key LastWrite, else OS install date). */
  readonly rdshInstalledAt: { readonly time: string; readonly basis: string; readonly evidence: Provenance[] } | null;
  /** Windows Enterprise multi-session (Azure Virtual Desktop): the third role state, no RDS CALs; null otherwise. */
  readonly multiSession: { readonly edition: string; readonly evidence: Provenance[] } | null;
  readonly components: ComponentState[];
  readonly tsAppCompat: Fact<number> | null;
  readonly licenseServer: LicenseServerRoleFacts;
}

export interface LicenseServerRoleFacts {
  /** `Services\TermServLicensing` exists. */
  readonly installed: boolean;
  /** ServerComponentCache `RDS-Licensing` InstallState (1 installed, 0 not), null when not recorded (2008 R2, no SOFTWARE). */
  readonly component: ComponentState | null;
  readonly start: Fact<number> | null;
  readonly imagePath: Fact<string> | null;
  readonly serviceDll: Fact<string> | null;
  readonly disableWorkgroupAuthEnforcement: Fact<number> | null;
  readonly runAsRtm: Fact<number> | null;
  /** The group the "License server security group" policy admits, read from this host's SAM; null without SAM. */
  readonly securityGroup: SecurityGroupFacts | null;
  readonly evidence: Provenance[];
}

export interface SecurityGroupFacts {
  /** `RDS Endpoint Servers` (S-1-5-32-576, Server 2012 and later) or `Terminal Server Computers` (up to 2008 R2). */
  readonly name: string;
  /** The alias was found in the SAM hive. */
  readonly found: boolean;
  readonly memberCount: number | null;
  readonly members: string[];
  readonly evidence: Provenance[];
}

export interface ServerList {
  /** The names: non-blank elements with surrounding blanks removed (what the rules compare); never split further. */
  readonly servers: string[];
  /**
   * The elements exactly as stored: MULTI_SZ items (empty ones included), the one item of a REG_SZ, or the policy
   * text split on commas (the only separator the Group Policy field documents).
   */
  readonly raw: string[];
  /** Registry type of the value (`REG_MULTI_SZ`, `REG_SZ`…); null for lists made of subkeys. */
  readonly valueType: string | null;
  /** `misplaced`: SpecifiedLicenseServers directly under TermService\Parameters, which Windows ignores (audit A6). */
  readonly form: 'policy' | 'specified' | 'misplaced' | 'legacy-subkeys' | 'default-license-server';
  readonly evidence: Provenance[];
}

export interface LicensingFacts {
  /**
   * Local mode: `RCM\Licensing Core\LicensingMode`, or on Windows Server 2003 (builds < 6000)
   * `Terminal Server\Licensing Core\PolicyAcOn` (2 Per Device, 4 Per User); value null when not a DWORD.
   */
  readonly localMode: Fact<number | null> | null;
  /** Which value holds the local mode on this build. */
  readonly localModeValue: 'LicensingMode' | 'PolicyAcOn';
  readonly policyMode: Fact<number | null> | null;
  readonly effectiveMode: {
    readonly value: number | null;
    readonly name: string;
    readonly source: 'policy' | 'local' | 'none';
    readonly evidence: Provenance[];
  };
  readonly localServers: ServerList[];
  readonly policyServers: ServerList | null;
  /** SpecifiedLicenseServers at the location of an old article (TermService\Parameters): read by no Windows. */
  readonly misplacedServers: ServerList | null;
  readonly effectiveServers: { readonly servers: string[]; readonly source: 'policy' | 'local' | 'none'; readonly evidence: Provenance[] };
  /** Effective list names this host (ComputerName, Hostname or FQDN). */
  readonly listsSelf: boolean;
  readonly policies: {
    readonly hideTooltip: Fact<number> | null;
    readonly preventLicenseUpgrade: Fact<number> | null;
    readonly secureLicensing: Fact<number> | null;
  };
}

export interface TimebombFacts {
  readonly valueName: string;
  readonly variant: 'rtm' | 'beta';
  readonly size: number;
  /** Starts with DPAPI version 1 + provider GUID df9d8cd0-1501-11d1-8c7a-00c04fc297eb. */
  readonly dpapi: boolean;
  /** guidMasterKey of the blob, when the header is long enough. */
  readonly masterKeyGuid: string | null;
  readonly evidence: Provenance[];
}

export interface AceSummary {
  readonly type: string;
  readonly sid: string | null;
  readonly account: string;
  readonly mask: number;
  readonly inherited: boolean;
  /** Grants a right that lets the holder change the key (set value, delete, WRITE_DAC/OWNER, generic). */
  readonly write: boolean;
}

export interface GraceAcl {
  readonly owner: string | null;
  readonly ownerAccount: string;
  readonly ownerNormal: boolean;
  readonly nullDacl: boolean;
  readonly aces: AceSummary[];
  /** Reasons the descriptor looks hand-edited (owner changed, write granted to Administrators or users). */
  readonly tamperSignals: string[];
}

export interface TimebombDecoded {
  /** Decrypted grace end (ISO). */
  readonly end: string;
  /** How it was obtained, e.g. `DPAPI machine key {guid} from SECURITY + S-1-5-18 master key`. */
  readonly derivation: string;
}

export interface GracePeriodFacts {
  readonly keyPresent: boolean;
  readonly keyPath: string | null;
  readonly keyLastWrite: string | null;
  readonly keyEvidence: Provenance[];
  readonly timebomb: TimebombFacts | null;
  readonly acl: GraceAcl | null;
  /** Filled by the DPAPI decoder when the image's machine keys open the blob. */
  readonly decoded?: TimebombDecoded;
  /** Filled by the DPAPI decoder when the keys are present and valid but the blob does not open. */
  readonly decryptFailure?: { readonly reason: string };
  /** Decryption was not possible: what material is missing (e.g. "SECURITY hive not supplied"). */
  readonly decryptUnavailable?: { readonly reason: string };
  /**
   * The key's LastWrite lies more than a day after every clock of the image (ShutdownTime, newest other
   * LastWrite): a reset done with the clock moved forward. Such a key gives no estimate.
   */
  readonly futureDated: { readonly lastWrite: string; readonly clock: string; readonly clockBasis: string; readonly days: number; readonly evidence: Provenance[] } | null;
  /** `LastWrite(GracePeriod) + 120 days`, when the key has a usable (not future-dated) LastWrite. */
  readonly estimatedEnd: string | null;
  /** decoded end when there is one, else the estimate. */
  readonly end: string | null;
  readonly endKind: 'decoded' | 'estimated' | null;
  /** Whole days left as of the image clock: max(0, ceil((end − asOf) / 1 day)). */
  readonly daysLeft: number | null;
}

export interface X509Summary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
}

export interface CertificateValue {
  readonly name: string;
  readonly size: number;
  readonly certificates: X509Summary[];
  /** Why nothing decoded, for the X.509 values. */
  readonly decodeError: string | null;
  readonly evidence: Provenance[];
}

export interface CertificateFacts {
  /** The four RCM values named in Microsoft's certificate refresh procedure, those present. */
  readonly rcm: CertificateValue[];
  readonly missing: string[];
  /** 2003-era `Services\TermService\Parameters\Certificate`. */
  readonly legacy: CertificateValue | null;
}

export interface TermServiceFacts {
  readonly present: boolean;
  readonly start: Fact<number> | null;
  readonly imagePath: Fact<string> | null;
  readonly serviceDll: Fact<string> | null;
  readonly imagePathSvchost: boolean | null;
  readonly serviceDllStandard: boolean | null;
  readonly rdpWrapper: boolean;
  readonly evidence: Provenance[];
}

export interface ListenerFacts {
  readonly name: string;
  readonly port: Fact<number> | null;
  /** Windows' own port for this listener: 3390 for EH-Tcp (Media Center Extenders), else 3389. */
  readonly defaultPort: number;
  readonly securityLayer: Effective<number>;
  readonly userAuthentication: Effective<number>;
  readonly evidence: Provenance[];
}

export interface ConnectionFacts {
  readonly denyTSConnections: Effective<number>;
  readonly singleSessionPerUser: Effective<number>;
  readonly listeners: ListenerFacts[];
  readonly enableConcurrentSessions: Fact<number> | null;
  readonly allowMultipleTSSessions: Fact<number> | null;
}

export interface ClientLicense {
  readonly name: string;
  /** Size of ClientLicense, null when the value is missing. */
  readonly clientLicenseSize: number | null;
  readonly companyName: string | null;
  readonly productId: string | null;
  readonly scope: string | null;
  readonly certificates: X509Summary[];
  /** Heuristic: a certificate whose validity is 90 days ± 12 h (the temporary per-device CAL lifetime). */
  readonly temporary: boolean;
  readonly evidence: Provenance[];
}

export interface ClientFacts {
  readonly msLicensingPresent: boolean;
  readonly hardwareId: { readonly present: boolean; readonly size: number | null; readonly evidence: Provenance[] } | null;
  readonly storePresent: boolean;
  readonly licenses: ClientLicense[];
  /** Keys of the client store whose ACL lets no non-admin group write (MSLicensing, Store). */
  readonly aclProblems: { readonly keyPath: string; readonly detail: string; readonly evidence: Provenance[] }[];
  readonly aclChecked: boolean;
  readonly rdpHistory: UserRdpHistory[];
}

export interface UserRdpHistory {
  readonly user: string;
  readonly input: string;
  readonly mru: { readonly name: string; readonly server: string }[];
  readonly servers: { readonly host: string; readonly usernameHint: string | null; readonly lastWrite: string | null }[];
  readonly evidence: Provenance[];
}

export interface ResetTask {
  readonly path: string;
  readonly actions: string[];
  readonly matched: string;
  /** The task is named after a known reset script (tamper-tools catalog), e.g. `Reset-TSGracePeriod`, `Reset120`. */
  readonly resetName: boolean;
  readonly evidence: Provenance[];
}

export interface TaskFacts {
  readonly scanned: number;
  readonly resetTasks: ResetTask[];
}

/** One action of a scheduled task, as its definition holds it. */
export interface TaskAction {
  /** `strings`: the Actions record read only as its UTF-16 strings (no structure known). */
  readonly kind: 'exec' | 'com' | 'email' | 'message' | 'strings';
  readonly command: string;
  readonly arguments: string;
  readonly workingDirectory: string;
}

/** A command the machine runs by itself: a task action, a Run/RunOnce value, a service whose image is a script host. */
export interface AutoStart {
  /** `task:\Reset120`, `run:SOFTWARE\…\Run\name`, `service:Name`. */
  readonly id: string;
  readonly via: 'task' | 'run' | 'service';
  /** Task path, value name or service name. */
  readonly name: string;
  readonly commandLine: string;
  readonly workingDirectory: string;
  /** What the command line itself does (`powershell -Command "Remove-Item …"`). */
  readonly inline: ScriptLine[];
  /** Catalog tools named by the command line. */
  readonly tools: ToolRef[];
  /** Tasks: when registered and last run (TaskCache DynamicInfo), ISO 8601. */
  readonly registered?: string;
  readonly lastRun?: string;
  readonly evidence: Provenance[];
}

export interface ToolRef {
  readonly id: string;
  readonly name: string;
  /** The file name as written where it was found. */
  readonly fileName: string;
  readonly resetScript: boolean;
}

export interface ScriptLine {
  readonly line: number;
  readonly text: string;
  readonly action: 'delete-grace-key' | 'delete-timebomb' | 'rewrite-timebomb' | 'clock-move' | 'tlsbln' | 'reg-import' | 'reads-grace';
}

/** A script or .reg file of the image reached from an auto-start, read (bounded) and scanned, never executed. */
export interface FollowedScript {
  /** Input path as shown to the user. */
  readonly path: string;
  readonly windowsPath: string;
  readonly size: number;
  /** SHA-256 of the bytes read (the whole file unless truncated). */
  readonly sha256: string;
  readonly truncated: boolean;
  /** The auto-start it was reached from (AutoStart.id). */
  readonly reachedFrom: string;
  /** How it is reached, auto-start first: `task \Reset120`, `C:\Windows\Reset120.cmd line 2`, then this file. */
  readonly chain: string[];
  readonly lines: ScriptLine[];
  /** Catalog tool this file's own name matches. */
  readonly tool: ToolRef | null;
  /** Set when the file could not be read or parsed, with why. */
  readonly problem?: string;
}

/** Execution evidence of a catalog tool. */
export interface ToolExecution {
  readonly tool: ToolRef;
  /** What the tool does (catalog). */
  readonly does: string;
  readonly artifact: string;
  readonly path: string;
  readonly time: string | null;
  /** What the time means for this artifact (last execution, file last modified, …). */
  readonly timeBasis: string;
  /** SID (BAM/DAM) or profile (UserAssist); null when the artifact names none. */
  readonly user: string | null;
  readonly evidence: Provenance[];
}

export interface TamperFacts {
  /** Files of the machine available to follow (0 when the evidence is not an image root). */
  readonly machineFiles: number;
  readonly autoStarts: AutoStart[];
  readonly scripts: FollowedScript[];
  /** Files an auto-start or a followed script names that the image does not hold (only when it is an image). */
  readonly unresolved: { readonly from: string; readonly target: string; readonly reason: string }[];
  /** Execution artifacts searched for catalog names, e.g. `bam`, `userassist`. */
  readonly executionSources: string[];
  readonly executions: ToolExecution[];
}

export interface DeletedRecord {
  readonly kind: 'key' | 'value';
  readonly keyPath: string;
  readonly valueName?: string;
  readonly offset: number;
  readonly note: string;
  readonly evidence: Provenance[];
}

export interface HiveStateFacts {
  readonly path: string;
  readonly role: HiveSummary['role'];
  readonly format: 'regf' | 'reg';
  readonly dirty: boolean;
  readonly logsApplied: { readonly path: string; readonly format: string; readonly entries: number }[];
  readonly logsMissing: boolean;
  /** Warning and error anomalies: structural damage. */
  readonly damage: { readonly code: string; readonly message: string; readonly offset?: number; readonly line?: number }[];
  readonly damageCount: number;
}

/** Another analysed host that this host names as its license server (filled when several hosts are analysed). */
export interface PeerLicenseServer {
  /** The entry of this host's server list that matched. */
  readonly name: string;
  readonly hostname: string;
  readonly build: number | null;
  readonly release: string | null;
  readonly serviceInstalled: boolean;
  readonly disableWorkgroupAuthEnforcement: number | null;
  readonly evidence: Provenance[];
  /**
   * How many more analysed hosts answer to `name` with these same facts (hostname, build, release, role): folded into
   * this entry, whose evidence is the first one's, so duplicate collections or clones do not repeat it. Absent when none.
   */
  readonly alsoMatching?: number;
}

/**
 * What the inputs can tell about one registry area: `present` / `absent` are known; `not-supplied` (hive missing),
 * `not-exported` (outside a .reg export's subtrees), `not-exportable` (never in a live export), `unreadable`
 * (damaged hive) are unknown.
 */
export type CoverageStatus = 'present' | 'absent' | 'not-supplied' | 'not-exported' | 'not-exportable' | 'unreadable';

export interface AreaCoverage {
  /** Area id (src/facts/coverage.ts EVIDENCE_AREAS), e.g. `system:termservice`. */
  readonly area: string;
  readonly status: CoverageStatus;
  readonly detail: string;
  /** What to collect to settle it, when unknown. */
  readonly collect?: string;
}

export interface CoverageFacts {
  /** One entry per area, sorted by area id. */
  readonly areas: AreaCoverage[];
}

/** One hive's word on which machine it comes from. */
export interface MachineSignal {
  readonly hive: HiveSummary['role'];
  readonly signal: 'computer-name' | 'tcpip-hostname' | 'group-policy-dn' | 'profile';
  readonly value: string;
  readonly evidence: Provenance[];
}

export interface MachineFacts {
  readonly signals: MachineSignal[];
  /** Signals of different hives that name different machines (evidence-mixed-hosts). */
  readonly disagreements: { readonly detail: string; readonly evidence: Provenance[] }[];
}

export interface Facts {
  readonly hostname: string;
  readonly machine: MachineFacts;
  readonly hives: HiveSummary[];
  readonly coverage: CoverageFacts;
  readonly controlSet: ControlSetFacts;
  readonly asOf: AsOfFacts;
  readonly identity: IdentityFacts;
  readonly roles: RoleFacts;
  readonly licensing: LicensingFacts;
  readonly gracePeriod: GracePeriodFacts;
  readonly certificates: CertificateFacts;
  readonly termService: TermServiceFacts;
  readonly connection: ConnectionFacts;
  readonly client: ClientFacts;
  readonly tasks: TaskFacts;
  readonly tamper: TamperFacts;
  readonly deleted: { readonly checked: boolean; readonly records: DeletedRecord[] };
  readonly hiveState: HiveStateFacts[];
  /** License servers among the other analysed hosts; null when this host was analysed alone. */
  readonly licenseServerPeers: PeerLicenseServer[] | null;
  /** Values found but not decodable as their expected type, etc. */
  readonly notes: { readonly message: string; readonly evidence: Provenance[] }[];
}
