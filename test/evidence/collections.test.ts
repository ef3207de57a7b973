/**
 * Collections laid out as Velociraptor and KAPE write them (shared/docs/ecosystem.md §2–§3): accessors, escaped
 * components, hunt exports, the server file store, encrypted containers, and the older copies of a machine
 * (Windows.old, RegBack, shadow copies, SYSTEM.old) that must never become hosts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { discoverHosts, loadHost } from '../../src/node/discovery/index.js';
import type { HostPlan } from '../../src/evidence/index.js';
import { dword, sz, treeFromPaths, writeHive } from '../../src/regf-writer/index.js';
import { runCli } from '../helpers/cli.js';
import { makeZip, ntuserHive, softwareHive, systemHive, TempTree } from './fixtures.js';

let tree: TempTree | null = null;
const fresh = () => (tree = new TempTree());
afterEach(() => {
  tree?.remove();
  tree = null;
});

const enc = (s: string) => new TextEncoder().encode(s);
const used = (h: HostPlan) => h.hives.filter((x) => x.slot !== 'unused').map((x) => `${x.slot}:${x.kinds.join('+')}`).sort();
const unused = (h: HostPlan) => h.hives.filter((x) => x.slot === 'unused').map((x) => [x.file.path, x.unused]);

/** A SYSTEM hive of `name` last written at `when` (the base block and every key). */
function systemAt(name: string, when: Date): Uint8Array {
  return writeHive(
    treeFromPaths({
      Select: { values: [dword('Current', 1)], lastWrite: when },
      'ControlSet001\\Control\\ComputerName\\ComputerName': { values: [sz('ComputerName', name)], lastWrite: when },
    }),
    { lastWritten: when },
  );
}

/** Sets the "encrypted" flag (bit 0) of the member `name`, as a password-protected member has it. */
function markEncrypted(zip: Uint8Array, name = 'data.zip'): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const named = (at: number, lenAt: number) => new TextDecoder().decode(out.subarray(at, at + dv.getUint16(lenAt, true))) === name;
  for (let i = 0; i + 46 <= out.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50 && named(i + 30, i + 26)) dv.setUint16(i + 6, dv.getUint16(i + 6, true) | 1, true);
    else if (sig === 0x02014b50 && named(i + 46, i + 28)) dv.setUint16(i + 8, dv.getUint16(i + 8, true) | 1, true);
  }
  return out;
}

/** An `uploads.json` line as reporting/container.go writes it. */
function uploadRow(components: string[], size: number, type = ''): string {
  const vfs = components.map((c) => encodeURIComponent(c).replace(/%2F/g, '/')).join('/');
  return JSON.stringify({ Timestamp: '2025-05-01T10:00:00Z', started: '2025-05-01 10:00:00 +0000 UTC', vfs_path: vfs, _Components: components, file_size: size, uploaded_size: size, Type: type });
}

describe('Velociraptor collections', () => {
  it('hives under ntfs_vss and NTUSER under auto are one machine; a shadow copy and a sparse index are not hosts', async () => {
    const t = fresh();
    const zip = makeZip({
      'uploads/ntfs_vss/%5C%5C.%5CC%3A/Windows/System32/config/SYSTEM': systemHive('VSSBOX'),
      'uploads/ntfs_vss/%5C%5C.%5CC%3A/Windows/System32/config/SOFTWARE': softwareHive(),
      'uploads/ntfs_vss/%5C%5C%3F%5CGLOBALROOT%5CDevice%5CHarddiskVolumeShadowCopy1/Windows/System32/config/SYSTEM': systemHive('VSSBOX'),
      'uploads/auto/C%3A/Users/bob/NTUSER.DAT': ntuserHive(),
      'uploads/sparse/C%3A/Users/eve/NTUSER.DAT': ntuserHive(),
      'uploads/sparse/C%3A/Users/eve/NTUSER.DAT.idx': enc('{"ranges":[]}'),
      'uploads/ntfs_vss/%5C%5C%3F%5CGLOBALROOT%5CDevice%5CHarddiskVolumeShadowCopy1/Windows/System32/Microsoft/Protect/S-1-5-18/0a1b2c3d-1111-2222-3333-444455556666': new Uint8Array(468),
    });
    const r = await discoverHosts([t.write('Collection-VSSBOX.zip', zip)]);
    expect(r.hosts.map((h) => h.label)).toEqual(['Collection-VSSBOX']);
    const [h] = r.hosts;
    expect(used(h)).toEqual(['software:SOFTWARE', 'system:SYSTEM', 'user:NTUSER', 'user:NTUSER']);
    expect(h.hives.filter((x) => x.slot === 'user').map((x) => x.user)).toEqual(['bob', 'eve']);
    expect(unused(h)).toEqual([[expect.stringContaining('HarddiskVolumeShadowCopy1'), 'SYSTEM hive from a volume shadow copy']]);
    expect(h.auxiliary).toEqual([]);
    expect(r.ignored.map((i) => [i.path.replace(/^.*!\//, ''), i.reason])).toEqual([
      ['uploads/ntfs_vss/%5C%5C%3F%5CGLOBALROOT%5CDevice%5CHarddiskVolumeShadowCopy1/Windows/System32/Microsoft/Protect/S-1-5-18/0a1b2c3d-1111-2222-3333-444455556666', 'DPAPI master key from a volume shadow copy: older copy, not used'],
      ['uploads/sparse/C%3A/Users/eve/NTUSER.DAT.idx', expect.stringMatching(/^not a registry/)],
    ]);
  });

  it('escaped components are decoded: the device `\\\\.\\C:`, a leading dot, a trailing space, UTF-8 names', async () => {
    const t = fresh();
    const zip = makeZip({
      'uploads/ntfs/%5C%5C.%5CC%3A/Windows/System32/config/SYSTEM': systemHive('ESC'),
      'uploads/ntfs/%5C%5C.%5CC%3A/Users/%2Eadmin/NTUSER.DAT': ntuserHive(),
      'uploads/ntfs/%5C%5C.%5CC%3A/Users/J\u00fcrgen%20/NTUSER.DAT': ntuserHive(),
    });
    const r = await discoverHosts([t.write('c.zip', zip)]);
    expect(r.hosts).toHaveLength(1);
    expect(r.hosts[0].hives.map((x) => x.user).filter(Boolean).sort()).toEqual(['.admin', 'J\u00fcrgen ']);
  });

  it('any single folder below uploads/ is an accessor (raw_reg, lazy_ntfs, one not yet named)', async () => {
    const t = fresh();
    for (const accessor of ['raw_reg', 'lazy_ntfs', 'some_future_accessor']) {
      const zip = makeZip({
        [`uploads/${accessor}/C%3A/Windows/System32/config/SYSTEM`]: systemHive('ACC'),
        'uploads/auto/C%3A/Users/bob/NTUSER.DAT': ntuserHive(),
      });
      const r = await discoverHosts([t.write(`${accessor}.zip`, zip)]);
      expect(r.hosts.map((h) => h.label), accessor).toEqual([accessor]);
      expect(used(r.hosts[0])).toEqual(['system:SYSTEM', 'user:NTUSER']);
    }
  });

  it('client_info.json names the host; uploads.json gives the original path shown in the report', async () => {
    const t = fresh();
    const sys = systemHive('WIN-LAB-07');
    const zip = makeZip({
      'client_info.json': enc(JSON.stringify({ Hostname: 'WIN-LAB-07', Fqdn: 'win-lab-07.corp.example', HostID: 'abc', OS: 'windows' })),
      'uploads.json': enc(
        [
          uploadRow(['uploads', 'auto', 'C:', 'Windows', 'System32', 'config', 'SYSTEM'], sys.length),
          uploadRow(['uploads', 'auto', 'C:', 'Users', 'bob', 'NTUSER.DAT'], 1),
          uploadRow(['uploads', 'auto', 'C:', 'Users', 'a%41b', 'NTUSER.DAT'], 1),
          uploadRow(['uploads', 'auto', 'C:', 'Users', 'bob', 'NTUSER.DAT.idx'], 1, 'idx'),
        ].join('\n') + '\n',
      ),
      'uploads/auto/C%3A/Users/a%2541b/NTUSER.DAT': ntuserHive(),
      'collection_context.json': enc('{}'),
      'uploads/auto/C%3A/Windows/System32/config/SYSTEM': sys,
      'uploads/auto/C%3A/Users/bob/NTUSER.DAT': ntuserHive(),
    });
    const zipPath = t.write('Collection-WIN-LAB-07-2025-05-01.zip', zip);
    const r = await discoverHosts([zipPath]);
    expect(r.hosts.map((h) => h.label)).toEqual(['WIN-LAB-07']);
    const system = r.hosts[0].hives.find((x) => x.slot === 'system')!;
    expect(system.originalPath).toBe('C:\\Windows\\System32\\config\\SYSTEM');
    expect(r.ignored.find((i) => i.path.endsWith('!/client_info.json'))?.reason).toMatch(/host label/);
    const e = await loadHost(r.hosts[0]);
    // A `%` in a folder name is stored escaped (`%2541`) and decoded once, matching uploads.json's components.
    expect(e.inputs.map((i) => i.originalPath)).toEqual(['C:\\Users\\a%41b\\NTUSER.DAT', 'C:\\Users\\bob\\NTUSER.DAT', 'C:\\Windows\\System32\\config\\SYSTEM']);

    const out = runCli(['analyze', zipPath, '--format', 'json', '--quiet']);
    const report = JSON.parse(out.stdout) as { hosts: { label: string; inputs: { path: string; originalPath?: string }[] }[] };
    expect(report.hosts[0].label).toBe('WIN-LAB-07');
    expect(report.hosts[0].inputs.map((i) => i.originalPath)).toContain('C:\\Windows\\System32\\config\\SYSTEM');
  });

  it('a hunt export gives one host per client folder, each named by its client_info.json', async () => {
    const t = fresh();
    const client = (host: string) => ({
      [`${host}-C.${host === 'WS1' ? '1a2b3c4d' : '5e6f7a8b'}/client_info.json`]: enc(JSON.stringify({ Hostname: host, Fqdn: `${host.toLowerCase()}.corp.example` })),
      [`${host}-C.${host === 'WS1' ? '1a2b3c4d' : '5e6f7a8b'}/collection_context.json`]: enc('{}'),
      [`${host}-C.${host === 'WS1' ? '1a2b3c4d' : '5e6f7a8b'}/uploads/auto/C%3A/Windows/System32/config/SYSTEM`]: systemHive(host),
      [`${host}-C.${host === 'WS1' ? '1a2b3c4d' : '5e6f7a8b'}/uploads/auto/C%3A/Windows/System32/config/SOFTWARE`]: softwareHive(),
      [`${host}-C.${host === 'WS1' ? '1a2b3c4d' : '5e6f7a8b'}/uploads/auto/C%3A/Users/bob/NTUSER.DAT`]: ntuserHive(),
    });
    const zip = makeZip({
      'hunt_info.json': enc('{"hunt_id":"H.ABC"}'),
      'results/All Windows.KapeFiles.Targets%2FAll File Metadata.json': enc('{}\n'),
      ...client('WS1'),
      ...client('WS2'),
    });
    const r = await discoverHosts([t.write('Hunt H.ABC.zip', zip)]);
    expect(r.hosts.map((h) => h.label)).toEqual(['WS1', 'WS2']);
    // Hostile client_info text: control characters and line breaks never reach a label.
    const evil = makeZip({ 'client_info.json': enc(JSON.stringify({ Hostname: 'EVIL\r\n<b>|x</b>\u2028' })), 'uploads/auto/C%3A/Windows/System32/config/SYSTEM': systemHive('E'), constructor: enc('x') });
    const e = await discoverHosts([t.write('evil.zip', evil)]);
    expect(e.hosts.map((h) => h.label)).toEqual(['EVIL<b>|x</b>']);
    expect(e.ignored.find((i) => i.path.endsWith('!/constructor'))?.reason).toMatch(/^not a registry/);
    for (const h of r.hosts) expect(used(h)).toEqual(['software:SOFTWARE', 'system:SYSTEM', 'user:NTUSER']);
  });

  it('the server file store: each flow folder is a host labelled <ClientId>/<FlowId>, with original paths', async () => {
    const t = fresh();
    const flow = 'fs/clients/C.1234abcd5678ef90/collections/F.CQ1A2B3C4D5E6';
    const sys = systemHive('FS1');
    t.write(`${flow}/uploads/auto/C%3A/Windows/System32/config/SYSTEM`, sys);
    t.write(`${flow}/uploads/auto/C%3A/Windows/System32/config/SOFTWARE`, softwareHive());
    t.write(
      `${flow}/uploads.json`,
      uploadRow(['clients', 'C.1234abcd5678ef90', 'collections', 'F.CQ1A2B3C4D5E6', 'uploads', 'auto', 'C:', 'Windows', 'System32', 'config', 'SYSTEM'], sys.length) + '\n',
    );
    t.write(`${flow}/logs.json`, '{}\n');
    const r = await discoverHosts([t.path('fs')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['C.1234abcd5678ef90/F.CQ1A2B3C4D5E6']);
    expect(r.hosts[0].hives.find((x) => x.slot === 'system')?.originalPath).toBe('C:\\Windows\\System32\\config\\SYSTEM');
  });

  it('an encrypted offline collection gives one line saying how to decrypt it, not "no registry hives found"', async () => {
    const t = fresh();
    const inner = makeZip({ 'uploads/auto/C%3A/Windows/System32/config/SYSTEM': systemHive('SECRET') });
    // data.zip is stored (not deflated) and password-protected, as reporting/container.go writes it.
    const metadata = enc(JSON.stringify([{ EncryptedPass: 'b64==', Scheme: 'X509', PublicKey: '-----BEGIN PUBLIC KEY-----' }], null, 1));
    const zip = markEncrypted(makeZip({ 'metadata.json': metadata, 'data.zip': inner }, 0));
    const zipPath = t.write('Collection-SECRET.zip', zip);
    const r = await discoverHosts([zipPath]);
    expect(r.hosts).toEqual([]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['encrypted-collection']);
    expect(r.anomalies[0].message).toContain(`velociraptor --config server.config.yaml decrypt ${zipPath} decrypted.zip`);
    const cli = runCli(['analyze', zipPath, '--format', 'json']);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toMatch(/encrypted Velociraptor collection \(X509 scheme\): decrypt it on the server with `velociraptor --config server.config.yaml decrypt/);
    expect(cli.stderr).not.toMatch(/no registry hives/);

    const noMeta = markEncrypted(makeZip({ 'data.zip': inner }, 0));
    const r2 = await discoverHosts([t.write('pw.zip', noMeta)]);
    expect(r2.anomalies[0].message).toMatch(/data\.zip has a password/);
    // A plain zip that merely holds a data.zip is no encrypted collection: the inner archive is listed as such.
    const plain = await discoverHosts([t.write('nested.zip', makeZip({ 'data.zip': inner }, 0))]);
    expect(plain.anomalies).toEqual([]);
    expect(plain.ignored.map((i) => i.reason)).toEqual(['archive inside a collection: give it as an input of its own']);
  });
});

describe('older copies of a machine are not hosts', () => {
  it('Windows.old in a Velociraptor zip and in a KAPE tree is listed as unused, never a host "Windows.old"', async () => {
    const t = fresh();
    const zip = makeZip({
      'uploads/auto/C%3A/Windows/System32/config/SYSTEM': systemHive('UPGRADED'),
      'uploads/auto/C%3A/Windows/System32/config/SOFTWARE': softwareHive(),
      'uploads/auto/C%3A/Windows.old/Windows/System32/config/SYSTEM': systemHive('UPGRADED'),
      'uploads/auto/C%3A/Windows.old/Windows/System32/config/SOFTWARE': softwareHive('Windows Server 2016 Standard'),
      'uploads/auto/C%3A/Windows.old/Users/bob/NTUSER.DAT': ntuserHive(),
    });
    t.write('kape/C/Windows/System32/config/SYSTEM', systemHive('UPGRADED'));
    t.write('kape/C/Windows.old/Windows/System32/config/SYSTEM', systemHive('UPGRADED'));
    t.write('kape/C/Windows.old/Windows/System32/config/SOFTWARE', softwareHive());
    for (const input of [t.write('up.zip', zip), t.path('kape')]) {
      const r = await discoverHosts([input]);
      expect(r.hosts, input).toHaveLength(1);
      expect(r.hosts[0].label).not.toMatch(/Windows\.old/);
      const old = r.hosts[0].hives.filter((x) => x.file.path.includes('Windows.old'));
      expect(old.length).toBeGreaterThan(0);
      for (const o of old) expect(o).toMatchObject({ slot: 'unused', unused: expect.stringContaining('from an older Windows installation (Windows.old)') });
    }
  });

  it('RegBack and KAPE --vss copies (vssN folders, shadow copy devices) are unused copies of the live machine', async () => {
    const t = fresh();
    t.write('tdest/C/Windows/System32/config/SYSTEM', systemHive('K1'));
    t.write('tdest/C/Windows/System32/config/SOFTWARE', softwareHive());
    t.write('tdest/C/Windows/System32/config/RegBack/SYSTEM', systemHive('K1'));
    t.write('tdest/C/Windows/System32/config/RegBack/SOFTWARE', softwareHive());
    t.write('tdest/vss1/C/Windows/System32/config/SYSTEM', systemHive('K1'));
    t.write('tdest/vss1/C/Users/bob/NTUSER.DAT', ntuserHive());
    t.write('tdest/%5C%5C%3F%5CGLOBALROOT%5CDevice%5CHarddiskVolumeShadowCopy3/Windows/System32/config/SYSTEM', systemHive('K1'));
    const r = await discoverHosts([t.path('tdest')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['tdest']);
    expect(used(r.hosts[0])).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(unused(r.hosts[0]).map(([, why]) => why).sort()).toEqual([
      'NTUSER hive from a volume shadow copy',
      'SOFTWARE hive from a RegBack copy',
      'SYSTEM hive from a RegBack copy',
      'SYSTEM hive from a volume shadow copy',
      'SYSTEM hive from a volume shadow copy',
    ]);
  });

  it('same/ = SYSTEM, SOFTWARE, SYSTEM.old gives ONE host with SYSTEM.old listed unused (also .bak, .sav)', async () => {
    const t = fresh();
    t.write('same/SYSTEM', systemHive('SAME'));
    t.write('same/SOFTWARE', softwareHive());
    t.write('same/SYSTEM.old', systemHive('SAME'));
    t.write('same/software.sav', softwareHive());
    t.write('same/SYSTEM.bak', systemHive('SAME'));
    const r = await discoverHosts([t.path('same')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['same']);
    const [h] = r.hosts;
    expect(used(h)).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(unused(h)).toEqual([
      [t.path('same/SYSTEM.bak'), 'SYSTEM hive from an older copy (SYSTEM.bak) beside the live SYSTEM'],
      [t.path('same/SYSTEM.old'), 'SYSTEM hive from an older copy (SYSTEM.old) beside the live SYSTEM'],
      [t.path('same/software.sav'), 'SOFTWARE hive from an older copy (software.sav) beside the live SOFTWARE'],
    ]);
    expect(h.anomalies).toEqual([]);
    const e = await loadHost(h);
    expect(e.inputs.filter((i) => i.unused).map((i) => i.unused)).toHaveLength(3);

    // The report lists them with the reason.
    const out = runCli(['analyze', t.path('same'), '--format', 'json', '--quiet']);
    const report = JSON.parse(out.stdout) as { hosts: { inputs: { path: string; unused?: string }[] }[] };
    expect(report.hosts).toHaveLength(1);
    expect(report.hosts[0].inputs.find((i) => i.path.endsWith('SYSTEM.old'))?.unused).toBe('SYSTEM hive from an older copy (SYSTEM.old) beside the live SYSTEM');
  });

  it('a SYSTEM.old alone (no live SYSTEM beside it) is used; a second SYSTEM of the same computer, older, is an older copy', async () => {
    const t = fresh();
    t.write('alone/SYSTEM.old', systemHive('ONLY'));
    t.write('alone/SOFTWARE', softwareHive());
    t.write('twice/SYSTEM', systemAt('TWICE', new Date('2025-03-01T00:00:00Z')));
    t.write('twice/SYSTEM-2024-copy', systemAt('twice', new Date('2024-06-01T00:00:00Z')));
    t.write('twice/SOFTWARE', softwareHive());
    t.write('two/a', systemAt('ALPHA', new Date('2025-03-01T00:00:00Z')));
    t.write('two/b', systemAt('BRAVO', new Date('2024-06-01T00:00:00Z')));
    const r = await discoverHosts([t.path('alone'), t.path('twice'), t.path('two')]);
    expect(r.hosts.map((h) => h.label)).toEqual(['alone', 'twice', 'two/a', 'two/b']);
    expect(used(r.hosts[0])).toEqual(['software:SOFTWARE', 'system:SYSTEM']);
    expect(unused(r.hosts[1])).toEqual([
      [t.path('twice/SYSTEM-2024-copy'), 'SYSTEM hive from an older copy of the same machine (computer name TWICE, last written 2024-06-01T00:00:00.000Z; SYSTEM was written later)'],
    ]);
    // Different computer names are different machines: still split, never folded.
    expect(r.hosts[2].anomalies.map((a) => a.code)).toEqual(['folder-split-by-name']);
  });
});
