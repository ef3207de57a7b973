/** RuleTester cases for the licensing-configuration rules. */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf, linkedFacts } from '../../helpers/rule-tester.js';
import { regTreeView } from '../../helpers/scenario-evidence.js';
import { certChain, CS, healthyRdsh, RCM, server, TS_POLICIES, workstation } from '../../scenarios/host.js';
import { lsRoot } from '../../scenarios/certs.js';

const healthy = () => factsOf(healthyRdsh());
const LS = `${CS}\\Services\\TermServLicensing`;

export const licensingCases: Record<string, RuleCases> = {
  'licensing-mode-not-configured': {
    valid: [
      { name: 'Per User by policy', facts: healthy },
      { name: 'Per Device locally', facts: () => factsOf(server('a').localMode(2).specifiedServers(['ls']).graceFromInstall()) },
      { name: 'workstation with mode 1 is not an RDSH', facts: () => factsOf(workstation('w')), status: 'notApplicable' },
      { name: 'invalid value is left to licensing-mode-invalid', facts: () => factsOf(server('a').localMode(3).graceFromInstall()) },
    ],
    invalid: [
      { name: 'mode 5, grace period running', facts: () => factsOf(server('a').specifiedServers(['ls']).grace(10)), messageIds: ['notConfigured'], severity: 'high' },
      { name: 'mode missing after the grace period', facts: () => factsOf(server('a').localMode(null).graceFromInstall()), messageIds: ['missing'], severity: 'critical' },
      { name: 'admin mode 1 on an RDSH', facts: () => factsOf(server('a').localMode(1).grace(5)), messageIds: ['notConfigured'] },
    ],
  },
  'licensing-mode-invalid': {
    valid: [{ name: 'mode 4', facts: healthy }, { name: 'mode 5 is defined', facts: () => factsOf(server('a').grace(5)) }],
    invalid: [
      { name: 'local 3', facts: () => factsOf(server('a').localMode(3).grace(5)), messageIds: ['invalid'] },
      { name: 'policy 7 and local 9', facts: () => factsOf(server('a').localMode(9).policyMode(7).grace(5)), messageIds: ['invalid', 'invalid'] },
      {
        name: 'policy value is a string that is not a number',
        facts: () => {
          const h = server('a').grace(5);
          h.software.sz(TS_POLICIES, 'LicensingMode', 'PerUser');
          return factsOf(h);
        },
        messageIds: ['invalid'],
      },
    ],
  },
  'licensing-mode-aad-per-user': {
    valid: [
      { name: 'Per User', facts: healthy },
      { name: 'AAD on Enterprise multi-session', facts: () => factsOf(server('a', { productType: 'WinNT', edition: 'ServerRdsh', installationType: 'Client' }).policyMode(6).grace(5)) },
    ],
    invalid: [{ name: 'AAD on Server Standard', facts: () => factsOf(server('a').policyMode(6).grace(5)), messageIds: ['aad'] }],
  },
  'no-license-server': {
    valid: [
      { name: 'policy list', facts: healthy },
      { name: 'Windows 2000 DefaultLicenseServer', facts: () => {
        const h = server('a').localMode(2).grace(5);
        h.system.sz(`${CS}\\Services\\TermService\\Parameters`, 'DefaultLicenseServer', 'LS2000');
        return factsOf(h);
      } },
      { name: 'Server 2003 subkeys', facts: () => {
        const h = server('a').localMode(2).grace(5);
        h.system.key(`${CS}\\Services\\TermService\\Parameters\\LicenseServers\\LS2003`);
        return factsOf(h);
      } },
    ],
    invalid: [
      { name: 'nothing configured, grace running', facts: () => factsOf(server('a').localMode(4).grace(5)), messageIds: ['none'], severity: 'high' },
      { name: 'empty SpecifiedLicenseServers after grace', facts: () => factsOf(server('a').localMode(4).specifiedServers([]).graceFromInstall()), messageIds: ['none'], severity: 'critical' },
      { name: 'policy list of blanks and commas', facts: () => factsOf(server('a').localMode(4).policyServers(' , ,').grace(5)), messageIds: ['none'] },
    ],
  },
  'policy-overrides-local-mode': {
    valid: [{ name: 'same mode', facts: healthy }, { name: 'policy only', facts: () => factsOf(server('a').localMode(null).policyMode(4).grace(5)) }],
    invalid: [{ name: 'policy 4 over local 2', facts: () => factsOf(healthyRdsh().localMode(2)), messageIds: ['differs'] }],
  },
  'policy-overrides-local-servers': {
    valid: [
      { name: 'same list, other case and order', facts: () => factsOf(healthyRdsh().policyServers('LS02,ls01.contoso.local').specifiedServers(['ls02', 'LS01.CONTOSO.LOCAL'])) },
      { name: 'policy only', facts: () => factsOf(server('a').localMode(4).policyServers('ls01').grace(5)) },
    ],
    invalid: [{ name: 'different lists', facts: () => factsOf(healthyRdsh().specifiedServers(['LS-OLD'])), messageIds: ['differs'] }],
  },
  'per-user-in-workgroup': {
    valid: [
      { name: 'domain joined', facts: healthy },
      { name: 'Per Device in a workgroup', facts: () => factsOf(server('a', { domain: null }).localMode(2).specifiedServers(['ls']).grace(5)) },
      {
        name: 'only a primary DNS suffix (weak signal) still counts as joined',
        facts: () => {
          const h = server('a', { domain: null }).localMode(4).specifiedServers(['ls']).grace(5);
          h.system.sz(`${CS}\\Services\\Tcpip\\Parameters`, 'Domain', 'corp.example');
          return factsOf(h);
        },
      },
    ],
    invalid: [{ name: 'Per User, no domain signal', facts: () => factsOf(server('a', { domain: null }).localMode(4).specifiedServers(['ls']).grace(5)), messageIds: ['workgroup'] }],
  },
  'cal-version-required': {
    valid: [
      { name: 'not an RDSH', facts: () => factsOf(workstation('w')), status: 'notApplicable' },
      { name: 'SYSTEM only: build unknown', facts: () => factsOf(server('a').grace(5).systemOnly()), status: 'notCheckable' },
    ],
    invalid: [
      { name: '2019', facts: healthy, messageIds: ['required'], severity: 'info' },
      { name: '2025', facts: () => factsOf(server('a', { build: 26100 }).grace(5)), messageIds: ['required'] },
    ],
  },
  'self-license-server-not-installed': {
    valid: [
      { name: 'remote license server', facts: healthy },
      { name: 'self with the role installed', facts: () => {
        const h = server('a').localMode(2).specifiedServers(['A']).grace(5);
        h.system.dword(LS, 'Start', 2);
        h.software.dword('Microsoft\\ServerManager\\ServicingStorage\\ServerComponentCache\\RDS-Licensing', 'InstallState', 1);
        return factsOf(h);
      } },
    ],
    invalid: [
      { name: 'NetBIOS name', facts: () => factsOf(server('rdsh9').localMode(2).specifiedServers(['RDSH9']).grace(5)), messageIds: ['missing'] },
      { name: 'FQDN', facts: () => factsOf(server('rdsh9').localMode(2).policyServers('rdsh9.contoso.local').grace(5)), messageIds: ['missing'] },
    ],
  },
  'license-service-disabled': {
    valid: [
      { name: 'no license server role', facts: healthy, status: 'notApplicable' },
      { name: 'service automatic', facts: () => {
        const h = healthyRdsh();
        h.system.dword(LS, 'Start', 2);
        return factsOf(h);
      }, status: 'passed' },
    ],
    invalid: [{ name: 'Start 4', facts: () => {
      const h = healthyRdsh();
      h.system.dword(LS, 'Start', 4);
      return factsOf(h);
    }, messageIds: ['disabled'], severity: 'critical' }],
  },
  'license-server-older-than-host': {
    valid: [
      { name: 'analysed alone', facts: healthy, status: 'notCheckable' },
      { name: 'license server 2022 for a 2019 host', facts: () => linkedFacts([healthyRdsh('rdsh01'), server('ls01', { build: 20348, rdsh: false })]), status: 'passed' },
      { name: 'other host is not its license server', facts: () => linkedFacts([healthyRdsh('rdsh01'), server('other', { build: 14393, rdsh: false })]), status: 'notApplicable' },
    ],
    invalid: [
      { name: '2016 license server for a 2019 host', facts: () => linkedFacts([healthyRdsh('rdsh01'), server('ls01', { build: 14393, rdsh: false })]), messageIds: ['older'] },
      {
        name: 'the same 2016 license server collected three times: one finding (the copies are one peer)',
        facts: () => linkedFacts([healthyRdsh('rdsh01'), ...[1, 2, 3].map(() => server('ls01', { build: 14393, rdsh: false }))]),
        messageIds: ['older'],
      },
    ],
  },
  'workgroup-license-server-auth': {
    valid: [
      { name: 'domain joined', facts: healthy },
      { name: 'workgroup host that is its own license server', facts: () => factsOf(server('a', { domain: null }).localMode(2).specifiedServers(['localhost']).grace(5)) },
      {
        name: 'license server analysed too, enforcement relaxed',
        facts: () => {
          const ls = server('ls01', { domain: null, rdsh: false });
          ls.system.dword(LS, 'Start', 2).dword(`${LS}\\Parameters`, 'DisableWorkgroupAuthEnforcement', 1);
          return linkedFacts([server('a', { domain: null }).localMode(2).specifiedServers(['LS01']).grace(5), ls]);
        },
      },
    ],
    invalid: [{ name: 'workgroup with remote LS', facts: () => factsOf(server('a', { domain: null }).localMode(2).specifiedServers(['10.0.0.5']).grace(5)), messageIds: ['workgroup'] }],
  },
  'license-server-auth-enforcement-disabled': {
    valid: [
      { name: 'no role', facts: healthy, status: 'notApplicable' },
      { name: 'value 0', facts: () => {
        const h = healthyRdsh();
        h.system.dword(LS, 'Start', 2).dword(`${LS}\\Parameters`, 'DisableWorkgroupAuthEnforcement', 0);
        return factsOf(h);
      }, status: 'passed' },
    ],
    invalid: [{ name: 'value 1 on a workgroup license server', facts: () => {
      const h = server('ls01', { domain: null });
      h.system.dword(LS, 'Start', 2).dword(`${LS}\\Parameters`, 'DisableWorkgroupAuthEnforcement', 1);
      return factsOf(h);
    }, messageIds: ['disabled'] }],
  },
  'prevent-license-upgrade': {
    valid: [{ name: 'policy on a host without the role', facts: () => {
      const h = healthyRdsh();
      h.software.dword(TS_POLICIES, 'fPreventLicenseUpgrade', 1);
      return factsOf(h);
    }, status: 'notApplicable' }],
    invalid: [{ name: 'policy on a license server', facts: () => {
      const h = healthyRdsh();
      h.system.dword(LS, 'Start', 2);
      h.software.dword(TS_POLICIES, 'fPreventLicenseUpgrade', 1);
      return factsOf(h);
    }, messageIds: ['on'] }],
  },
  'license-server-security-group': {
    valid: [{ name: 'license server without the policy', facts: () => {
      const h = healthyRdsh();
      h.system.dword(LS, 'Start', 2);
      return factsOf(h);
    }, status: 'passed' }],
    invalid: [{ name: 'policy on a license server', facts: () => {
      const h = healthyRdsh();
      h.system.dword(LS, 'Start', 2);
      h.software.dword(TS_POLICIES, 'fSecureLicensing', 1);
      return factsOf(h);
    }, messageIds: ['on'] }],
  },
  'licensing-notifications-hidden': {
    valid: [{ name: 'not set', facts: healthy }, { name: 'set to 0', facts: () => {
      const h = healthyRdsh();
      h.software.dword(TS_POLICIES, 'fDisableTerminalServerTooltip', 0);
      return factsOf(h);
    } }],
    invalid: [{ name: 'set to 1', facts: () => {
      const h = healthyRdsh();
      h.software.dword(TS_POLICIES, 'fDisableTerminalServerTooltip', 1);
      return factsOf(h);
    }, messageIds: ['hidden'] }],
  },
  'x509-certificate-suspect': {
    valid: [
      { name: 'all four values, chain decodes', facts: healthy },
      { name: 'only the proprietary Certificate (never registered)', facts: () => {
        const h = healthyRdsh();
        for (const v of ['X509 Certificate', 'X509 Certificate ID', 'X509 Certificate2']) h.system.removeValue(RCM, v);
        return factsOf(h);
      } },
      { name: 'a bare DER certificate', facts: () => {
        const h = healthyRdsh();
        h.system.binary(RCM, 'X509 Certificate', lsRoot).binary(RCM, 'X509 Certificate2', certChain([lsRoot]));
        return factsOf(h);
      } },
    ],
    invalid: [
      { name: 'X509 Certificate2 missing', facts: () => {
        const h = healthyRdsh();
        h.system.removeValue(RCM, 'X509 Certificate2');
        return factsOf(h);
      }, messageIds: ['partial'], severity: 'low' },
      { name: 'empty and garbage values', facts: () => {
        const h = healthyRdsh();
        h.system.binary(RCM, 'X509 Certificate', new Uint8Array(0)).binary(RCM, 'X509 Certificate2', Uint8Array.from([0x30, 0x82, 0xff, 0xff, 0, 0]));
        return factsOf(h);
      }, messageIds: ['empty', 'undecodable'] },
      { name: 'as a .reg export too (no LastWrite needed)', facts: () => {
        const h = healthyRdsh();
        h.system.binary(RCM, 'X509 Certificate', new Uint8Array(0));
        return factsOf(h, { view: regTreeView });
      }, messageIds: ['empty'] },
    ],
  },
  'license-never-obtained': {
    valid: [
      { name: 'licensed: an X509 Certificate exists', facts: healthy, status: 'passed' },
      { name: 'mode not configured (other rules)', facts: () => factsOf(server('a').specifiedServers(['ls01']).grace(10)), status: 'notApplicable' },
      { name: 'no license server (no-license-server)', facts: () => factsOf(server('a').localMode(4).grace(10)), status: 'notApplicable' },
      { name: 'grace period not started yet', facts: () => factsOf(server('a').localMode(2).specifiedServers(['ls01'])), status: 'notApplicable' },
    ],
    invalid: [
      { name: 'configured, grace running, only the proprietary Certificate', facts: () => {
        const h = server('a').localMode(4).policyMode(4).policyServers('ls01.contoso.local').grace(30);
        h.system.binary(RCM, 'Certificate', new Uint8Array(184).fill(7));
        return factsOf(h);
      }, messageIds: ['never'], severity: 'high' },
      { name: 'configured, grace over, no X509 Certificate', facts: () => factsOf(server('a').localMode(2).specifiedServers(['ls01']).graceFromInstall()), messageIds: ['never'], severity: 'critical' },
      { name: 'configured, X509 Certificate empty', facts: () => {
        const h = healthyRdsh().grace(20);
        h.system.binary(RCM, 'X509 Certificate', new Uint8Array(0));
        return factsOf(h);
      }, messageIds: ['never'], severity: 'high' },
      { name: '.reg export without the GracePeriod key (never exportable live): still reported', facts: () => {
        const h = server('a').localMode(2).specifiedServers(['ls01']);
        return factsOf(h, { view: regTreeView });
      }, messageIds: ['never'], severity: 'high' },
      { name: '.reg export: end unknown, still high', facts: () => factsOf(server('a').localMode(2).specifiedServers(['ls01']).grace(10), { view: regTreeView }), messageIds: ['never'], severity: 'high' },
    ],
  },
};
