/**
 * Connection settings where a policy can override the local value: fDenyTSConnections, fSingleSessionPerUser,
 * every WinStations listener's port, SecurityLayer and UserAuthentication; and multi-session enablers.
 */
import { TS, TS_LICENSING_CORE, TS_POLICIES, WINLOGON, WINSTATIONS } from './paths.js';
import type { HiveSource } from './source.js';
import type { ConnectionFacts, Effective, Fact, ListenerFacts } from './types.js';

export function effective<T>(local: Fact<T> | null, policy: Fact<T> | null): Effective<T> {
  if (policy) return { value: policy.value, source: 'policy', local, policy };
  if (local) return { value: local.value, source: 'local', local, policy };
  return { value: null, source: 'none', local, policy };
}

/** Listeners Windows itself creates with a port other than 3389. */
const DEFAULT_PORTS: Record<string, number> = { 'EH-TCP': 3390 };

/** Upper bound on listeners reported (a hostile hive may hold thousands of WinStations subkeys). */
const MAX_LISTENERS = 256;

export function gatherConnection(system: HiveSource | null, cs: string | null, software: HiveSource | null): ConnectionFacts {
  const sys = (rel: string, name: string) => (system && cs ? system.dword(`${cs}\\${rel}`, name) : null);
  const pol = (name: string) => (software ? software.dword(TS_POLICIES, name) : null);
  const listeners: ListenerFacts[] = [];
  const ws = system && cs ? system.key(`${cs}\\${WINSTATIONS}`) : null;
  if (system && ws) {
    // RDP-Tcp first, by name, so junk subkeys cannot push it past the cap.
    const rdpTcp = ws.subkey('RDP-Tcp');
    const others = ws.subkeys().filter((k) => k.name.toUpperCase() !== 'RDP-TCP');
    for (const k of rdpTcp ? [rdpTcp, ...others] : others) {
      if (listeners.length >= MAX_LISTENERS) break;
      const port = system.dword(k.path, 'PortNumber');
      // A listener has a port; Console and other session templates do not.
      if (!port && k.name.toUpperCase() !== 'RDP-TCP') continue;
      listeners.push({
        name: k.name,
        port,
        defaultPort: DEFAULT_PORTS[k.name.toUpperCase()] ?? 3389,
        securityLayer: effective(system.dword(k.path, 'SecurityLayer'), pol('SecurityLayer')),
        userAuthentication: effective(system.dword(k.path, 'UserAuthentication'), pol('UserAuthentication')),
        evidence: [system.keyEvidence(k)],
      });
    }
  }
  return {
    denyTSConnections: effective(sys(TS, 'fDenyTSConnections'), pol('fDenyTSConnections')),
    singleSessionPerUser: effective(sys(TS, 'fSingleSessionPerUser'), pol('fSingleSessionPerUser')),
    listeners,
    enableConcurrentSessions: sys(TS_LICENSING_CORE, 'EnableConcurrentSessions'),
    allowMultipleTSSessions: software ? software.dword(WINLOGON, 'AllowMultipleTSSessions') : null,
  };
}
