/** Registry locations used by the gatherers (rds-licensing.md §0–§3), relative to their hive root or control set. */

export const TS = 'Control\\Terminal Server';
export const RCM = `${TS}\\RCM`;
export const RCM_LICENSING_CORE = `${RCM}\\Licensing Core`;
export const RCM_GRACE_PERIOD = `${RCM}\\GracePeriod`;
/** RDP Wrapper's key (no RCM in the path). */
export const TS_LICENSING_CORE = `${TS}\\Licensing Core`;
export const WINSTATIONS = `${TS}\\WinStations`;
export const TERMSERVICE = 'Services\\TermService';
export const TERMSERVICE_PARAMETERS = `${TERMSERVICE}\\Parameters`;
export const LICENSE_SERVERS = `${TERMSERVICE_PARAMETERS}\\LicenseServers`;
export const TERMSERVLICENSING = 'Services\\TermServLicensing';
export const TERMSERVLICENSING_PARAMETERS = `${TERMSERVLICENSING}\\Parameters`;
export const COMPUTER_NAME = 'Control\\ComputerName\\ComputerName';
export const TCPIP_PARAMETERS = 'Services\\Tcpip\\Parameters';
export const NETLOGON_PARAMETERS = 'Services\\Netlogon\\Parameters';
export const PRODUCT_OPTIONS = 'Control\\ProductOptions';
export const CONTROL_WINDOWS = 'Control\\Windows';

/** SOFTWARE hive. */
export const TS_POLICIES = 'Policies\\Microsoft\\Windows NT\\Terminal Services';
export const CURRENT_VERSION = 'Microsoft\\Windows NT\\CurrentVersion';
export const WINLOGON = `${CURRENT_VERSION}\\Winlogon`;
export const SERVER_COMPONENT_CACHE = 'Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache';
export const TERMSERVLICENSING_SOFTWARE = 'Microsoft\\TermServLicensing';
export const MSLICENSING = 'Microsoft\\MSLicensing';
export const TASKCACHE = `${CURRENT_VERSION}\\Schedule\\TaskCache`;
export const GP_STATE_MACHINE = 'Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine';
export const PROFILE_LIST = `${CURRENT_VERSION}\\ProfileList`;

/** NTUSER hive. */
export const TS_CLIENT = 'Software\\Microsoft\\Terminal Server Client';

/** SECURITY hive. */
export const POL_PRIMARY_DOMAIN_SID = 'Policy\\PolPrDmS';

/** Keys whose deleted records the analysis reports (deleted.ts): SYSTEM ones relative to a control set, then SOFTWARE ones. */
export const DELETED_SYSTEM_KEYS = [RCM, TS_LICENSING_CORE, TERMSERVICE_PARAMETERS, TERMSERVLICENSING] as const;
export const DELETED_SOFTWARE_KEYS = [TS_POLICIES, MSLICENSING, TERMSERVLICENSING_SOFTWARE] as const;
/** Deleted values reported wherever they lie, attached to a key or not. */
export const DELETED_VALUE_NAMES = /TIMEBOMB|^LicensingMode$|^SpecifiedLicenseServers$|^LicenseServers$|^ClientLicense$|^ClientHWID$/i;
/**
 * The recovery scope (RecoveryScope) of those keys and values: every control set, since Select is read only
 * later, and SOFTWARE's 32-bit view as well.
 */
export const DELETED_SCOPE = {
  paths: [...DELETED_SYSTEM_KEYS.map((k) => `ControlSet*\\${k}`), ...DELETED_SOFTWARE_KEYS, ...DELETED_SOFTWARE_KEYS.map((k) => `Wow6432Node\\${k}`)],
  valueNames: DELETED_VALUE_NAMES,
} as const;

/** Timebomb value names (TSTool TerminalService.cs): RTM and beta builds. */
export const TIMEBOMB_RTM = 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588';
export const TIMEBOMB_BETA = 'L$GracePeriodTimeBomb_1320153D-8DA3-4e8e-B27B-0D888223A588';

/** The four values of Microsoft's "Refresh the X509 Certificate registry keys" procedure. */
export const RCM_CERT_VALUES = ['Certificate', 'X509 Certificate', 'X509 Certificate ID', 'X509 Certificate2'] as const;

/** Local values compared between the current and LastKnownGood control sets (controlset-drift). */
export const DRIFT_VALUES: readonly (readonly [string, string])[] = [
  [RCM_LICENSING_CORE, 'LicensingMode'],
  [LICENSE_SERVERS, 'SpecifiedLicenseServers'],
  [TS, 'fDenyTSConnections'],
  [TS, 'fSingleSessionPerUser'],
  [TS_LICENSING_CORE, 'EnableConcurrentSessions'],
  [TERMSERVICE, 'Start'],
  [TERMSERVICE, 'ImagePath'],
  [TERMSERVICE_PARAMETERS, 'ServiceDll'],
  [`${WINSTATIONS}\\RDP-Tcp`, 'PortNumber'],
  [`${WINSTATIONS}\\RDP-Tcp`, 'UserAuthentication'],
  [`${WINSTATIONS}\\RDP-Tcp`, 'SecurityLayer'],
  [TERMSERVLICENSING, 'Start'],
];

export const DAY_MS = 86_400_000;
export const GRACE_DAYS = 120;
