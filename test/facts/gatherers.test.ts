import { describe, expect, it } from 'vitest';
import { daysLeft, looksLikeDpapi, masterKeyGuid } from '../../src/facts/grace-period.js';
import { namesOf, namesSelf, splitPolicyServerList } from '../../src/facts/licensing.js';
import { isStandardServiceDll, isSvchostImage } from '../../src/facts/termservice.js';
import { utf16Strings } from '../../src/facts/tasks.js';
import { serverRelease, calGeneration } from '../../src/facts/windows-release.js';
import { findDomainSid } from '../../src/facts/identity.js';
import { gatherFacts } from '../../src/facts/index.js';
import { TreeView } from '../../src/view/tree-view.js';
import { factsOf, hostScenario } from '../helpers/rule-tester.js';
import { regTreeView, scenarioEvidence } from '../helpers/scenario-evidence.js';
import { HiveBuilder, utf16z } from '../scenarios/builder.js';
import { CS, dpapiBlob, healthyRdsh, IMAGE_TIME, RCM, server, TS, workstation } from '../scenarios/host.js';

describe('control set', () => {
  it('Select\\Current 10 → ControlSet010 (zero-padded, not "ControlSet0010")', () => {
    const h = healthyRdsh();
    h.system.find(CS)!.name = 'ControlSet010';
    h.system.dword('Select', 'Current', 10);
    const f = factsOf(h);
    expect(f.controlSet).toMatchObject({ name: 'ControlSet010', source: 'select-current', available: ['ControlSet010'] });
    expect(f.licensing.effectiveMode.value).toBe(4);
    expect(f.gracePeriod.keyPath).toBe('SYSTEM\\ControlSet010\\Control\\Terminal Server\\RCM\\GracePeriod');
  });
  it('dangling Select\\Current → lowest-numbered set, and says so', () => {
    const h = healthyRdsh();
    h.system.dword('Select', 'Current', 7);
    h.system.key('ControlSet002\\Control');
    const f = factsOf(h);
    expect(f.controlSet.source).toBe('lowest-numbered');
    expect(f.controlSet.name).toBe('ControlSet001');
    expect(f.controlSet.evidence.some((e) => e.data?.includes('lowest-numbered'))).toBe(true);
  });
  it('an export of the live set: CurrentControlSet used literally', () => {
    const h = healthyRdsh();
    h.system.find(CS)!.name = 'CurrentControlSet';
    h.system.remove('Select');
    const f = factsOf(h, { view: regTreeView });
    expect(f.controlSet).toMatchObject({ name: 'CurrentControlSet', source: 'current-control-set', lastKnownGoodName: null });
    expect(f.licensing.policyServers?.servers).toEqual(['ls01.contoso.local']);
    expect(f.identity.computerName?.value).toBe('RDSH01');
  });
});

describe('as-of clock', () => {
  it('ShutdownTime of the current set', () => {
    expect(factsOf(healthyRdsh()).asOf).toMatchObject({ time: IMAGE_TIME.toISOString(), source: 'shutdown-time' });
  });
  it('a malformed ShutdownTime falls back to the newest plausible LastWrite (a year-2300 key is ignored)', () => {
    const h = healthyRdsh();
    h.system.binary(`${CS}\\Control\\Windows`, 'ShutdownTime', Uint8Array.from([1, 2, 3]));
    h.system.key('Bogus', { lastWrite: new Date('2300-01-01T00:00:00Z') });
    h.system.key(`${RCM}\\Newest`, { lastWrite: new Date('2025-05-31T08:00:00Z') });
    expect(factsOf(h).asOf).toMatchObject({ time: '2025-05-31T08:00:00.000Z', source: 'newest-system-lastwrite' });
    expect(factsOf(h).asOf.evidence[0].keyPath).toBe(`SYSTEM\\${RCM}\\Newest`);
  });
  it('.reg export without ShutdownTime: the --as-of option, never the wall clock', () => {
    const f = factsOf(server('a', { shutdown: null }), { view: regTreeView, asOf: new Date('2025-02-03T04:05:06Z') });
    expect(f.asOf).toMatchObject({ time: '2025-02-03T04:05:06.000Z', source: 'option', evidence: [], imageClock: { time: null, source: 'none' }, optionDiffersDays: null });
    expect(factsOf(server('a', { shutdown: null }), { view: regTreeView }).asOf.source).toBe('none');
  });
  it('an explicit --as-of is the clock used even with a ShutdownTime; the image clock stays beside it', () => {
    const f = factsOf(healthyRdsh(), { asOf: new Date('2025-09-01T00:00:00Z') });
    expect(f.asOf).toMatchObject({ time: '2025-09-01T00:00:00.000Z', source: 'option', imageClock: { time: IMAGE_TIME.toISOString(), source: 'shutdown-time' }, optionDiffersDays: 91 });
    expect(f.gracePeriod.daysLeft).toBe(0);
    expect(factsOf(healthyRdsh(), { asOf: new Date(IMAGE_TIME.getTime() + 3_600_000) }).asOf.optionDiffersDays).toBeNull();
  });
  it('a GracePeriod key dated in the future never becomes the clock nor feeds the estimate', () => {
    const f = factsOf(server('a', { shutdown: null }).grace(-3650));
    expect(f.asOf.source).toBe('newest-system-lastwrite');
    expect(Date.parse(f.asOf.time!)).toBeLessThan(IMAGE_TIME.getTime());
    expect(f.gracePeriod.futureDated).toMatchObject({ clockBasis: 'newest other key LastWrite in SYSTEM' });
    expect(f.gracePeriod.futureDated!.days).toBeGreaterThan(3600);
    expect(f.gracePeriod).toMatchObject({ estimatedEnd: null, end: null, daysLeft: null });
    expect(factsOf(healthyRdsh()).gracePeriod.futureDated).toBeNull();
  });
});

describe('identity', () => {
  it('build → Windows Server release → CAL version', () => {
    expect(serverRelease(7601)).toEqual({ build: 7601, name: 'Windows Server 2008 R2', calVersion: 'TS/RDS 2008 or 2008 R2', approximate: false });
    expect(serverRelease(9600)).toMatchObject({ name: 'Windows Server 2012 R2', calVersion: 'RDS 2012' });
    expect(serverRelease(17763)).toMatchObject({ name: 'Windows Server 2019', calVersion: 'RDS 2019', approximate: false });
    expect(serverRelease(18363)).toMatchObject({ name: 'Windows Server 2019', approximate: true });
    expect(serverRelease(26100)).toMatchObject({ calVersion: 'RDS 2025' });
    expect(serverRelease(3790)).toBeNull();
    // CAL generations (audit A2): 2008/2008 R2 and 2012/2012 R2 are one generation each.
    expect([6002, 7601, 9200, 9600, 14393, 17763, 20348, 26100].map(calGeneration)).toEqual([0, 0, 1, 1, 2, 3, 4, 5]);
    expect(calGeneration(3790)).toBe(-1);
    expect(factsOf(workstation('w')).identity.serverRelease).toBeNull();
  });
  it('domain membership from several signals with a confidence', () => {
    const joined = factsOf(healthyRdsh()).identity.domain;
    expect(joined.joined).toBe(true);
    expect(joined.confidence).toBe('medium');
    expect(joined.signals.map((s) => s.signal).sort()).toEqual(['dns-suffix', 'group-policy-dn', 'netlogon-site']);
    expect(factsOf(server('a', { domain: null })).identity.domain).toMatchObject({ joined: false, confidence: 'none', signals: [] });
  });
  it('primary domain SID from the SECURITY hive is a strong signal', () => {
    const sec = new HiveBuilder('SECURITY', IMAGE_TIME);
    const sid = Uint8Array.from([1, 4, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    sec.binary('Policy\\PolPrDmS', '', Uint8Array.from([8, 0, 10, 0, 0, 0, 0, 0, ...sid]));
    const ev = scenarioEvidence(hostScenario(server('a', { domain: null })));
    const security = { input: { ...ev.system!.input, path: 'a/SECURITY', kind: 'SECURITY' as const }, view: new TreeView(sec.root, 'regf', { lastWrite: true, security: true, className: true }) };
    const f = gatherFacts({ ...ev, security });
    expect(f.identity.domain).toMatchObject({ joined: true, confidence: 'high' });
    expect(f.identity.domain.signals[0].detail).toBe('primary domain SID S-1-5-21-1-2-3');
    expect(findDomainSid(new Uint8Array(24))).toBeNull();
  });
  it('InstallDate epoch → ISO', () => {
    expect(factsOf(healthyRdsh()).identity.installDate?.value).toBe('2024-01-15T09:00:00.000Z');
  });
});

describe('grace period', () => {
  it('recognises the DPAPI header and reads guidMasterKey', () => {
    const b = dpapiBlob();
    expect(looksLikeDpapi(b)).toBe(true);
    expect(masterKeyGuid(b)).toBe('59873e79-ca24-459a-8b17-a5dcd82c6ea1');
    expect(looksLikeDpapi(b.subarray(0, 19))).toBe(false);
    expect(looksLikeDpapi(new Uint8Array(8))).toBe(false);
  });
  it('days left rounds up partial days and never goes below 0', () => {
    expect(daysLeft('2025-01-02T06:00:00Z', '2025-01-01T00:00:00Z')).toBe(2);
    expect(daysLeft('2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z')).toBe(1);
    expect(daysLeft('2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toBe(0);
    expect(daysLeft('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toBe(0);
  });
  it('estimate = LastWrite + 120 days; .reg exports give no estimate', () => {
    const g = factsOf(server('a').grace(100)).gracePeriod;
    expect(g).toMatchObject({ endKind: 'estimated', daysLeft: 20 });
    expect(Date.parse(g.end!) - Date.parse(g.keyLastWrite!)).toBe(120 * 86_400_000);
    expect(factsOf(server('a').grace(100), { view: regTreeView }).gracePeriod).toMatchObject({ keyLastWrite: null, end: null, endKind: null, acl: null });
  });
  it('a decoded end wins and is kept with its derivation', () => {
    const end = new Date('2025-06-11T12:00:00Z');
    const g = factsOf(server('a').grace(100), { timebombDecoder: (_e, blob, name) => ({ status: 'decoded', end, derivation: `${name} ${blob.length}` }) }).gracePeriod;
    expect(g).toMatchObject({ endKind: 'decoded', end: end.toISOString(), daysLeft: 10, decoded: { end: end.toISOString(), derivation: 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588 230' } });
  });
  it('a throwing decoder is contained', () => {
    const g = factsOf(server('a').grace(100), { timebombDecoder: () => { throw new Error('boom'); } }).gracePeriod;
    expect(g.endKind).toBe('estimated');
  });
  it('beta timebomb name is recognised', () => {
    const h = server('a').grace(3, undefined, false);
    h.system.binary(`${RCM}\\GracePeriod`, 'L$GracePeriodTimeBomb_1320153D-8DA3-4e8e-B27B-0D888223A588', dpapiBlob(100));
    expect(factsOf(h).gracePeriod.timebomb).toMatchObject({ variant: 'beta', size: 100, dpapi: true });
  });
});

describe('licensing lists and names', () => {
  it('splits policy server lists on commas only, keeping what is padded or joined by ";" visible', () => {
    const raw = splitPolicyServerList('ls01.contoso.local, ls02 ;ls03,');
    expect(raw).toEqual(['ls01.contoso.local', ' ls02 ;ls03', '']);
    expect(namesOf(raw)).toEqual(['ls01.contoso.local', 'ls02 ;ls03']);
  });
  it('keeps SpecifiedLicenseServers raw: elements and type, no splitting', () => {
    const h = server('a').localMode(4).specifiedServers(['ls01,ls02', ' ls03', '', 'ls04']).grace(3);
    const spec = factsOf(h).licensing.localServers.find((l) => l.form === 'specified')!;
    expect(spec).toMatchObject({ raw: ['ls01,ls02', ' ls03', '', 'ls04'], servers: ['ls01,ls02', 'ls03', 'ls04'], valueType: 'REG_MULTI_SZ' });
    h.system.sz(`${CS}\\Services\\TermService\\Parameters\\LicenseServers`, 'SpecifiedLicenseServers', 'ls01');
    expect(factsOf(h).licensing.localServers.find((l) => l.form === 'specified')).toMatchObject({ raw: ['ls01'], valueType: 'REG_SZ' });
  });
  it('reads the misplaced SpecifiedLicenseServers without making it effective', () => {
    const h = server('a').localMode(4).grace(3);
    h.system.multiSz(`${CS}\\Services\\TermService\\Parameters`, 'SpecifiedLicenseServers', ['ls01']);
    const lic = factsOf(h).licensing;
    expect(lic.misplacedServers).toMatchObject({ servers: ['ls01'], form: 'misplaced' });
    expect(lic.effectiveServers.servers).toEqual([]);
  });
  it('recognises the host by one of its interface addresses (static or DHCP), not by another address', () => {
    const h = healthyRdsh('rdsh01');
    const ifs = `${CS}\\Services\\Tcpip\\Parameters\\Interfaces`;
    h.system.multiSz(`${ifs}\\{11111111-2222-3333-4444-555555555555}`, 'IPAddress', ['10.0.0.21', '0.0.0.0']);
    h.system.sz(`${ifs}\\{66666666-2222-3333-4444-555555555555}`, 'DhcpIPAddress', '192.168.1.40');
    const id = factsOf(h).identity;
    expect(id.addresses.map((a) => a.value)).toEqual(['10.0.0.21', '192.168.1.40']);
    for (const n of ['10.0.0.21', '192.168.1.40', ' 10.0.0.21']) expect(namesSelf(n, id), n).toBe(true);
    for (const n of ['10.0.0.22', '0.0.0.0']) expect(namesSelf(n, id), n).toBe(false);
  });
  it('a MULTI_SZ policy list is accepted too', () => {
    const h = server('a').localMode(4).grace(3);
    h.software.multiSz('Policies\\Microsoft\\Windows NT\\Terminal Services', 'LicenseServers', ['ls01', 'ls02']);
    expect(factsOf(h).licensing.effectiveServers).toMatchObject({ servers: ['ls01', 'ls02'], source: 'policy' });
  });
  it('recognises the host itself by name, FQDN, localhost', () => {
    const id = factsOf(healthyRdsh('rdsh01')).identity;
    for (const n of ['RDSH01', 'rdsh01', 'rdsh01.contoso.local', 'localhost', '127.0.0.1', '\\\\RDSH01']) expect(namesSelf(n, id), n).toBe(true);
    for (const n of ['rdsh02', 'rdsh01.other.local', 'ls01']) expect(namesSelf(n, id), n).toBe(false);
  });
  it('a LicensingMode that is not a DWORD is kept as invalid with a note', () => {
    const h = server('a').grace(3);
    h.system.binary(`${RCM}\\Licensing Core`, 'LicensingMode', Uint8Array.from([4, 0]));
    const f = factsOf(h);
    expect(f.licensing.localMode?.value).toBeNull();
    expect(f.notes[0].message).toMatch(/LicensingMode is not a DWORD \(REG_BINARY, 2 bytes\)/);
  });
});

describe('service and tasks helpers', () => {
  it('termsrv.dll and svchost in their usual spellings', () => {
    expect(isStandardServiceDll('%SystemRoot%\\System32\\termsrv.dll')).toBe(true);
    expect(isStandardServiceDll('"C:\\Windows\\System32\\TermSrv.dll"')).toBe(true);
    expect(isStandardServiceDll('%SystemRoot%\\System32\\rdpwrap.dll')).toBe(false);
    expect(isStandardServiceDll('C:\\Windows\\System32\\termsrv.dll.bak')).toBe(false);
    expect(isSvchostImage('%SystemRoot%\\System32\\svchost.exe -k NetworkService')).toBe(true);
    expect(isSvchostImage('C:\\Tools\\svchost.exe -k x')).toBe(false);
  });
  it('finds UTF-16 strings in an Actions blob at either alignment', () => {
    const cmd = utf16z('powershell.exe');
    const odd = new Uint8Array(cmd.length + 3);
    odd.set(cmd, 3);
    expect(utf16Strings(cmd)).toContain('powershell.exe');
    expect(utf16Strings(odd)).toContain('powershell.exe');
  });
  it('only WinStations subkeys with a port (or RDP-Tcp) are listeners', () => {
    const f = factsOf(healthyRdsh());
    expect(f.connection.listeners.map((l) => l.name)).toEqual(['RDP-Tcp']);
    const h = healthyRdsh();
    for (let i = 0; i < 400; i++) h.system.dword(`${TS}\\WinStations\\L${i}`, 'PortNumber', 4000 + i);
    expect(factsOf(h).connection.listeners.length).toBe(256);
  });
});
