/** RuleTester cases for the service, listener and tampering rules. */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf } from '../../helpers/rule-tester.js';
import { CS, CURRENT_VERSION, healthyRdsh, server, TS, TS_POLICIES, workstation } from '../../scenarios/host.js';

const healthy = () => factsOf(healthyRdsh());
const SVC = `${CS}\\Services\\TermService`;
const TCP = `${TS}\\WinStations\\RDP-Tcp`;

export const serviceCases: Record<string, RuleCases> = {
  'termservice-disabled': {
    valid: [{ name: 'Start 3', facts: healthy }, { name: 'Start 2', facts: () => {
      const h = healthyRdsh();
      h.system.dword(SVC, 'Start', 2);
      return factsOf(h);
    } }],
    invalid: [
      { name: 'Start 4 on a session host', facts: () => {
        const h = healthyRdsh();
        h.system.dword(SVC, 'Start', 4);
        return factsOf(h);
      }, messageIds: ['disabled'], severity: 'critical' },
      { name: 'Start 4 on a workstation is hardening', facts: () => {
        const h = workstation('w');
        h.system.dword(SVC, 'Start', 4);
        return factsOf(h);
      }, messageIds: ['hardening'], severity: 'info' },
      { name: 'Start 4 on a member server without the role', facts: () => {
        const h = server('m', { rdsh: false });
        h.system.dword(SVC, 'Start', 4);
        return factsOf(h);
      }, messageIds: ['hardening'], severity: 'info' },
    ],
  },
  'rdp-connections-denied': {
    valid: [{ name: 'local 0', facts: healthy }, { name: 'local 1 but policy 0', facts: () => {
      const h = healthyRdsh();
      h.system.dword(TS, 'fDenyTSConnections', 1);
      h.software.dword(TS_POLICIES, 'fDenyTSConnections', 0);
      return factsOf(h);
    } }],
    invalid: [{ name: 'local 1', facts: () => {
      const h = workstation('w');
      h.system.dword(TS, 'fDenyTSConnections', 1);
      return factsOf(h);
    }, messageIds: ['denied'], severity: 'info' }],
  },
  'rdp-wrapper-installed': {
    valid: [{ name: 'termsrv.dll', facts: healthy }],
    invalid: [{ name: 'rdpwrap.dll', facts: () => {
      const h = workstation('w');
      h.system.expandSz(`${SVC}\\Parameters`, 'ServiceDll', '%ProgramFiles%\\RDP Wrapper\\RDPWrap.dll');
      return factsOf(h);
    }, messageIds: ['wrapper'] }],
  },
  'termservice-dll-nonstandard': {
    valid: [
      { name: 'defaults', facts: healthy },
      { name: 'drive-letter spelling of the defaults', facts: () => {
        const h = healthyRdsh();
        h.system.expandSz(`${SVC}\\Parameters`, 'ServiceDll', 'C:\\Windows\\system32\\TERMSRV.DLL');
        h.system.expandSz(SVC, 'ImagePath', 'C:\\WINDOWS\\System32\\svchost.exe -k termsvcs');
        return factsOf(h);
      } },
    ],
    invalid: [
      { name: 'DLL elsewhere', facts: () => {
        const h = healthyRdsh();
        h.system.expandSz(`${SVC}\\Parameters`, 'ServiceDll', 'C:\\Users\\Public\\termsrv.dll');
        return factsOf(h);
      }, messageIds: ['dll'] },
      { name: 'custom host process', facts: () => {
        const h = healthyRdsh();
        h.system.expandSz(SVC, 'ImagePath', 'C:\\BeTwin\\tshost.exe');
        return factsOf(h);
      }, messageIds: ['image'] },
    ],
  },
  'multisession-enablers': {
    valid: [
      { name: 'defaults', facts: healthy },
      { name: 'AllowMultipleTSSessions on XP is Windows\' own fast user switching', facts: () => {
        const h = workstation('xp', { build: 2600 });
        h.software.dword(`${CURRENT_VERSION}\\Winlogon`, 'AllowMultipleTSSessions', 1);
        return factsOf(h);
      }, status: 'passed' },
    ],
    invalid: [
      { name: 'both enablers', facts: () => {
        const h = workstation('w');
        h.system.dword(`${TS}\\Licensing Core`, 'EnableConcurrentSessions', 1);
        h.software.dword(`${CURRENT_VERSION}\\Winlogon`, 'AllowMultipleTSSessions', 1);
        return factsOf(h);
      }, messageIds: ['set', 'leftover'] },
      { name: 'AllowMultipleTSSessions alone on Windows 10 is an inert leftover', facts: () => {
        const h = workstation('w');
        h.software.dword(`${CURRENT_VERSION}\\Winlogon`, 'AllowMultipleTSSessions', 1);
        return factsOf(h);
      }, messageIds: ['leftover'] },
    ],
  },
  'client-sku-multisession': {
    valid: [
      { name: 'plain workstation', facts: () => factsOf(workstation('w')), status: 'passed' },
      { name: 'server with enablers is not a client SKU', facts: () => {
        const h = healthyRdsh();
        h.system.dword(TS, 'fSingleSessionPerUser', 0);
        return factsOf(h);
      }, status: 'notApplicable' },
      { name: 'Enterprise multi-session', facts: () => {
        const h = workstation('w', { edition: 'ServerRdsh' });
        h.system.dword(TS, 'fSingleSessionPerUser', 0);
        return factsOf(h);
      }, status: 'notApplicable' },
    ],
    invalid: [
      { name: 'fSingleSessionPerUser 0 alone on Windows 10 Pro is info', facts: () => {
        const h = workstation('w');
        h.system.dword(TS, 'fSingleSessionPerUser', 0);
        return factsOf(h);
      }, messageIds: ['inert'], severity: 'info' },
      { name: 'RDP Wrapper on Windows 10 Pro', facts: () => {
        const h = workstation('w');
        h.system.dword(TS, 'fSingleSessionPerUser', 0);
        h.system.expandSz(`${SVC}\\Parameters`, 'ServiceDll', '%ProgramFiles%\\RDP Wrapper\\rdpwrap.dll');
        return factsOf(h);
      }, messageIds: ['multi'], severity: 'high' },
      { name: 'a non-standard ServiceDll on Windows 10 Pro', facts: () => {
        const h = workstation('w');
        h.system.expandSz(`${SVC}\\Parameters`, 'ServiceDll', 'C:\\Users\\Public\\termsrv.dll');
        return factsOf(h);
      }, messageIds: ['multi'], severity: 'high' },
      { name: 'EnableConcurrentSessions on Windows 10 Pro', facts: () => {
        const h = workstation('w');
        h.system.dword(`${TS}\\Licensing Core`, 'EnableConcurrentSessions', 1);
        return factsOf(h);
      }, messageIds: ['multi'], severity: 'high' },
    ],
  },
  'single-session-disabled': {
    valid: [{ name: 'restricted', facts: healthy }, { name: 'local 0 but policy 1', facts: () => {
      const h = healthyRdsh();
      h.system.dword(TS, 'fSingleSessionPerUser', 0);
      h.software.dword(TS_POLICIES, 'fSingleSessionPerUser', 1);
      return factsOf(h);
    } }],
    invalid: [{ name: 'policy 0', facts: () => {
      const h = healthyRdsh();
      h.software.dword(TS_POLICIES, 'fSingleSessionPerUser', 0);
      return factsOf(h);
    }, messageIds: ['multi'] }],
  },
  'rdp-port-changed': {
    valid: [{ name: '3389', facts: healthy }, { name: 'EH-Tcp on its default 3390', facts: () => {
      const h = healthyRdsh();
      h.system.dword(`${TS}\\WinStations\\EH-Tcp`, 'PortNumber', 3390);
      return factsOf(h);
    } }],
    invalid: [{ name: 'RDP-Tcp and a second listener', facts: () => {
      const h = healthyRdsh();
      h.system.dword(TCP, 'PortNumber', 3390);
      h.system.dword(`${TS}\\WinStations\\RDP-Tcp-2`, 'PortNumber', 443);
      return factsOf(h);
    }, messageIds: ['port', 'port'] }],
  },
  'nla-disabled': {
    valid: [{ name: 'required', facts: healthy }, { name: 'NLA off but RDP denied (fDenyTSConnections 1)', facts: () => {
      const h = workstation('w');
      h.system.dword(TCP, 'UserAuthentication', 0).dword(TS, 'fDenyTSConnections', 1);
      return factsOf(h);
    }, status: 'notApplicable' }, { name: 'NLA off but TermService disabled', facts: () => {
      const h = workstation('w');
      h.system.dword(TCP, 'UserAuthentication', 0).dword(SVC, 'Start', 4);
      return factsOf(h);
    }, status: 'notApplicable' }, { name: 'local 0 but policy 1', facts: () => {
      const h = healthyRdsh();
      h.system.dword(TCP, 'UserAuthentication', 0);
      h.software.dword(TS_POLICIES, 'UserAuthentication', 1);
      return factsOf(h);
    } }],
    invalid: [{ name: 'local 0', facts: () => {
      const h = server('a').grace(3);
      h.system.dword(TCP, 'UserAuthentication', 0);
      return factsOf(h);
    }, messageIds: ['off'], severity: 'high' }, { name: 'local 0, RDP denied locally but allowed by policy', facts: () => {
      const h = server('a').grace(3);
      h.system.dword(TCP, 'UserAuthentication', 0).dword(TS, 'fDenyTSConnections', 1);
      h.software.dword(TS_POLICIES, 'fDenyTSConnections', 0);
      return factsOf(h);
    }, messageIds: ['off'] }],
  },
  'rdp-security-layer-legacy': {
    valid: [{ name: 'TLS', facts: healthy }, { name: 'SecurityLayer 0 but RDP denied by policy', facts: () => {
      const h = workstation('w');
      h.system.dword(TCP, 'SecurityLayer', 0);
      h.software.dword(TS_POLICIES, 'fDenyTSConnections', 1);
      return factsOf(h);
    }, status: 'notApplicable' }],
    invalid: [{ name: 'policy 0 overrides local 2', facts: () => {
      const h = healthyRdsh();
      h.software.dword(TS_POLICIES, 'SecurityLayer', 0);
      return factsOf(h);
    }, messageIds: ['legacy'] }],
  },
};
