/** RuleTester cases for the client-side and host/evidence rules. */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf } from '../../helpers/rule-tester.js';
import { regTreeView } from '../../helpers/scenario-evidence.js';
import { ace, FULL, READ, sd, SID } from '../../scenarios/builder.js';
import { permClient, tempClient } from '../../scenarios/certs.js';
import { CS, healthyRdsh, IMAGE_TIME, RCM, server, TIMEBOMB, TS_POLICIES, workstation, type HostBuilder } from '../../scenarios/host.js';

const ML = 'Microsoft\\MSLicensing';
const healthy = () => factsOf(healthyRdsh());

function store(h: HostBuilder, hwid: number | null, licenses: (Uint8Array | null)[]): HostBuilder {
  const open = sd(SID.administrators, [ace(SID.system, FULL), ace(SID.administrators, FULL), ace(SID.users, FULL)]);
  h.software.key(ML, { security: open });
  h.software.key(`${ML}\\Store`, { security: open });
  if (hwid !== null) h.software.binary(`${ML}\\HardwareID`, 'ClientHWID', new Uint8Array(hwid).fill(7));
  licenses.forEach((l, i) => {
    const k = `${ML}\\Store\\LICENSE00${i}`;
    if (l) h.software.binary(k, 'ClientLicense', l);
    else h.software.binary(k, 'CompanyName', new Uint8Array(4));
  });
  return h;
}

export const clientHostCases: Record<string, RuleCases> = {
  'client-license-store-corrupt': {
    valid: [
      { name: 'no MSLicensing', facts: healthy, status: 'notApplicable' },
      { name: 'HWID 20 bytes and a license', facts: () => factsOf(store(workstation('w'), 20, [permClient])), status: 'passed' },
      { name: 'wiped store (HWID and licenses gone)', facts: () => factsOf(store(workstation('w'), null, [])), status: 'passed' },
    ],
    invalid: [
      { name: 'license without ClientLicense', facts: () => factsOf(store(workstation('w'), 20, [null])), messageIds: ['license'] },
      { name: 'short HWID and empty license', facts: () => factsOf(store(workstation('w'), 12, [new Uint8Array(0)])), messageIds: ['license', 'hwidSize'] },
      { name: 'licenses but no HWID', facts: () => factsOf(store(workstation('w'), null, [permClient])), messageIds: ['hwidMissing'] },
    ],
  },
  'client-temporary-license-expired': {
    valid: [
      { name: 'permanent license (70-day validity) past its end', facts: () => factsOf(store(workstation('w'), 20, [permClient])), status: 'notApplicable' },
      { name: 'temporary license still valid at the image time', facts: () => factsOf(store(workstation('w', { shutdown: new Date('2024-04-01T00:00:00Z') }), 20, [tempClient])), status: 'passed' },
    ],
    invalid: [{ name: 'temporary license expired', facts: () => factsOf(store(workstation('w'), 20, [tempClient])), messageIds: ['expired'] }],
  },
  'client-license-store-acl': {
    valid: [
      { name: 'Users may write', facts: () => factsOf(store(workstation('w'), 20, [permClient])), status: 'passed' },
      { name: '.reg export', facts: () => factsOf(store(workstation('w'), 20, [permClient]), { view: regTreeView }), status: 'notCheckable' },
      { name: 'no MSLicensing', facts: healthy, status: 'notApplicable' },
    ],
    invalid: [{ name: 'Users read only on both keys', facts: () => {
      const h = store(workstation('w'), 20, [permClient]);
      const locked = sd(SID.administrators, [ace(SID.system, FULL), ace(SID.administrators, FULL), ace(SID.users, READ)]);
      h.software.key(ML, { security: locked });
      h.software.key(`${ML}\\Store`, { security: locked });
      return factsOf(h);
    }, messageIds: ['acl', 'acl'] }],
  },
  'rdsh-role-not-installed': {
    valid: [
      { name: 'RDSH', facts: healthy, status: 'passed' },
      { name: 'legacy TSAppCompat = 1', facts: () => {
        const h = server('a', { rdsh: false });
        h.system.dword(`${CS}\\Control\\Terminal Server`, 'TSAppCompat', 1);
        return factsOf(h);
      }, status: 'passed' },
      { name: 'SYSTEM only with a timebomb: inferred RDSH', facts: () => factsOf(healthyRdsh().systemOnly()), status: 'passed' },
      { name: 'SYSTEM only, no timebomb: unknown', facts: () => factsOf(server('a').systemOnly()), status: 'notCheckable' },
    ],
    invalid: [
      { name: 'server without the role', facts: () => factsOf(server('a', { rdsh: false })), messageIds: ['notRdsh'] },
      { name: 'workstation', facts: () => factsOf(workstation('w')), messageIds: ['notRdsh'] },
    ],
  },
  'controlset-drift': {
    valid: [
      { name: 'LKG = current', facts: healthy, status: 'passed' },
      { name: 'LKG set identical', facts: () => {
        const h = healthyRdsh();
        h.system.dword('Select', 'LastKnownGood', 2);
        h.system.dword(`ControlSet002\\Control\\Terminal Server\\RCM\\Licensing Core`, 'LicensingMode', 4);
        for (const [k, v, n] of [['Control\\Terminal Server', 'fDenyTSConnections', 0], ['Control\\Terminal Server', 'fSingleSessionPerUser', 1], ['Services\\TermService', 'Start', 3],
          ['Control\\Terminal Server\\WinStations\\RDP-Tcp', 'PortNumber', 3389], ['Control\\Terminal Server\\WinStations\\RDP-Tcp', 'UserAuthentication', 1], ['Control\\Terminal Server\\WinStations\\RDP-Tcp', 'SecurityLayer', 2]] as const)
          h.system.dword(`ControlSet002\\${k}`, v, n);
        h.system.expandSz('ControlSet002\\Services\\TermService', 'ImagePath', '%SystemRoot%\\System32\\svchost.exe -k NetworkService');
        h.system.expandSz('ControlSet002\\Services\\TermService\\Parameters', 'ServiceDll', '%SystemRoot%\\System32\\termsrv.dll');
        h.system.multiSz('ControlSet002\\Services\\TermService\\Parameters\\LicenseServers', 'SpecifiedLicenseServers', ['ls01.contoso.local']);
        return factsOf(h);
      }, status: 'passed' },
    ],
    invalid: [{ name: 'mode changed in ControlSet010 vs ControlSet009', facts: () => {
      const h = healthyRdsh();
      // Move the current set to ControlSet010 to prove the %03d naming.
      const cs1 = h.system.find(CS)!;
      cs1.name = 'ControlSet010';
      h.system.dword('Select', 'Current', 10).dword('Select', 'LastKnownGood', 9);
      h.system.dword('ControlSet009\\Control\\Terminal Server\\RCM\\Licensing Core', 'LicensingMode', 2);
      return factsOf(h);
    }, messageIds: Array(10).fill('drift') }],
  },
  'as-of-time-estimated': {
    valid: [{ name: 'ShutdownTime present', facts: healthy }],
    invalid: [
      { name: 'no ShutdownTime, .reg, --as-of', facts: () => factsOf(server('a', { shutdown: null }), { view: regTreeView, asOf: new Date('2025-01-01T00:00:00Z') }), messageIds: ['option'], allowNoEvidence: true },
      { name: 'no ShutdownTime', facts: () => factsOf(server('a', { shutdown: null })), messageIds: ['lastWrite'] },
      { name: 'ShutdownTime and a --as-of the same day: the --as-of is the clock, the image clock beside it', facts: () => factsOf(server('a'), { asOf: new Date(IMAGE_TIME.getTime() + 3_600_000) }), messageIds: ['option'] },
      { name: 'ShutdownTime and a --as-of 100 days later: warned', facts: () => factsOf(server('a'), { asOf: new Date(IMAGE_TIME.getTime() + 100 * 86_400_000) }), messageIds: ['optionDiffers'] },
      { name: 'no clock at all', facts: () => factsOf(server('a', { shutdown: null }), { view: regTreeView }), messageIds: ['none'], allowNoEvidence: true },
    ],
  },
  'hive-dirty-logs-missing': {
    valid: [{ name: 'clean', facts: healthy }, { name: 'dirty with logs', facts: () => factsOf(healthyRdsh(), { inputState: { system: { dirty: true, logsApplied: [{ path: 'SYSTEM.LOG1', entries: 3 }] } } }) }],
    invalid: [{ name: 'dirty, no logs', facts: () => factsOf(healthyRdsh(), { inputState: { system: { dirty: true, logsMissing: true } } }), messageIds: ['dirty'] }],
  },
  'hive-logs-replayed': {
    valid: [{ name: 'no logs', facts: healthy }],
    invalid: [{ name: 'two hives replayed', facts: () => factsOf(healthyRdsh(), { inputState: { system: { logsApplied: [{ path: 'SYSTEM.LOG1', entries: 3 }] }, software: { logsApplied: [{ path: 'SOFTWARE.LOG2', entries: 1 }] } } }), messageIds: ['replayed', 'replayed'] }],
  },
  'hive-corrupt': {
    valid: [
      { name: 'info anomalies only', facts: () => factsOf(healthyRdsh(), { inputState: { system: { anomalies: [{ code: 'hive-name-truncated', severity: 'info', message: 'x' }] } } }) },
      { name: 'dirtiness and log problems are not damage', facts: () => factsOf(healthyRdsh(), { inputState: { system: { anomalies: [{ code: 'hive-dirty', severity: 'warning', message: 'x' }, { code: 'log-foreign', severity: 'warning', message: 'y' }, { code: 'dirty-hive-no-logs', severity: 'warning', message: 'z' }] } } }) },
    ],
    invalid: [{ name: 'bad cell', facts: () => factsOf(healthyRdsh(), { inputState: { system: { anomalies: [{ code: 'bad-cell', severity: 'error', message: 'cell size 0', offset: 0x1020 }] } } }), messageIds: ['damaged'] }],
  },
  'deleted-licensing-data': {
    valid: [
      { name: 'recovery did not run', facts: healthy, status: 'notCheckable' },
      { name: 'recovered records elsewhere only', facts: () => factsOf(healthyRdsh(), { inputState: { system: { recovered: { keys: [{ path: `${CS}\\Services\\Foo`, lastWrite: null, offset: 0x100 }], values: [] } } } }), status: 'passed' },
    ],
    invalid: [
      { name: 'deleted timebomb and GracePeriod key', facts: () => factsOf(healthyRdsh(), { inputState: { system: { recovered: { keys: [{ path: `${RCM}\\GracePeriod`, lastWrite: new Date('2025-01-01T00:00:00Z'), offset: 0x2000 }], values: [{ keyPath: '', name: TIMEBOMB, type: 3, data: new Uint8Array(230), offset: 0x2100 }] } } } }), messageIds: ['deleted', 'deleted'], severity: 'high' },
      { name: 'Group Policy churn under Policies\\Terminal Services is info', facts: () => factsOf(healthyRdsh(), { inputState: { software: { recovered: { keys: [{ path: `${TS_POLICIES}\\Old`, lastWrite: null, offset: 0x300 }], values: [{ keyPath: TS_POLICIES, name: 'LicenseServers', type: 1, data: new Uint8Array(4), offset: 0x400 }] } } } }), messageIds: ['deleted', 'deleted'], severity: 'info' },
      { name: 'a deleted MSLicensing store (the documented client fix) is info', facts: () => factsOf(healthyRdsh(), { inputState: { software: { recovered: { keys: [{ path: 'Microsoft\\MSLicensing\\Store\\LICENSE000', lastWrite: null, offset: 0x500 }], values: [{ keyPath: 'Microsoft\\MSLicensing\\HardwareID', name: 'ClientHWID', type: 3, data: new Uint8Array(20), offset: 0x600 }] } } } }), messageIds: ['deleted', 'deleted'], severity: 'info' },
      { name: 'deleted RCM certificate values (the documented refresh) are low', facts: () => factsOf(healthyRdsh(), { inputState: { system: { recovered: { keys: [], values: [{ keyPath: RCM, name: 'X509 Certificate', type: 3, data: new Uint8Array(40), offset: 0x700 }, { keyPath: RCM, name: 'Certificate', type: 3, data: new Uint8Array(40), offset: 0x780 }] } } } }), messageIds: ['deleted', 'deleted'], severity: 'low' },
      { name: 'an older LicensingMode value is medium', facts: () => factsOf(healthyRdsh(), { inputState: { system: { recovered: { keys: [], values: [{ keyPath: `${RCM}\\Licensing Core`, name: 'LicensingMode', type: 4, data: new Uint8Array(4), offset: 0x800 }] } } } }), messageIds: ['deleted'], severity: 'medium' },
    ],
  },
};
