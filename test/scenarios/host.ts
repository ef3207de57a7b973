/**
 * A host made of SYSTEM / SOFTWARE / NTUSER builders with the knobs the scenarios turn: identity, role,
 * licensing mode and servers (local and policy), grace period, RCM certificates, TermService, listeners.
 */
import type { TreeKey } from '../../src/view/tree-view.js';
import type { SecurityDescriptor } from '../../src/view/security-descriptor.js';
import { ace, daysBefore, filetimeBytes, FULL, HiveBuilder, READ, sd, SID } from './builder.js';
import { lsRoot, rdshServer } from './certs.js';

export const CS = 'ControlSet001';
export const TS = `${CS}\\Control\\Terminal Server`;
export const RCM = `${TS}\\RCM`;
export const TS_POLICIES = 'Policies\\Microsoft\\Windows NT\\Terminal Services';
export const CURRENT_VERSION = 'Microsoft\\Windows NT\\CurrentVersion';
export const TIMEBOMB = 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588';
export const TASKCACHE = `${CURRENT_VERSION}\\Schedule\\TaskCache`;

/** The image was shut down cleanly at this instant in every scenario unless it says otherwise. */
export const IMAGE_TIME = new Date('2025-06-01T12:00:00Z');
export const INSTALL_TIME = new Date('2024-01-15T09:00:00Z');

export interface HostOptions {
  name: string;
  /** DNS domain; null = workgroup (no domain signal at all). */
  domain: string | null;
  productType: 'ServerNT' | 'WinNT' | 'LanmanNT';
  build: number;
  edition: string;
  installationType: string;
  rdsh: boolean;
  shutdown: Date | null;
  /** OS and role install time. */
  installed: Date;
}

export const NORMAL_GRACE_SD: SecurityDescriptor = sd(SID.networkService, [ace(SID.system, FULL), ace(SID.networkService, FULL), ace(SID.administrators, READ)]);

/** A DPAPI blob shape: version 1, provider GUID, master key version, master key GUID, then opaque bytes. */
export function dpapiBlob(length = 230): Uint8Array {
  const b = new Uint8Array(length);
  b.set([0x01, 0x00, 0x00, 0x00, 0xd0, 0x8c, 0x9d, 0xdf, 0x01, 0x15, 0xd1, 0x11, 0x8c, 0x7a, 0x00, 0xc0, 0x4f, 0xc2, 0x97, 0xeb]);
  b.set([0x01, 0x00, 0x00, 0x00], 20);
  b.set([0x79, 0x3e, 0x87, 0x59, 0x24, 0xca, 0x9a, 0x45, 0x8b, 0x17, 0xa5, 0xdc, 0xd8, 0x2c, 0x6e, 0xa1], 24);
  for (let i = 40; i < length; i++) b[i] = (i * 37 + 11) & 0xff;
  return b;
}

/** MS-RDPBCGR X.509 certificate chain: dwVersion (0x80000002), NumCertBlobs, then cbCert + cert each. */
export function certChain(certs: Uint8Array[]): Uint8Array {
  const size = 8 + certs.reduce((n, c) => n + 4 + c.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x80000002, true);
  dv.setUint32(4, certs.length, true);
  let p = 8;
  for (const c of certs) {
    dv.setUint32(p, c.length, true);
    out.set(c, p + 4);
    p += 4 + c.length;
  }
  return out;
}

export class HostBuilder {
  readonly system: HiveBuilder;
  readonly software: HiveBuilder;
  readonly users: { user: string; hive: HiveBuilder }[] = [];
  /** The host's SAM hive, when a case supplies one (license-server security group). */
  sam: HiveBuilder | null = null;
  /** Leave the SOFTWARE hive out of the evidence (a SYSTEM-only acquisition). */
  withoutSoftware = false;

  constructor(readonly opts: HostOptions) {
    const lw = IMAGE_TIME;
    this.system = new HiveBuilder('SYSTEM', daysBefore(lw, 2));
    this.software = new HiveBuilder('SOFTWARE', daysBefore(lw, 2));
    const s = this.system;
    s.dword('Select', 'Current', 1).dword('Select', 'Default', 1).dword('Select', 'LastKnownGood', 1).dword('Select', 'Failed', 0);
    s.sz(`${CS}\\Control\\ComputerName\\ComputerName`, 'ComputerName', opts.name.toUpperCase());
    s.sz(`${CS}\\Services\\Tcpip\\Parameters`, 'Hostname', opts.name);
    s.sz(`${CS}\\Services\\Tcpip\\Parameters`, 'Domain', opts.domain ?? '');
    s.sz(`${CS}\\Control\\ProductOptions`, 'ProductType', opts.productType);
    if (opts.shutdown) s.binary(`${CS}\\Control\\Windows`, 'ShutdownTime', filetimeBytes(opts.shutdown));
    s.dword(TS, 'fDenyTSConnections', 0).dword(TS, 'fSingleSessionPerUser', 1).dword(TS, 'TSAppCompat', 0);
    s.dword(`${TS}\\WinStations\\RDP-Tcp`, 'PortNumber', 3389).dword(`${TS}\\WinStations\\RDP-Tcp`, 'SecurityLayer', 2).dword(`${TS}\\WinStations\\RDP-Tcp`, 'UserAuthentication', 1);
    s.key(`${TS}\\WinStations\\Console`);
    s.dword(`${CS}\\Services\\TermService`, 'Start', 3).expandSz(`${CS}\\Services\\TermService`, 'ImagePath', '%SystemRoot%\\System32\\svchost.exe -k NetworkService');
    s.expandSz(`${CS}\\Services\\TermService\\Parameters`, 'ServiceDll', '%SystemRoot%\\System32\\termsrv.dll');
    // Real workstations and fresh servers carry LicensingMode 1 (Remote Desktop for Administration), as in the corpus.
    s.dword(`${RCM}\\Licensing Core`, 'LicensingMode', opts.rdsh ? 5 : 1);
    if (opts.domain) {
      s.sz(`${CS}\\Services\\Netlogon\\Parameters`, 'DynamicSiteName', 'Default-First-Site-Name');
      this.software.sz('Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine', 'Distinguished-Name', `CN=${opts.name.toUpperCase()},OU=Servers,${opts.domain.split('.').map((p) => `DC=${p}`).join(',')}`);
    }

    const w = this.software;
    w.sz(CURRENT_VERSION, 'ProductName', opts.productType === 'WinNT' ? 'Windows 10 Pro' : 'Windows Server');
    w.sz(CURRENT_VERSION, 'EditionID', opts.edition);
    w.sz(CURRENT_VERSION, 'InstallationType', opts.installationType);
    w.sz(CURRENT_VERSION, 'CurrentBuild', String(opts.build)).sz(CURRENT_VERSION, 'CurrentBuildNumber', String(opts.build));
    w.dword(CURRENT_VERSION, 'UBR', 1234);
    w.dword(CURRENT_VERSION, 'InstallDate', Math.floor(opts.installed.getTime() / 1000));
    w.dword(`${CURRENT_VERSION}\\Winlogon`, 'AllowMultipleTSSessions', 0);
    if (opts.productType !== 'WinNT') {
      const cache = 'Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache';
      w.dword(`${cache}\\RDS-RD-Server`, 'InstallState', opts.rdsh ? 1 : 0);
      w.key(`${cache}\\RDS-RD-Server`, { lastWrite: new Date(opts.installed.getTime() + 3_600_000) });
      w.dword(`${cache}\\RDS-Licensing`, 'InstallState', 0);
    }
    w.key(`${TASKCACHE}\\Tree\\Microsoft\\Windows\\Defrag\\ScheduledDefrag`);
    w.sz(`${TASKCACHE}\\Tree\\Microsoft\\Windows\\Defrag\\ScheduledDefrag`, 'Id', '{1D9F6B3C-0000-4000-8000-000000000001}');
  }

  systemOnly(): this {
    this.withoutSoftware = true;
    return this;
  }
  localMode(n: number | null): this {
    if (n === null) this.system.removeValue(`${RCM}\\Licensing Core`, 'LicensingMode');
    else this.system.dword(`${RCM}\\Licensing Core`, 'LicensingMode', n);
    return this;
  }
  policyMode(n: number): this {
    this.software.dword(TS_POLICIES, 'LicensingMode', n);
    return this;
  }
  specifiedServers(servers: string[]): this {
    this.system.multiSz(`${CS}\\Services\\TermService\\Parameters\\LicenseServers`, 'SpecifiedLicenseServers', servers);
    return this;
  }
  policyServers(list: string): this {
    this.software.sz(TS_POLICIES, 'LicenseServers', list);
    return this;
  }
  /** The GracePeriod key with its timebomb, written `daysAgo` days before the image time. */
  grace(daysAgo: number, security: SecurityDescriptor = NORMAL_GRACE_SD, timebomb = true): this {
    const k = this.system.key(`${RCM}\\GracePeriod`, { lastWrite: daysBefore(IMAGE_TIME, daysAgo), security });
    k.values = timebomb ? [{ name: TIMEBOMB, type: 3, data: dpapiBlob() }] : [];
    return this;
  }
  /** The GracePeriod key as Windows writes it: one day after the role install. */
  graceFromInstall(): this {
    return this.grace(Math.round((IMAGE_TIME.getTime() - this.opts.installed.getTime()) / 86_400_000) - 1);
  }
  /** The four RCM certificate values, with a decodable chain issued by LS01. */
  rcmCertificates(): this {
    const chain = certChain([lsRoot, rdshServer]);
    this.system.binary(RCM, 'Certificate', Uint8Array.from({ length: 184 }, (_, i) => (i * 7) & 0xff));
    this.system.binary(RCM, 'X509 Certificate', chain);
    this.system.binary(RCM, 'X509 Certificate ID', Uint8Array.from([0x4c, 0x53, 0x30, 0x31, 0, 0, 0, 0]));
    this.system.binary(RCM, 'X509 Certificate2', chain);
    return this;
  }
  user(user: string): HiveBuilder {
    const hive = new HiveBuilder('NTUSER', daysBefore(IMAGE_TIME, 3));
    // Keys every real profile hive has (discovery recognises NTUSER.DAT by them, not by its name).
    hive.key('Control Panel\\Desktop');
    hive.expandSz('Environment', 'TEMP', '%USERPROFILE%\\AppData\\Local\\Temp');
    this.users.push({ user, hive });
    return hive;
  }
  hives(): { system: TreeKey; software?: TreeKey; sam?: TreeKey; users: { user: string; root: TreeKey }[] } {
    const users = this.users.map((u) => ({ user: u.user, root: u.hive.root }));
    const sam = this.sam ? { sam: this.sam.root } : {};
    return this.withoutSoftware ? { system: this.system.root, users, ...sam } : { system: this.system.root, software: this.software.root, users, ...sam };
  }
}

export function server(name: string, extra: Partial<HostOptions> = {}): HostBuilder {
  return new HostBuilder({ name, domain: 'contoso.local', productType: 'ServerNT', build: 17763, edition: 'ServerStandard', installationType: 'Server', rdsh: true, shutdown: IMAGE_TIME, installed: INSTALL_TIME, ...extra });
}

export function workstation(name: string, extra: Partial<HostOptions> = {}): HostBuilder {
  return new HostBuilder({ name, domain: null, productType: 'WinNT', build: 19045, edition: 'Professional', installationType: 'Client', rdsh: false, shutdown: IMAGE_TIME, installed: INSTALL_TIME, ...extra });
}

/** A licensed per-user RDSH: domain joined, mode 4 and license server by policy, grace period started at install. */
export function healthyRdsh(name = 'rdsh01'): HostBuilder {
  return server(name).localMode(4).policyMode(4).policyServers('ls01.contoso.local').specifiedServers(['ls01.contoso.local']).graceFromInstall().rcmCertificates();
}

/**
 * A healthy Azure Virtual Desktop host: Windows 11 Enterprise multi-session (EditionID ServerRdsh, ProductType
 * ServerNT, InstallationType Client), domain joined, nothing RDS-licensing configured, grace key long expired.
 */
export function multiSessionHost(name: string, extra: Partial<HostOptions> = {}): HostBuilder {
  const h = new HostBuilder({ name, domain: 'contoso.local', productType: 'ServerNT', build: 22631, edition: 'ServerRdsh', installationType: 'Client', rdsh: true, shutdown: IMAGE_TIME, installed: INSTALL_TIME, ...extra });
  h.software.sz(CURRENT_VERSION, 'ProductName', 'Windows 10 Enterprise multi-session');
  h.software.remove('Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache');
  h.system.dword(TS, 'fSingleSessionPerUser', 0);
  return h.graceFromInstall();
}
