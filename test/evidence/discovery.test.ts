import { existsSync, symlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverHosts, loadHost } from '../../src/node/discovery/index.js';
import type { HostPlan } from '../../src/evidence/index.js';
import { UsageError } from '../../src/node/usage-error.js';
import { treeFromPaths, writeHive } from '../../src/regf-writer/index.js';
import { corpus, makeZip, ntuserHive, REGIPY, samHive, securityHive, softwareHive, systemHive, TempTree } from './fixtures.js';

const haveCorpus = existsSync(REGIPY);
let tree: TempTree | null = null;
const fresh = () => (tree = new TempTree());
afterEach(() => {
  tree?.remove();
  tree = null;
});

const kinds = (h: HostPlan) => h.hives.filter((x) => x.slot !== 'unused').map((x) => `${x.slot}:${x.kinds.join('+')}`).sort();
const masterKey = new Uint8Array(468).fill(7);
const GUID = '0a1b2c3d-1111-2222-3333-444455556666';

describe('discoverHosts: layouts', () => {
  it('a folder of three machines under arbitrary names (one of them zipped) gives three hosts', async () => {
    const t = fresh();
    t.write('fleet/alpha/host-a.sys', systemHive('ALPHA'));
    t.write('fleet/alpha/a_soft', softwareHive());
    t.write('fleet/alpha/readme.txt', 'collected by hand');
    t.write('fleet/beta/B-SYSTEM', systemHive('BETA'));
    t.write('fleet/beta/profiles/u1.dat', ntuserHive());
    t.write('fleet/gamma.zip', makeZip({ 'export/reg1': systemHive('GAMMA'), 'export/reg2': softwareHive(), 'export/reg3': samHive() }));
    const r = await discoverHosts([t.path('fleet')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['alpha', 'beta', 'gamma']);
    expect(kinds(r.hosts[0])).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(kinds(r.hosts[1])).toEqual(['system:SYSTEM', 'user:NTUSER']);
    expect(kinds(r.hosts[2])).toEqual(['sam:SAM', 'software:SOFTWARE', 'system:SYSTEM']);
    expect(r.hosts[2].hives.map((h) => h.file.path)).toContain(`${t.path('fleet/gamma.zip')}!/export/reg1`);
    expect(r.ignored).toEqual([{ path: t.path('fleet/alpha/readme.txt'), reason: 'not a registry hive, transaction log, .reg export or zip' }]);
    const names = [];
    for (const h of r.hosts) {
      const e = await loadHost(h);
      const v = e.system!.view.key('ControlSet001\\Control\\ComputerName\\ComputerName')!.value('ComputerName')!;
      names.push(new TextDecoder('utf-16le').decode(v.data).replace(/\0+$/, ''));
    }
    expect(names).toEqual(['ALPHA', 'BETA', 'GAMMA']);
  });

  it('a mounted image root gives one host with every hive kind, its users and the SYSTEM master keys', async () => {
    const t = fresh();
    t.write('img/Windows/System32/config/SYSTEM', systemHive('IMG'));
    t.write('img/Windows/System32/config/software', softwareHive());
    t.write('img/Windows/System32/config/SECURITY', securityHive());
    t.write('img/Windows/System32/config/SAM', samHive());
    t.write('img/Windows/System32/config/RegBack/SYSTEM', systemHive('OLD'));
    t.write('img/Users/bob/NTUSER.DAT', ntuserHive());
    t.write('img/Users/bob/Documents/todo.txt', 'x');
    t.write(`img/Windows/System32/Microsoft/Protect/S-1-5-18/${GUID}`, masterKey);
    t.write(`img/Windows/System32/Microsoft/Protect/S-1-5-18/User/${GUID}`, masterKey);
    const r = await discoverHosts([t.path('img')]);
    expect(r.hosts).toHaveLength(1);
    const [h] = r.hosts;
    expect(h.label).toBe('img');
    expect(kinds(h)).toEqual(['sam:SAM', 'security:SECURITY', 'software:SOFTWARE', 'system:SYSTEM', 'user:NTUSER']);
    expect(h.hives.find((x) => x.file.path.includes('RegBack'))).toMatchObject({ slot: 'unused', unused: 'SYSTEM hive from a RegBack copy' });
    expect(h.auxiliary.map((a) => a.role)).toEqual(['dpapi-system-masterkey', 'dpapi-system-user-masterkey']);
    const e = await loadHost(h);
    expect(e.users.map((u) => u.user)).toEqual(['bob']);
    expect(e.security?.input.kind).toBe('SECURITY');
    expect(e.sam?.input.kind).toBe('SAM');
    expect(e.auxiliary.map((a) => a.bytes.length)).toEqual([468, 468]);
    expect(e.inputs.map((i) => i.kind)).toHaveLength(6);
    expect(e.inputs.find((i) => i.path.includes('RegBack'))?.unused).toBe('SYSTEM hive from a RegBack copy');
  });

  it('a KAPE tree (drive folder, %-encoded folder names) gives one host named after the collection', async () => {
    const t = fresh();
    t.write('kape-out/C/Windows/System32/config/SYSTEM', systemHive('K'));
    t.write('kape-out/C/Windows/System32/config/SOFTWARE', softwareHive());
    t.write('kape-out/C/Users/alice/NTUSER.DAT', ntuserHive());
    t.write('kape-out/%5C%5C.%5CD%3A/Users/svc/NTUSER.DAT', ntuserHive());
    const r = await discoverHosts([t.path('kape-out')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['kape-out']);
    expect(kinds(r.hosts[0])).toEqual(['software:SOFTWARE', 'system:SYSTEM', 'user:NTUSER', 'user:NTUSER']);
    expect(r.hosts[0].hives.map((x) => x.user).filter(Boolean).sort()).toEqual(['alice', 'svc']);
  });

  it('a Velociraptor collection zip (URL-encoded uploads, two accessors) gives one host; the second copy is unused', async () => {
    const t = fresh();
    const zip = makeZip({
      'uploads/auto/C%3A/Windows/System32/config/SYSTEM': systemHive('VELO'),
      'uploads/auto/C%3A/Windows/System32/config/SOFTWARE': softwareHive(),
      'uploads/auto/C%3A/Users/bob/NTUSER.DAT': ntuserHive(),
      'uploads/ntfs/%5C%5C.%5CC%3A/Windows/System32/config/SYSTEM': systemHive('VELO'),
      ['uploads/auto/C%3A/Windows/System32/Microsoft/Protect/S-1-5-18/User/' + GUID]: masterKey,
      'results/Windows.KapeFiles.Targets%2FAll File Metadata.json': new TextEncoder().encode('{}\n'),
      'client_info.json': new TextEncoder().encode('{"Hostname":"velo"}'),
    });
    const zipPath = t.write('cases/Collection-WIN-1234.zip', zip);
    const r = await discoverHosts([zipPath]);
    expect(r.hosts).toHaveLength(1);
    const [h] = r.hosts;
    expect(h.label).toBe('velo'); // client_info.json's Hostname, not the zip's name
    expect(kinds(h)).toEqual(['software:SOFTWARE', 'system:SYSTEM', 'user:NTUSER']);
    const unused = h.hives.filter((x) => x.slot === 'unused');
    expect(unused.map((x) => x.file.path)).toEqual([`${zipPath}!/uploads/ntfs/%5C%5C.%5CC%3A/Windows/System32/config/SYSTEM`]);
    expect(h.anomalies.map((a) => a.code)).toEqual(['duplicate-hive']);
    expect(h.auxiliary.map((a) => a.role)).toEqual(['dpapi-system-user-masterkey']);
    expect(r.ignored.map((i) => i.path).sort()).toEqual([`${zipPath}!/client_info.json`, `${zipPath}!/results/Windows.KapeFiles.Targets%2FAll File Metadata.json`]);
    const e = await loadHost(h);
    expect(e.system?.input.path).toBe(`${zipPath}!/uploads/auto/C%3A/Windows/System32/config/SYSTEM`);
    expect(e.inputs).toHaveLength(4);
  });

  it('two SYSTEM hives in one flat folder: paired by name stem into two hosts, or one host per hive when names do not pair', async () => {
    const t = fresh();
    t.write('paired/srv1_SYSTEM', systemHive('SRV1'));
    t.write('paired/srv1_software.hiv', softwareHive());
    t.write('paired/SRV2-system', systemHive('SRV2'));
    t.write('paired/srv2-SOFTWARE', softwareHive());
    t.write('mixed/a', systemHive('A'));
    t.write('mixed/b', systemHive('B'));
    t.write('mixed/c', softwareHive());
    t.write('mixed/d', writeHive(treeFromPaths({ 'Root\\InventoryApplication': {} })));
    const r = await discoverHosts([t.path('paired'), t.path('mixed')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['paired/srv1', 'paired/srv2', 'mixed/a', 'mixed/b', 'mixed/c']);
    expect(kinds(r.hosts[0])).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(kinds(r.hosts[1])).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(r.hosts[0].anomalies[0]).toMatchObject({ code: 'folder-split-by-name', severity: 'info' });
    expect(r.hosts[2].anomalies[0]).toMatchObject({ code: 'ambiguous-folder', severity: 'warning' });
    expect(r.hosts.slice(2).map(kinds)).toEqual([['system:SYSTEM'], ['system:SYSTEM'], ['software:SOFTWARE']]);
    expect(r.ignored).toEqual([{ path: t.path('mixed/d'), reason: 'OTHER hive in a folder holding several hosts: cannot tell whose, and not a host on its own' }]);
  });

  it('a .reg export is a host input; a binary hive of the same kind wins over it', async () => {
    const t = fresh();
    const reg = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server]\r\n"fDenyTSConnections"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services]\r\n"LicensingMode"=dword:00000004\r\n';
    t.write('host/ts.reg', reg);
    t.write('host/hklm-software.bin', softwareHive());
    const r = await discoverHosts([t.path('host')]);
    expect(r.hosts).toHaveLength(1);
    const e = await loadHost(r.hosts[0]);
    expect(e.system?.input).toMatchObject({ format: 'reg', kind: 'SYSTEM', path: t.path('host/ts.reg') });
    expect(e.system?.view.key('CurrentControlSet\\Control\\Terminal Server')?.value('fDenyTSConnections')).not.toBeNull();
    expect(e.software?.input.format).toBe('regf');
    expect(e.inputs.find((i) => i.format === 'reg' && i.kind === 'SOFTWARE')?.unused).toMatch(/comes from .*hklm-software\.bin/);
  });

  it('loose hive files given one by one form one host, with the logs beside them', async () => {
    const t = fresh();
    const sys = t.write('case/sys.hve', systemHive('LOOSE'));
    t.write('case/sys.hve.LOG1', new Uint8Array(0));
    const soft = t.write('other/soft', softwareHive());
    const r = await discoverHosts([sys, soft]);
    expect(r.hosts).toHaveLength(1);
    expect(kinds(r.hosts[0])).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(r.hosts[0].hives.find((h) => h.kinds[0] === 'SYSTEM')?.logs.map((l) => l.path)).toEqual([t.path('case/sys.hve.LOG1')]);
    // From two folders, the host is named after the folder holding both, not after the first file's.
    expect(r.hosts[0].label).toBe(t.path('').split(/[\\/]/).filter(Boolean).pop());
    expect((await discoverHosts([t.path('case/sys.hve')])).hosts[0].label).toBe('case');
  });

  it('symbolic link loops end, linked copies are not listed twice, depth and file limits hold', async () => {
    const t = fresh();
    t.write('root/m1/SYSTEM', systemHive('M1'));
    symlinkSync(t.path('root'), t.path('root/m1/loop'));
    symlinkSync(t.path('root/m1/SYSTEM'), t.path('root/m1/SYSTEM-link'));
    t.write('root/deep/a/b/c/d/SYSTEM', systemHive('DEEP'));
    const r = await discoverHosts([t.path('root')], { limits: { walk: { maxDepth: 3 } } });
    expect(r.hosts.map((h) => h.label)).toEqual(['m1']);
    const reasons = Object.fromEntries(r.ignored.map((i) => [i.path.slice(t.path('root').length + 1), i.reason]));
    expect(reasons['m1/loop']).toMatch(/already walked/);
    expect(reasons['m1/SYSTEM-link']).toMatch(/same file/);
    expect(reasons['deep/a/b/c']).toMatch(/deeper than 3/);
    const few = await discoverHosts([t.path('root')], { limits: { walk: { maxFiles: 0 } } });
    expect(few.hosts).toEqual([]);
    expect(few.anomalies.map((a) => a.code)).toEqual(['walk-limit']);
  });

  it('a missing input is a usage error; transaction logs without their hive are ignored, never hosts', async () => {
    const t = fresh();
    await expect(discoverHosts([t.path('nope')])).rejects.toBeInstanceOf(UsageError);
    t.write('logs/SYSTEM.LOG1', new Uint8Array(512));
    const r = await discoverHosts([t.path('logs')]);
    expect(r.hosts).toEqual([]);
    expect(r.ignored).toEqual([{ path: t.path('logs/SYSTEM.LOG1'), reason: 'transaction log with no hive of that name beside it' }]);
  });
});

describe.runIf(haveCorpus)('loadHost: transaction logs (regipy SYSTEM_B + .LOG1/.LOG2)', () => {
  it('replays the logs beside a dirty hive, any case, into memory and records what was applied', async () => {
    const t = fresh();
    t.write('m/SYSTEM_B', corpus('SYSTEM_B'));
    t.write('m/system_b.log1', corpus('SYSTEM_B.LOG1'));
    t.write('m/SYSTEM_B.LOG2', corpus('SYSTEM_B.LOG2'));
    const before = t.fingerprint();
    const r = await discoverHosts([t.path('m')]);
    expect(r.hosts).toHaveLength(1);
    const e = await loadHost(r.hosts[0]);
    const input = e.system!.input;
    expect(input.dirty).toBe(true);
    expect(input.logsMissing).toBe(false);
    expect(input.logsApplied.length).toBeGreaterThan(0);
    for (const l of input.logsApplied) {
      expect(l.format).toBe('HvLE');
      expect(l.entries).toBeGreaterThan(0);
      expect(l.sequenceAfter).toBeGreaterThan(l.sequenceBefore);
      expect(l.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect((e.system!.view as { dirty?: boolean }).dirty).toBe(false);
    expect(input.sha256).toBe(before.get(t.path('m/SYSTEM_B'))!.split(' ')[0]);
    expect(t.fingerprint()).toEqual(before);
  });

  it('logs: false leaves the hive as it is; a dirty hive without logs says logsMissing', async () => {
    const t = fresh();
    t.write('m/SYSTEM_B', corpus('SYSTEM_B'));
    t.write('m/SYSTEM_B.LOG1', corpus('SYSTEM_B.LOG1'));
    t.write('m/SYSTEM_B.LOG2', corpus('SYSTEM_B.LOG2'));
    t.write('alone/SYSTEM_B', corpus('SYSTEM_B'));
    const r = await discoverHosts([t.path('m'), t.path('alone')], { logs: false });
    const off = await loadHost(r.hosts[0]);
    expect(off.system!.input).toMatchObject({ dirty: true, logsApplied: [], logsMissing: true });
    expect(off.system!.input.logsSkipped?.map((s) => s.reason)).toEqual(['log replay turned off', 'log replay turned off']);
    const alone = await loadHost(r.hosts[1], { logs: true });
    expect(alone.system!.input).toMatchObject({ dirty: true, logsApplied: [], logsMissing: true });
    expect(alone.system!.input.anomalies.map((a) => a.code)).toContain('dirty-hive-no-logs');
  });

  it('zipped dirty hive and logs replay the same as on disk, and every input hash matches its bytes', async () => {
    const t = fresh();
    const zipPath = t.write('z/dirty.zip', makeZip({ 'cfg/SYSTEM_B': corpus('SYSTEM_B'), 'cfg/SYSTEM_B.LOG1': corpus('SYSTEM_B.LOG1'), 'cfg/SYSTEM_B.LOG2': corpus('SYSTEM_B.LOG2') }));
    const before = t.fingerprint();
    const r = await discoverHosts([zipPath]);
    const e = await loadHost(r.hosts[0]);
    expect(e.label).toBe('dirty');
    expect(e.system!.input.logsApplied.length).toBeGreaterThan(0);
    for (const l of e.system!.input.logsApplied) expect([`${zipPath}!/cfg/SYSTEM_B.LOG1`, `${zipPath}!/cfg/SYSTEM_B.LOG2`]).toContain(l.path);
    const { createHash } = await import('node:crypto');
    expect(e.system!.input.sha256).toBe(createHash('sha256').update(corpus('SYSTEM_B')).digest('hex'));
    expect(t.fingerprint()).toEqual(before);
  });
});
