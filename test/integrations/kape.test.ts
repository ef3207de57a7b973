/**
 * integrations/kape: the target and module use only KAPE's documented fields (shared/docs/ecosystem.md §3), the
 * target adds what no default target collects, and the module's command line, run over a KAPE output tree laid out
 * as the target would copy it, writes the HTML and JSON reports. KAPE itself (Windows only) does not run here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverHosts } from '../../src/node/discovery/index.js';
import { ntuserHive, TempTree } from '../evidence/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const DIR = resolve(ROOT, 'integrations/kape');
const load = (f: string) => parse(readFileSync(join(DIR, f), 'utf8'), { strict: true, uniqueKeys: true }) as Record<string, unknown>;
const target = load('RDSLicensing.tkape') as { Targets: Record<string, unknown>[] } & Record<string, unknown>;
const mod = load('rdslic.mkape') as { Processors: Record<string, unknown>[] } & Record<string, unknown>;

// Fields as ecosystem.md §3 lists them (from EricZimmerman/KapeFiles).
const TARGET_FIELDS = ['Description', 'Author', 'Version', 'Id', 'RecreateDirectories', 'Targets'];
const TARGET_ENTRY_FIELDS = ['Name', 'Category', 'Path', 'FileMask', 'Recursive', 'AlwaysAddToQueue', 'SaveAsFileName', 'MinSize', 'MaxSize', 'Comment'];
const MODULE_FIELDS = ['Description', 'Category', 'Author', 'Version', 'Id', 'BinaryUrl', 'ExportFormat', 'WaitTimeout', 'FileMask', 'Processors'];
const PROCESSOR_FIELDS = ['Executable', 'CommandLine', 'ExportFormat', 'ExportFile'];
/** Targets this one includes; each exists in EricZimmerman/KapeFiles under Targets/Windows/. */
const KAPEFILES_TARGETS = ['RegistryHivesSystem.tkape', 'RegistryHivesUser.tkape', 'Amcache.tkape'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const tmp = mkdtempSync(join(tmpdir(), 'rdslic-kape-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('KAPE target RDSLicensing.tkape', () => {
  it('uses only documented fields, with a GUID id and directories recreated', () => {
    for (const k of Object.keys(target)) expect(TARGET_FIELDS, k).toContain(k);
    for (const e of target.Targets) for (const k of Object.keys(e)) expect(TARGET_ENTRY_FIELDS, `${String(e.Name)}.${k}`).toContain(k);
    for (const e of target.Targets) for (const k of ['Name', 'Category', 'Path']) expect(typeof e[k], `${String(e.Name)}.${k}`).toBe('string');
    expect(target.Id).toMatch(GUID);
    expect(target.RecreateDirectories).toBe(true);
    expect(target.Id).not.toBe(mod.Id);
  });

  it('adds the Protect\\S-1-5-18 root, its User folder and the Tasks folder to RegistryHivesSystem', () => {
    const paths = target.Targets.map((e) => String(e.Path));
    expect(paths).toEqual(expect.arrayContaining(KAPEFILES_TARGETS));
    for (const p of paths.filter((x) => x.endsWith('.tkape'))) expect(KAPEFILES_TARGETS).toContain(p);
    const entry = (p: string) => target.Targets.find((e) => e.Path === p);
    expect(entry('C:\\Windows\\System32\\Microsoft\\Protect\\S-1-5-18\\')).toMatchObject({ FileMask: '*', Recursive: false });
    expect(entry('C:\\Windows\\System32\\Microsoft\\Protect\\S-1-5-18\\User\\')).toMatchObject({ FileMask: '*', Recursive: false });
    expect(entry('C:\\Windows\\System32\\Tasks\\')).toMatchObject({ Recursive: true });
    // Folder paths end in a backslash, as KAPE's own targets write them.
    for (const p of paths.filter((x) => !x.endsWith('.tkape'))) expect(p).toMatch(/^C:\\.*\\$/);
  });
});

describe('KAPE module rdslic.mkape', () => {
  it('uses only documented fields and runs rdslic.exe analyze over the source into the destination', () => {
    for (const k of Object.keys(mod)) expect(MODULE_FIELDS, k).toContain(k);
    for (const p of mod.Processors) for (const k of Object.keys(p)) expect(PROCESSOR_FIELDS, k).toContain(k);
    expect(mod.Id).toMatch(GUID);
    expect(mod.Processors).toEqual([{ Executable: 'rdslic.exe', CommandLine: 'analyze %sourceDirectory% --format html,json --out %destinationDirectory%', ExportFormat: 'html' }]);
  });

  it('its command line over a tree the target copied (tdest\\C\\…) gives one host with master keys, reports written to mdest', async () => {
    // The tree KAPE writes for these targets: <tdest>\C\<path as on the volume>, plus its own logs beside it.
    const t = new TempTree();
    const img = join(ROOT, 'samples/rdsh-disk-image/Windows/System32');
    for (const h of ['SYSTEM', 'SOFTWARE', 'SECURITY']) t.write(`tdest/C/Windows/System32/config/${h}`, readFileSync(join(img, 'config', h)));
    for (const f of readdirSync(join(img, 'Microsoft/Protect/S-1-5-18'))) t.write(`tdest/C/Windows/System32/Microsoft/Protect/S-1-5-18/${f}`, readFileSync(join(img, 'Microsoft/Protect/S-1-5-18', f)));
    t.write('tdest/C/Users/alice/NTUSER.DAT', ntuserHive());
    t.write('tdest/C/Windows/System32/Tasks/Microsoft/Windows/Reset', '<?xml version="1.0"?><Task/>');
    t.write('tdest/C/Windows.old/Windows/System32/config/SYSTEM', readFileSync(join(img, 'config/SYSTEM')));
    t.write('tdest/2025-05-01T100000_ConsoleLog.txt', 'KAPE version 1.3');
    t.write('tdest/2025-05-01T100000_CopyLog.csv', 'CopiedTimestamp,SourceFile,DestinationFile\n');
    try {
      const r = await discoverHosts([t.path('tdest')]);
      expect(r.hosts).toHaveLength(1);
      expect(r.hosts[0].auxiliary.length).toBeGreaterThan(0);
      const source = t.path('tdest');
      const dest = join(tmp, 'mdest');
      const line = String(mod.Processors[0].CommandLine).replace('%sourceDirectory%', source).replace('%destinationDirectory%', dest);
      const before = t.fingerprint();
      const run = runCli(line.split(' '), { timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(0);
      const written = readdirSync(dest).sort();
      expect(written).toEqual(expect.arrayContaining(['report.json', 'findings.jsonl']));
      expect(written.some((f) => /^001-.*\.html$/.test(f))).toBe(true);
      const report = JSON.parse(readFileSync(join(dest, 'report.json'), 'utf8')) as { hosts: { inputs: { path: string; unused?: string }[] }[] };
      expect(report.hosts).toHaveLength(1);
      expect(report.hosts[0].inputs.find((i) => i.path.includes('Windows.old'))?.unused).toMatch(/Windows\.old/);
      expect(t.fingerprint()).toEqual(before);
    } finally {
      t.remove();
    }
  });
});
