/**
 * Host scenarios as TreeKey hives, with the rule ids each must raise. The hive writer turns them into sample
 * hives; the analysis tests run them through TreeView (regf and reg kinds) and, once available, writeHive → openHive.
 */
import type { TreeKey } from '../../src/view/tree-view.js';
import type { Anomaly } from '../../src/view/anomaly.js';
import type { RecoveredKey, RecoveredValue } from '../../src/evidence/types.js';
import { ace, FULL, READ, sd, SID, utf16z } from './builder.js';
import { CS, CURRENT_VERSION, healthyRdsh, IMAGE_TIME, multiSessionHost, RCM, server, TASKCACHE, TIMEBOMB, TS, TS_POLICIES, workstation, type HostBuilder } from './host.js';
import { permClient, tempClient } from './certs.js';

export interface ScenarioInputState {
  dirty?: boolean;
  logsMissing?: boolean;
  logsApplied?: { path: string; entries: number }[];
  anomalies?: Anomaly[];
  recovered?: { keys: RecoveredKey[]; values: RecoveredValue[] };
}

export interface Scenario {
  id: string;
  description: string;
  hives: { system?: TreeKey; software?: TreeKey; sam?: TreeKey; users?: { user: string; root: TreeKey }[] };
  /** Reader-side state (dirty, logs, damage, recovered records) that trees cannot express. */
  inputState?: { system?: ScenarioInputState; software?: ScenarioInputState };
  /** Every rule id that must fire on the binary-hive view, sorted. */
  expectedFindings: string[];
}

function scenario(id: string, description: string, host: HostBuilder, expectedFindings: string[], inputState?: Scenario['inputState']): Scenario {
  return { id, description, hives: host.hives(), expectedFindings: [...expectedFindings].sort(), ...(inputState ? { inputState } : {}) };
}

/** Task Scheduler Actions record: version 3, empty author, one exec action (command, arguments) as length-prefixed UTF-16. */
export function execAction(command: string, args: string): Uint8Array {
  const str = (s: string) => {
    const u = utf16z(s).subarray(0, s.length * 2);
    const b = new Uint8Array(4 + u.length);
    new DataView(b.buffer).setUint32(0, u.length, true);
    b.set(u, 4);
    return b;
  };
  const parts = [Uint8Array.from([3, 0]), str(''), Uint8Array.from([0x66, 0x66, 0, 0, 0, 0]), str(command), str(args), str(''), Uint8Array.from([0, 0])];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function addTask(h: HostBuilder, path: string, guid: string, command: string, args: string): void {
  h.software.sz(`${TASKCACHE}\\Tree\\${path}`, 'Id', guid);
  h.software.sz(`${TASKCACHE}\\Tasks\\${guid}`, 'Path', `\\${path}`);
  h.software.binary(`${TASKCACHE}\\Tasks\\${guid}`, 'Actions', execAction(command, args));
}

function clientLicense(cert: Uint8Array): Uint8Array {
  // A header before the DER, as licence blobs carry: the reader must find the certificate by scanning.
  const out = new Uint8Array(16 + cert.length);
  out.set([0x02, 0x00, 0x03, 0x00, cert.length & 0xff, cert.length >> 8], 0);
  out.set(cert, 16);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

const healthy = healthyRdsh('rdsh01');

const expired = server('rdsh02').localMode(null).graceFromInstall().rcmCertificates();

const tampered = server('rdsh03').grace(10, sd(SID.administrators, [ace(SID.system, FULL), ace(SID.networkService, FULL), ace(SID.administrators, FULL)])).rcmCertificates();
addTask(tampered, 'Reset-RDS-GracePeriod', '{7A0E2B11-3C44-4D55-8E66-77F8899AABBC}', 'powershell.exe', '-File C:\\Scripts\\Reset-RDS-GracePeriod.ps1 -Threshold 30');

const wrapper = workstation('desktop-7');
wrapper.system.expandSz(`${CS}\\Services\\TermService\\Parameters`, 'ServiceDll', 'C:\\Program Files\\RDP Wrapper\\rdpwrap.dll');
wrapper.system.dword(`${TS}\\Licensing Core`, 'EnableConcurrentSessions', 1);
wrapper.system.dword(TS, 'fSingleSessionPerUser', 0);
wrapper.software.dword(`${CURRENT_VERSION}\\Winlogon`, 'AllowMultipleTSSessions', 1);

const override = healthyRdsh('rdsh04').localMode(2).policyMode(4).specifiedServers(['LS-OLD']).policyServers('ls01.contoso.local,ls02.contoso.local');

const clientStore = workstation('laptop-3');
const lockedStore = sd(SID.administrators, [ace(SID.system, FULL), ace(SID.administrators, FULL), ace(SID.users, READ)]);
clientStore.software.key('Microsoft\\MSLicensing', { security: lockedStore });
clientStore.software.key('Microsoft\\MSLicensing\\Store', { security: lockedStore });
clientStore.software.binary('Microsoft\\MSLicensing\\HardwareID', 'ClientHWID', Uint8Array.from([1, 0, 2, 0, 9, 8, 7, 6, 5, 4, 3, 2]));
clientStore.software.binary('Microsoft\\MSLicensing\\Store\\LICENSE000', 'ClientLicense', new Uint8Array(0));
clientStore.software.binary('Microsoft\\MSLicensing\\Store\\LICENSE001', 'ClientLicense', clientLicense(tempClient));
clientStore.software.binary('Microsoft\\MSLicensing\\Store\\LICENSE001', 'CompanyName', utf16z('Microsoft Corporation'));
clientStore.software.binary('Microsoft\\MSLicensing\\Store\\LICENSE001', 'ProductID', utf16z('A02'));
clientStore.software.binary('Microsoft\\MSLicensing\\Store\\LICENSE001', 'LicenseScope', Uint8Array.from([...'LS01'].map((c) => c.charCodeAt(0)).concat([0])));
clientStore.software.binary('Microsoft\\MSLicensing\\Store\\LICENSE002', 'ClientLicense', clientLicense(permClient));
const alice = clientStore.user('alice');
alice.sz('Software\\Microsoft\\Terminal Server Client\\Default', 'MRU0', 'rdsh01.contoso.local');
alice.sz('Software\\Microsoft\\Terminal Server Client\\Servers\\rdsh01.contoso.local', 'UsernameHint', 'CONTOSO\\alice');

const HOSTILE = '<script>alert(1)</script>|`x`\n| --- |';
const hostile = server('evil', { domain: null }).localMode(2).specifiedServers(['`ls|01`', '<b>ls02</b>\nevil', '[x](javascript:alert(1))']).graceFromInstall().rcmCertificates();
hostile.system.sz(`${CS}\\Control\\ComputerName\\ComputerName`, 'ComputerName', HOSTILE);
hostile.system.sz(`${CS}\\Services\\Tcpip\\Parameters`, 'Hostname', 'h`o|s<t>');
hostile.system.dword(`${TS}\\WinStations\\RDP-Tcp|<i>x</i>`, 'PortNumber', 3390);
hostile.user('<img src=x onerror=alert(1)>').sz('Software\\Microsoft\\Terminal Server Client\\Default', 'MRU0', '| evil | `host` |\n<script>');

const workgroup = server('rdsh05', { domain: null, build: 20348 }).localMode(4).specifiedServers(['LS01']).graceFromInstall().rcmCertificates();

const licenseServer = server('ls01').localMode(4).policyServers('ls01.contoso.local').graceFromInstall().rcmCertificates();
licenseServer.system.dword(`${CS}\\Services\\TermServLicensing`, 'Start', 4);
licenseServer.software.dword('Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache\\RDS-Licensing', 'InstallState', 1);
licenseServer.system.expandSz(`${CS}\\Services\\TermServLicensing`, 'ImagePath', '%SystemRoot%\\System32\\svchost.exe -k NetworkService');
licenseServer.system.dword(`${CS}\\Services\\TermServLicensing\\Parameters`, 'DisableWorkgroupAuthEnforcement', 1);
licenseServer.software.dword(TS_POLICIES, 'fPreventLicenseUpgrade', 1).dword(TS_POLICIES, 'fSecureLicensing', 1).dword(TS_POLICIES, 'fDisableTerminalServerTooltip', 1);

const selfNoRole = server('rdsh06').localMode(2).specifiedServers(['RDSH06']).graceFromInstall().rcmCertificates();

const noTimebomb = healthyRdsh('rdsh07');
noTimebomb.system.remove(`${RCM}\\GracePeriod`);
noTimebomb.system.removeValue(RCM, 'X509 Certificate2');
noTimebomb.system.binary(RCM, 'X509 Certificate', Uint8Array.from([0x30, 0x82, 0x7f, 0xff, 1, 2, 3]));

const insecure = healthyRdsh('rdsh08');
insecure.system.removeValue(`${CS}\\Control\\Windows`, 'ShutdownTime');
insecure.system.dword(`${CS}\\Services\\TermService`, 'Start', 4);
insecure.software.dword(TS_POLICIES, 'fDenyTSConnections', 1);
insecure.system.dword(`${TS}\\WinStations\\RDP-Tcp`, 'UserAuthentication', 0).dword(`${TS}\\WinStations\\RDP-Tcp`, 'SecurityLayer', 0);
insecure.system.dword(TS, 'fSingleSessionPerUser', 0);
insecure.system.dword('Select', 'LastKnownGood', 2);
insecure.system.dword(`ControlSet002\\Control\\Terminal Server\\RCM\\Licensing Core`, 'LicensingMode', 2);
insecure.system.dword(`ControlSet002\\Control\\Terminal Server`, 'fSingleSessionPerUser', 1);

const badMode = healthyRdsh('rdsh09').localMode(3).policyMode(6);

const expiring = server('rdsh10', { installed: new Date(IMAGE_TIME.getTime() - 111 * 86_400_000) }).grace(110).rcmCertificates();

const damaged = healthyRdsh('rdsh11');

const avd = multiSessionHost('avd-ms01');
// Configured by policy, grace period over, but no license server ever issued a chain: only the proprietary Certificate.
const neverLicensed = server('rdsh12').localMode(4).policyMode(4).policyServers('ls01.contoso.local').graceFromInstall();
neverLicensed.system.binary(RCM, 'Certificate', Uint8Array.from({ length: 184 }, (_, i) => (i * 7) & 0xff));

// A public reset script's trace: clock ten years ahead, tlsbln.exe recreates the key, clock back, notifications hidden.
const clockReset = server('rdsh13').grace(-3650);
clockReset.software.dword(TS_POLICIES, 'fDisableTerminalServerTooltip', 1);

// A licensed non-persistent image (PVS/MCS): the GracePeriod key is recreated at every boot, hours before shutdown.
const sealedImage = healthyRdsh('rdsh14').grace(0.25);

export const scenarios: Scenario[] = [
  scenario('healthy-per-user', 'Domain-joined RDSH, Per User by policy, license server by policy, grace period started at install long ago.', healthy, ['cal-version-required', 'grace-period-estimated']),
  scenario('grace-period-expired', 'RDSH with no licensing mode and no license server; the grace period started at install, 500 days before shutdown.', expired, [
    'cal-version-required',
    'grace-period-estimated',
    'grace-period-expired',
    'licensing-mode-not-configured',
    'no-license-server',
  ]),
  scenario('grace-reset-tampered', 'Unlicensed RDSH whose GracePeriod key was taken over by Administrators and is reset by a scheduled task.', tampered, [
    'cal-version-required',
    'grace-period-acl-tampered',
    'grace-period-estimated',
    'grace-period-reset-suspected',
    'grace-period-reset-task',
    'licensing-mode-not-configured',
    'no-license-server',
  ]),
  scenario('rdp-wrapper-workstation', 'Windows 10 Pro with RDP Wrapper and its multi-session values.', wrapper, [
    'client-sku-multisession',
    'multisession-enablers',
    'rdp-wrapper-installed',
    'rdsh-role-not-installed',
    'termservice-dll-nonstandard',
  ]),
  scenario('policy-overrides-local', 'Group Policy sets Per User and two license servers; the local values say Per Device and an old server.', override, [
    'cal-version-required',
    'grace-period-estimated',
    'policy-overrides-local-mode',
    'policy-overrides-local-servers',
  ]),
  scenario('corrupt-client-store', 'Workstation whose MSLicensing store has a short HWID, an empty license, an expired temporary CAL and a locked ACL.', clientStore, [
    'client-license-store-acl',
    'client-license-store-corrupt',
    'client-temporary-license-expired',
    'rdsh-role-not-installed',
  ]),
  scenario('hostile-names', 'Workgroup RDSH whose names carry markup, Markdown table breakers, backticks and newlines.', hostile, [
    'cal-version-required',
    'grace-period-estimated',
    'license-server-list-malformed',
    'rdp-port-changed',
    'workgroup-license-server-auth',
  ]),
  scenario('workgroup-per-user', 'Workgroup Server 2022 RDSH in Per User mode with a remote license server.', workgroup, [
    'cal-version-required',
    'grace-period-estimated',
    'per-user-in-workgroup',
    'workgroup-license-server-auth',
  ]),
  scenario('license-server-misconfigured', 'RDSH that is its own license server: service disabled, auth enforcement off, restrictive LS policies, hidden notifications.', licenseServer, [
    'cal-version-required',
    'grace-period-estimated',
    'license-server-auth-enforcement-disabled',
    'license-server-security-group',
    'license-service-disabled',
    'licensing-notifications-hidden',
    'prevent-license-upgrade',
  ]),
  scenario('self-license-server-missing', 'RDSH naming itself as license server without the RD Licensing role.', selfNoRole, [
    'cal-version-required',
    'grace-period-estimated',
    'self-license-server-not-installed',
  ]),
  scenario('timebomb-deleted', 'Licensed-looking RDSH whose GracePeriod key is gone and whose X509 values are partial and damaged.', noTimebomb, [
    'cal-version-required',
    'timebomb-missing',
    'x509-certificate-suspect',
  ]),
  // NLA off and the legacy security layer are quiet here: RDP is off (policy fDenyTSConnections 1, TermService disabled).
  scenario('insecure-listener', 'RDSH with TermService disabled, RDP denied by policy, NLA off, legacy security layer, multiple sessions, drift against LastKnownGood, no ShutdownTime.', insecure, [
    'as-of-time-estimated',
    'cal-version-required',
    'controlset-drift',
    'grace-period-estimated',
    'rdp-connections-denied',
    'single-session-disabled',
    'termservice-disabled',
  ]),
  scenario('invalid-and-aad-mode', 'Local LicensingMode 3 (undefined) under a policy AAD Per User mode (Entra ID per-user service plans, no RDS CALs) on Server Standard.', badMode, [
    'grace-period-estimated',
    'licensing-mode-aad-per-user',
    'licensing-mode-invalid',
    'policy-overrides-local-mode',
  ]),
  scenario('grace-period-expiring', 'Unlicensed RDSH with 10 days of grace period left.', expiring, [
    'cal-version-required',
    'grace-period-estimated',
    'grace-period-expiring',
    'licensing-mode-not-configured',
    'no-license-server',
  ]),
  scenario(
    'avd-multisession',
    'Healthy Azure Virtual Desktop host, Windows Enterprise multi-session: no licensing mode or license server configured, grace key long expired; per-user Windows licensing applies.',
    avd,
    ['multisession-host'],
  ),
  scenario(
    'damaged-evidence',
    'Healthy RDSH read from a dirty SYSTEM hive without logs, a SOFTWARE hive whose logs were replayed and that has bad cells, and a recovered deleted timebomb.',
    damaged,
    ['cal-version-required', 'deleted-licensing-data', 'grace-period-estimated', 'hive-corrupt', 'hive-dirty-logs-missing', 'hive-logs-replayed'],
    {
      system: {
        dirty: true,
        logsMissing: true,
        recovered: { keys: [], values: [{ keyPath: `${RCM}\\GracePeriod`, name: TIMEBOMB, type: 3, data: new Uint8Array(24), offset: 0x5a20 }] },
      },
      software: {
        logsApplied: [{ path: 'SOFTWARE.LOG1', entries: 7 }],
        anomalies: [{ code: 'cell-out-of-bounds', severity: 'warning', message: 'cell size runs past the hive bin', structure: 'hbin', offset: 0x3000 }],
      },
    },
  ),
  scenario('never-licensed', 'RDSH configured by policy (Per User, ls01) whose grace period is over, with no X509 Certificate: no license server ever licensed it.', neverLicensed, [
    'cal-version-required',
    'grace-period-estimated',
    'license-never-obtained',
  ]),
  scenario('grace-reset-clock', 'Unlicensed RDSH whose GracePeriod key was recreated with the clock moved ten years ahead, licensing notifications hidden.', clockReset, [
    'cal-version-required',
    'grace-period-key-future-dated',
    'grace-period-reset-suspected',
    'licensing-mode-not-configured',
    'licensing-notifications-hidden',
    'no-license-server',
  ]),
  scenario('sealed-image', 'Licensed Per User RDSH from a non-persistent image: the GracePeriod key is recreated at every boot.', sealedImage, [
    'cal-version-required',
    'grace-period-estimated',
    'grace-period-reset-suspected',
  ]),
];

export { HOSTILE };
