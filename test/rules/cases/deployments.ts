/**
 * RuleTester cases for issue 14's host-role and licensing-configuration calibration (rds-licensing-audit.md A1–A8,
 * A18–A22, C1–C3, C5, C7, C11, C12). Merged with the per-family case files by rule id (cases/index.ts).
 */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf, linkedFacts } from '../../helpers/rule-tester.js';
import { samBuilder, type AliasSpec } from '../../scenarios/sam.js';
import { CS, healthyRdsh, multiSessionHost, server, TS_POLICIES, workstation } from '../../scenarios/host.js';

const PARAMS = `${CS}\\Services\\TermService\\Parameters`;
const IFS = `${CS}\\Services\\Tcpip\\Parameters\\Interfaces`;
const LS = `${CS}\\Services\\TermServLicensing`;
/** A Per Device RDSH whose only server list is the given SpecifiedLicenseServers elements. */
const specified = (servers: string[], extra = {}) => server('rdsh01', extra).localMode(2).specifiedServers(servers).grace(5);
/** SpecifiedLicenseServers at the location of the old Azure article. */
const misplaced = (h: ReturnType<typeof server>, servers: string[]) => {
  h.system.multiSz(PARAMS, 'SpecifiedLicenseServers', servers);
  return h;
};
/** A Windows Server 2003 terminal server (TSAppCompat = 1) whose PolicyAcOn is given (null: absent). */
const server2003 = (policyAcOn: number | null) => {
  const h = server('ts2003', { build: 3790 }).specifiedServers(['ls2003']).grace(5);
  h.software.remove('Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache');
  h.system.dword(`${CS}\\Control\\Terminal Server`, 'TSAppCompat', 1);
  if (policyAcOn !== null) h.system.dword(`${CS}\\Control\\Terminal Server\\Licensing Core`, 'PolicyAcOn', policyAcOn);
  return h;
};
/** A license server with the security-group policy on, optionally with its SAM hive (RDS Endpoint Servers members). */
const securedLs = (opts: { domain?: string | null; build?: number; members?: string[] | null; sam?: AliasSpec[] } = {}) => {
  const h = server('ls01', { rdsh: false, domain: opts.domain === undefined ? 'contoso.local' : opts.domain, build: opts.build ?? 17763 });
  h.system.dword(LS, 'Start', 2);
  h.software.dword(TS_POLICIES, 'fSecureLicensing', 1);
  if (opts.sam) h.sam = samBuilder(opts.sam);
  else if (opts.members) h.sam = samBuilder([{ rid: 0x240, name: 'RDS Endpoint Servers', members: opts.members }]);
  return h;
};
/** The host's own NIC address. */
const withAddress = (h: ReturnType<typeof server>, ip: string, dhcp = false) => {
  if (dhcp) h.system.sz(`${IFS}\\{0A1B2C3D-0000-4000-8000-00000000000A}`, 'DhcpIPAddress', ip);
  else h.system.multiSz(`${IFS}\\{0A1B2C3D-0000-4000-8000-00000000000B}`, 'IPAddress', [ip]);
  return h;
};

const rdshOn = (build: number) => server('rdsh01', { build }).localMode(4).policyMode(4).policyServers('ls01.contoso.local').graceFromInstall().rcmCertificates();
const lsOn = (build: number) => server('ls01', { build, rdsh: false });

export const deploymentCases: Record<string, RuleCases> = {
  'multisession-host': {
    valid: [
      { name: 'Windows Server RDSH', facts: () => factsOf(server('a').grace(5)), status: 'notApplicable' },
      { name: 'Windows 10 Pro', facts: () => factsOf(workstation('w')), status: 'notApplicable' },
    ],
    invalid: [
      { name: 'EditionID ServerRdsh (AVD)', facts: () => factsOf(multiSessionHost('avd')), messageIds: ['multiSession'], severity: 'info' },
      { name: 'EditionID EnterpriseMultiSession', facts: () => factsOf(multiSessionHost('avd', { edition: 'EnterpriseMultiSession' })), messageIds: ['multiSession'] },
    ],
  },
  'license-server-older-than-host': {
    valid: [
      { name: '2012 license server for a 2012 R2 host (one CAL generation)', facts: () => linkedFacts([rdshOn(9600), lsOn(9200)]), status: 'passed' },
      { name: '2008 license server for a 2008 R2 SP1 host', facts: () => linkedFacts([rdshOn(7601), lsOn(6002)]), status: 'passed' },
      { name: 'multi-session host never compares', facts: () => linkedFacts([multiSessionHost('avd').policyServers('ls01'), lsOn(9200)]), status: 'notApplicable' },
      { name: 'mode 6 takes no CALs', facts: () => linkedFacts([rdshOn(14393).policyMode(6), lsOn(9600)]), status: 'notApplicable' },
    ],
    invalid: [
      { name: '2008 R2 license server for a 2012 host', facts: () => linkedFacts([rdshOn(9200), lsOn(7601)]), messageIds: ['older'], severity: 'high' },
      { name: '2012 R2 license server for a 2016 host', facts: () => linkedFacts([rdshOn(14393), lsOn(9600)]), messageIds: ['older'] },
    ],
  },
  'cal-version-required': {
    valid: [{ name: 'multi-session host needs no CAL', facts: () => factsOf(multiSessionHost('avd')), status: 'notApplicable' }],
    invalid: [
      { name: '2008 R2 SP1 takes 2008 CALs too', facts: () => factsOf(server('a', { build: 7601 }).grace(5)), messageIds: ['required'], message: /TS\/RDS 2008 or 2008 R2 CALs or newer/ },
      { name: '2012 R2 takes RDS 2012 CALs', facts: () => factsOf(server('a', { build: 9600 }).grace(5)), messageIds: ['required'], message: /Windows Server 2012 R2 .*needs RDS 2012 CALs/ },
    ],
  },
  'license-server-list-malformed': {
    valid: [
      { name: 'MULTI_SZ, one server per element', facts: () => factsOf(healthyRdsh()) },
      { name: 'policy list separated by commas', facts: () => factsOf(healthyRdsh().policyServers('ls01.contoso.local,ls02.contoso.local')) },
      { name: 'multi-session host is never checked', facts: () => factsOf(multiSessionHost('avd').specifiedServers(['ls01,ls02'])), status: 'notApplicable' },
      { name: 'no list at all', facts: () => factsOf(server('a').localMode(2).grace(5)), status: 'notApplicable' },
    ],
    invalid: [
      {
        name: 'REG_SZ instead of REG_MULTI_SZ',
        facts: () => {
          const h = server('a').localMode(2).grace(5);
          h.system.sz(`${PARAMS}\\LicenseServers`, 'SpecifiedLicenseServers', 'ls01.contoso.local');
          return factsOf(h);
        },
        messageIds: ['wrongType'],
        severity: 'high',
        message: /REG_SZ, not REG_MULTI_SZ .*unverified/,
      },
      { name: 'one element holding a comma list', facts: () => factsOf(specified(['ls01,ls02'])), messageIds: ['joined'], severity: 'high' },
      { name: 'one element holding a semicolon list', facts: () => factsOf(specified(['ls01;ls02'])), messageIds: ['joined'] },
      { name: 'leading blank', facts: () => factsOf(specified([' ls01'])), messageIds: ['padded'], severity: 'medium' },
      { name: 'empty element in the middle hides the names after it', facts: () => factsOf(specified(['ls01', '', 'ls02'])), messageIds: ['empty'], severity: 'high' },
      { name: 'blank-only element', facts: () => factsOf(specified(['ls01', '  '])), messageIds: ['empty'], severity: 'medium' },
      { name: 'policy text with ";" separators', facts: () => factsOf(healthyRdsh().policyServers('ls01.contoso.local;ls02.contoso.local')), messageIds: ['policySemicolon'], severity: 'high' },
      { name: 'policy text with padded names', facts: () => factsOf(healthyRdsh().policyServers('ls01.contoso.local, ls02.contoso.local')), messageIds: ['padded'], severity: 'medium' },
    ],
  },
  'license-server-value-misplaced': {
    valid: [
      { name: 'value where Windows reads it', facts: () => factsOf(healthyRdsh()) },
      { name: 'multi-session host is never checked', facts: () => factsOf(misplaced(multiSessionHost('avd'), ['ls01'])), status: 'notApplicable' },
    ],
    invalid: [
      { name: 'only at TermService\\Parameters (old Azure article)', facts: () => factsOf(misplaced(server('a').localMode(2).grace(5), ['ls01.contoso.local'])), messageIds: ['misplaced'], severity: 'high' },
      { name: 'leftover beside a policy list', facts: () => factsOf(misplaced(healthyRdsh(), ['ls-old'])), messageIds: ['leftover'], severity: 'low' },
    ],
  },
  'no-license-server': {
    valid: [
      { name: 'AAD Per User needs no license server', facts: () => factsOf(server('a').policyMode(6).grace(5)), status: 'notApplicable' },
      { name: 'multi-session host with nothing configured', facts: () => factsOf(multiSessionHost('avd')), status: 'notApplicable' },
      { name: 'a ";"-joined policy text is still a (malformed) name', facts: () => factsOf(server('a').localMode(2).policyServers('ls01;ls02').grace(5)) },
    ],
    invalid: [
      {
        name: 'the only list is misplaced',
        facts: () => factsOf(misplaced(server('a').localMode(2).grace(5), ['ls01.contoso.local'])),
        messageIds: ['misplaced'],
        severity: 'high',
        message: /misplaced directly under TermService\\Parameters/,
      },
      { name: 'misplaced after the grace period', facts: () => factsOf(misplaced(server('a').localMode(2).graceFromInstall(), ['ls01'])), messageIds: ['misplaced'], severity: 'critical' },
    ],
  },
  'licensing-mode-aad-per-user': {
    valid: [
      { name: 'multi-session host with mode 6 is not an RDS CAL host', facts: () => factsOf(multiSessionHost('avd').policyMode(6)), status: 'notApplicable' },
      { name: 'Per Device', facts: () => factsOf(specified(['ls01'])) },
    ],
    invalid: [
      { name: 'Server 2019 in mode 6: CAL pool not used', facts: () => factsOf(server('a').policyMode(6).grace(5)), messageIds: ['aad'], message: /Entra ID service plan/ },
      { name: 'Server 2025 in mode 6: deprecation scope unverified', facts: () => factsOf(server('a', { build: 26100 }).localMode(6).grace(5)), messageIds: ['deprecatedServer'], message: /unverified/ },
      { name: 'ServerRdsh edition no longer exempts a Windows Server host', facts: () => factsOf(server('a', { edition: 'ServerStandard' }).policyMode(6).grace(5)), messageIds: ['aad'] },
    ],
  },
  'self-license-server-not-installed': {
    valid: [
      { name: 'another host\'s address', facts: () => factsOf(withAddress(specified(['10.0.0.21']), '10.0.0.22')) },
      {
        name: 'RD Licensing installed per ServerComponentCache and service key',
        facts: () => {
          const h = withAddress(specified(['10.0.0.21']), '10.0.0.21');
          h.system.dword(LS, 'Start', 2);
          h.software.dword('Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache\\RDS-Licensing', 'InstallState', 1);
          return factsOf(h);
        },
      },
    ],
    invalid: [
      { name: 'lists itself by its static address', facts: () => factsOf(withAddress(specified(['10.0.0.21']), '10.0.0.21')), messageIds: ['missing'] },
      { name: 'lists itself by its DHCP address', facts: () => factsOf(withAddress(specified(['192.168.7.9']), '192.168.7.9', true)), messageIds: ['missing'] },
      {
        name: 'service key left behind after the RD Licensing role was removed (InstallState 0)',
        facts: () => {
          const h = specified(['RDSH01']);
          h.system.dword(LS, 'Start', 2);
          return factsOf(h);
        },
        messageIds: ['roleRemoved'],
      },
    ],
  },
  'workgroup-license-server-auth': {
    valid: [{ name: 'workgroup host naming itself by its address', facts: () => factsOf(withAddress(specified(['10.0.0.21'], { domain: null }), '10.0.0.21')) }],
    invalid: [
      {
        name: 'workgroup host with a remote license server: verify the credential',
        facts: () => factsOf(specified(['10.0.0.5'], { domain: null })),
        messageIds: ['workgroup'],
        severity: 'medium',
        message: /verify the NETWORK SERVICE credential/,
      },
    ],
  },
  'license-server-auth-enforcement-disabled': {
    valid: [],
    invalid: [
      {
        name: 'value 1 on a domain-member license server is low',
        facts: () => {
          const h = healthyRdsh('ls01');
          h.system.dword(LS, 'Start', 2).dword(`${LS}\\Parameters`, 'DisableWorkgroupAuthEnforcement', 1);
          return factsOf(h);
        },
        messageIds: ['disabledDomain'],
        severity: 'low',
        message: /might stop honouring/,
      },
    ],
  },
  'licensing-mode-invalid': {
    valid: [
      { name: 'policy 6 is an ADMX value', facts: () => factsOf(server('a').policyMode(6).grace(5)) },
      { name: 'Server 2003 PolicyAcOn 2', facts: () => factsOf(server2003(2)) },
    ],
    invalid: [
      { name: 'policy 5 (not writable through the ADMX)', facts: () => factsOf(server('a').policyMode(5).grace(5)), messageIds: ['policyNotAdmx'], severity: 'low' },
      { name: 'policy 1', facts: () => factsOf(healthyRdsh().policyMode(1)), messageIds: ['policyNotAdmx'], severity: 'low' },
      { name: 'policy 0', facts: () => factsOf(healthyRdsh().policyMode(0)), messageIds: ['policyNotAdmx'] },
      { name: 'Server 2003 PolicyAcOn flipped to 0 (KB834651)', facts: () => factsOf(server2003(0)), messageIds: ['invalid2003'], severity: 'high' },
    ],
  },
  'policy-overrides-local-mode': {
    valid: [
      { name: 'local 5 (Group Policy only host)', facts: () => factsOf(server('a').policyMode(4).policyServers('ls01').grace(5)), status: 'notApplicable' },
      { name: 'local absent', facts: () => factsOf(server('a').localMode(null).policyMode(2).policyServers('ls01').grace(5)) },
    ],
    invalid: [{ name: 'policy 2 over a configured local 4', facts: () => factsOf(healthyRdsh().policyMode(2)), messageIds: ['differs'] }],
  },
  'policy-overrides-local-servers': {
    valid: [],
    invalid: [{ name: 'worded as tried first, local at most a fallback', facts: () => factsOf(healthyRdsh().specifiedServers(['LS-OLD'])), messageIds: ['differs'], message: /tried first.*at most a fallback \(2008 R2\) or unused/ }],
  },
  'per-user-in-workgroup': {
    valid: [{ name: 'multi-session host in a workgroup', facts: () => factsOf(multiSessionHost('avd', { domain: null }).localMode(4)), status: 'notApplicable' }],
    invalid: [
      {
        name: 'names the 60-minute disconnect users see',
        facts: () => factsOf(server('a', { domain: null }).localMode(4).specifiedServers(['ls']).grace(5)),
        messageIds: ['workgroup'],
        message: /disconnected in 60 minutes/,
      },
    ],
  },
  'licensing-mode-not-configured': {
    valid: [
      { name: 'Server 2003 Per User by PolicyAcOn (RCM LicensingMode 5 is not read there)', facts: () => factsOf(server2003(4)) },
      { name: 'Server 2003 PolicyAcOn 0 is left to licensing-mode-invalid', facts: () => factsOf(server2003(0)) },
      { name: 'multi-session host with nothing configured', facts: () => factsOf(multiSessionHost('avd')), status: 'notApplicable' },
    ],
    invalid: [{ name: 'Server 2003 without PolicyAcOn', facts: () => factsOf(server2003(null)), messageIds: ['missing'], message: /PolicyAcOn \(Windows Server 2003\)/ }],
  },
  'license-server-security-group': {
    valid: [
      { name: 'workgroup license server: the policy has no effect', facts: () => factsOf(securedLs({ domain: null })), status: 'notApplicable' },
      {
        name: 'policy off, SAM group empty',
        facts: () => {
          const h = securedLs({ members: [] });
          h.software.dword(TS_POLICIES, 'fSecureLicensing', 0);
          return factsOf(h);
        },
        status: 'passed',
      },
    ],
    invalid: [
      { name: 'Server 2019 without SAM: names RDS Endpoint Servers and 4141', facts: () => factsOf(securedLs()), messageIds: ['on'], severity: 'medium', message: /RDS Endpoint Servers \(S-1-5-32-576\).*4140\/4141/ },
      { name: 'Server 2008 R2: Terminal Server Computers', facts: () => factsOf(securedLs({ build: 7601 })), messageIds: ['on'], message: /Terminal Server Computers/ },
      { name: 'SAM shows RDS Endpoint Servers empty: every host refused', facts: () => factsOf(securedLs({ members: [] })), messageIds: ['empty'], severity: 'high', message: /unverified/ },
      {
        name: 'SAM shows members',
        facts: () => factsOf(securedLs({ members: ['S-1-5-21-1004336348-1177238915-682003330-1105'] })),
        messageIds: ['populated'],
        severity: 'medium',
        message: /1 member\(s\).*S-1-5-21-1004336348-1177238915-682003330-1105/,
      },
      {
        name: '2008 R2 SAM with an empty Terminal Server Computers alias',
        facts: () => factsOf(securedLs({ build: 7601, sam: [{ rid: 0x3e9, name: 'Terminal Server Computers', members: [] }] })),
        messageIds: ['empty'],
        severity: 'high',
      },
    ],
  },
};
