/**
 * integrations/velociraptor: the artifacts parse, use only fields of artifact.proto and VQL functions and
 * arguments that exist, collect what rdslic reads, and the server artifact's command line, run over a folder laid
 * out like Velociraptor's file store, gives the rows the artifact returns. No Velociraptor binary runs here.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverHosts } from '../../src/node/discovery/index.js';
import { makeZip, ntuserHive } from '../evidence/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';
import { ecosystemArtifactFields, HAVE_VELOCIRAPTOR, PROTO, VQL } from './velociraptor-reference.js';
import { calls, evaluate, tokenize, type Value } from './vql.js';

const DIR = resolve(ROOT, 'integrations/velociraptor');
const CLIENT = 'Custom.Windows.Rdslic.Collect.yaml';
const SERVER = 'Custom.Server.Rdslic.Analyze.yaml';

interface Artifact {
  name: string;
  type?: string;
  parameters?: { name: string; type?: string; default?: string }[];
  precondition?: string;
  sources: { name?: string; query: string; precondition?: string }[];
  column_types?: { name: string; type: string }[];
  required_permissions?: string[];
  [k: string]: unknown;
}

const load = (f: string) => parse(readFileSync(join(DIR, f), 'utf8'), { strict: true, uniqueKeys: true }) as Artifact;
const artifacts = [CLIENT, SERVER].map((f) => [f, load(f)] as const);
const query = (a: Artifact) => [a.precondition, ...a.sources.flatMap((s) => [s.precondition, s.query])].filter((x) => typeof x === 'string').join('\n');
const param = (a: Artifact, name: string) => a.parameters?.find((p) => p.name === name);

const tmp = mkdtempSync(join(tmpdir(), 'rdslic-velo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Velociraptor artifacts: shape', () => {
  it.each(artifacts)('%s uses only fields of artifact.proto', (_f, a) => {
    const top = PROTO?.get('Artifact') ?? ecosystemArtifactFields();
    expect(top, 'artifact.proto or ecosystem.md').not.toBeNull();
    for (const k of Object.keys(a)) expect(top!.has(k), `Artifact.${k}`).toBe(true);
    if (PROTO) {
      for (const p of a.parameters ?? []) for (const k of Object.keys(p)) expect(PROTO.get('ArtifactParameter')!.has(k), `parameter ${p.name}.${k}`).toBe(true);
      for (const s of a.sources) for (const k of Object.keys(s)) expect(PROTO.get('ArtifactSource')!.has(k), `source.${k}`).toBe(true);
      for (const c of a.column_types ?? []) for (const k of Object.keys(c)) expect(PROTO.get('ColumnType')!.has(k), `column_types.${k}`).toBe(true);
    }
    expect(a.name).toMatch(/^Custom\.[A-Za-z.]+$/);
    expect(['CLIENT', 'SERVER']).toContain(a.type);
    // Parameter types named in ecosystem.md §2; every default is a string (the proto field is a string).
    for (const p of a.parameters ?? []) {
      if (p.type !== undefined) expect(['bool', 'int', 'csv', 'choices', 'regex', 'hidden'], p.name).toContain(p.type);
      if (p.default !== undefined) expect(typeof p.default, p.name).toBe('string');
    }
  });

  it.skipIf(!HAVE_VELOCIRAPTOR).each(artifacts)('%s calls only VQL functions and plugins that exist, with their argument names', (_f, a) => {
    const found = calls(tokenize(query(a)));
    expect(found.length).toBeGreaterThan(3);
    for (const c of found) {
      const entries = VQL!.get(c.name);
      expect(entries, `VQL ${c.name}()`).toBeDefined();
      const known = new Set(entries!.flatMap((e) => e.args.map((x) => x.name)));
      for (const arg of c.args) expect(known.has(arg), `${c.name}(${arg}=…)`).toBe(true);
      // Some variant (function or plugin) of that name has all its required arguments given.
      expect(entries!.some((e) => e.args.filter((x) => x.required).every((x) => c.args.includes(x.name))), `${c.name}(${c.args.join(', ')}) misses a required argument`).toBe(true);
    }
  });

  it.skipIf(!HAVE_VELOCIRAPTOR)('the checker itself catches a misspelt function, a wrong argument name, a missing required one', () => {
    const [bad, wrongArg, missing] = calls(tokenize('SELECT uplod(file=x), upload(filename=x), execve(length=1) FROM scope()'));
    expect(VQL!.get(bad.name)).toBeUndefined();
    expect(VQL!.get('upload')!.flatMap((e) => e.args.map((x) => x.name))).not.toContain(wrongArg.args[0]);
    expect(VQL!.get('execve')!.some((e) => e.args.filter((x) => x.required).every((x) => missing.args.includes(x.name)))).toBe(false);
  });

  it.skipIf(!HAVE_VELOCIRAPTOR)('the server artifact declares the EXECVE permission that execve() requires', () => {
    const server = load(SERVER);
    const used = new Set(calls(tokenize(query(server))).map((c) => c.name));
    expect(used).toContain('execve');
    const execve = VQL!.get('execve')!.flatMap((e) => e.permissions);
    expect(execve).toContain('EXECVE');
    expect(server.required_permissions).toEqual(['EXECVE']);
  });
});

describe('Custom.Windows.Rdslic.Collect', () => {
  const a = load(CLIENT);
  const globs = parse(`x: |\n${param(a, 'Targets')!.default!.split('\n').map((l) => `  ${l}`).join('\n')}`).x as string;
  const rows = globs.trim().split('\n').slice(1).map((l) => l.split(',')[0]);

  it('reads through the ntfs accessor, with a size cap', () => {
    const q = query(a);
    expect(q).toMatch(/glob\(globs=Targets\.Glob, root=RootPath, accessor="ntfs"\)/);
    expect(q).toMatch(/upload\(file=OSPath, accessor="ntfs"/);
    expect(param(a, 'MaxFileSize')).toMatchObject({ type: 'int' });
    expect(q).toMatch(/Size > MaxFileSize/);
    expect(globs.split('\n')[0]).toBe('Glob,Why');
  });

  it('collects exactly what rdslic reads: hives with logs, every profile, the machine master keys and User\\, Tasks, Amcache', () => {
    expect(rows).toEqual(
      expect.arrayContaining([
        'Windows\\System32\\config\\SYSTEM',
        'Windows\\System32\\config\\SYSTEM.LOG*',
        'Windows\\System32\\config\\SOFTWARE',
        'Windows\\System32\\config\\SOFTWARE.LOG*',
        'Windows\\System32\\config\\SECURITY',
        'Windows\\System32\\config\\SECURITY.LOG*',
        'Users\\*\\NTUSER.DAT',
        'Users\\*\\NTUSER.DAT.LOG*',
        'Windows\\System32\\Microsoft\\Protect\\S-1-5-18\\*',
        'Windows\\System32\\Microsoft\\Protect\\S-1-5-18\\User\\*',
        'Windows\\System32\\Tasks\\**10',
        'Windows\\AppCompat\\Programs\\Amcache.hve',
        'Windows\\AppCompat\\Programs\\Amcache.hve.LOG*',
      ]),
    );
    // Nothing rdslic does not read (no SAM, no event logs, no whole folders of other things).
    for (const r of rows) expect(r, r).toMatch(/config\\(SYSTEM|SOFTWARE|SECURITY)|NTUSER\.DAT|Protect\\S-1-5-18|System32\\Tasks|Amcache\.hve/);
  });

  it('what it uploads, laid out as the ntfs accessor stores it, is one host with its hives, logs and master keys', async () => {
    // One file per glob, named as a match would be, under uploads/ntfs/\\.\C:/… (ecosystem.md §2).
    const sample = (g: string) =>
      g
        .replace('Users\\*', 'Users\\bob')
        .replace('ServiceProfiles\\*', 'ServiceProfiles\\NetworkService')
        .replace(/\.LOG\*$/, '.LOG1')
        .replace(/NTUSER\.DAT\*$/, 'NTUSER.DAT')
        .replace('S-1-5-18\\User\\*', 'S-1-5-18\\User\\0a1b2c3d-1111-2222-3333-444455556666')
        .replace('S-1-5-18\\*', 'S-1-5-18\\cec32b3d-b3c1-dd94-b620-e1e51c0fe6ea')
        .replace('Tasks\\**10', 'Tasks\\Microsoft\\Windows\\Reset');
    const img = join(ROOT, 'samples/rdsh-disk-image/Windows/System32');
    const bytes = (p: string): Uint8Array => {
      if (/config\\(SYSTEM|SOFTWARE|SECURITY)$/.test(p)) return readFileSync(join(img, 'config', p.split('\\').pop()!));
      if (/NTUSER\.DAT$/.test(p)) return ntuserHive();
      if (/S-1-5-18\\[0-9a-f-]{36}$/.test(p)) return readFileSync(join(img, 'Microsoft/Protect/S-1-5-18/cec32b3d-b3c1-dd94-b620-e1e51c0fe6ea'));
      return new Uint8Array(512);
    };
    const files: Record<string, Uint8Array> = {};
    for (const r of rows) {
      const p = sample(r);
      files[`uploads/ntfs/${encodeURIComponent('\\\\.\\C:')}/${p.split('\\').map(encodeURIComponent).join('/')}`] = bytes(p);
    }
    const zip = join(tmp, 'Collection-RDSH.zip');
    writeFileSync(zip, makeZip(files));
    const r = await discoverHosts([zip]);
    expect(r.hosts).toHaveLength(1);
    const [h] = r.hosts;
    expect(h.hives.filter((x) => x.slot !== 'unused').map((x) => x.slot).sort()).toEqual(['security', 'software', 'system', 'user', 'user', 'user']);
    expect(h.hives.find((x) => x.slot === 'system')!.logs.map((l) => l.relPath)).toEqual([expect.stringMatching(/SYSTEM\.LOG1$/)]);
    expect(h.auxiliary.map((x) => x.role).sort()).toEqual(['dpapi-system-masterkey', 'dpapi-system-user-masterkey']);
  });
});

describe('Custom.Server.Rdslic.Analyze, simulated on a file-store-shaped folder', () => {
  const a = load(SERVER);
  const q = query(a);

  /** `clients/<ClientId>/collections/<FlowId>/` with uploads.json and uploads/auto/C%3A/… as the server stores it. */
  function flow(fs: string, client: string, flowId: string, sample: string): string {
    const dir = join(fs, 'clients', client, 'collections', flowId);
    const rows: string[] = [];
    for (const name of ['SYSTEM', 'SOFTWARE']) {
      const rel = `uploads/auto/C%3A/Windows/System32/config/${name}`;
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      cpSync(join(ROOT, 'samples', sample, name), join(dir, rel));
      const components = ['clients', client, 'collections', flowId, 'uploads', 'auto', 'C:', 'Windows', 'System32', 'config', name];
      rows.push(JSON.stringify({ Timestamp: 1746093600, started: '2025-05-01 10:00:00 +0000 UTC', vfs_path: `/${components.join('/')}`, _Components: components, file_size: 1, uploaded_size: 1, Type: '' }));
    }
    writeFileSync(join(dir, 'uploads.json'), rows.join('\n') + '\n');
    writeFileSync(join(dir, 'logs.json'), '{"level":"INFO","message":"collection done"}\n');
    return dir;
  }

  it('runs rdslic over every flow folder; the rows are the findings, with the columns the artifact selects', () => {
    const fs = join(tmp, 'filestore');
    const flows = [flow(fs, 'C.1a2b3c4d5e6f7a8b', 'F.CQ1A2B3C4D5E6', 'grace-period-expired'), flow(fs, 'C.9f8e7d6c5b4a3210', 'F.CQ9Z8Y7X6W5V4', 'healthy-per-user')];
    const out = join(tmp, 'out');

    // FlowDirs as file_store() + regex_replace would give them: the real upload path cut before uploads/.
    const re = /re='''([^']+)'''/.exec(q)![1];
    const real = flows.map((d) => join(d, 'uploads/auto/C%3A/Windows/System32/config/SYSTEM'));
    const flowDirs = real.map((p) => p.replace(new RegExp(re), ''));
    expect(flowDirs).toEqual(flows);

    const argvExpr = /LET Argv <= (.+)$/m.exec(q)![1];
    const env: Record<string, Value> = { RdslicPath: 'rdslic', 'FlowDirs.FlowDir': flowDirs, Formats: param(a, 'Formats')!.default!, OutDir: out };
    const argv = evaluate(tokenize(argvExpr), env) as string[];
    expect(argv.slice(0, 2)).toEqual(['rdslic', 'analyze']);
    const run = runCli(argv.slice(1), { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);

    // The final SELECT over parse_jsonl(findings.jsonl): `field AS Column`, each field present on every line.
    const last = q.slice(q.lastIndexOf('SELECT label'));
    expect(last).toMatch(/FROM parse_jsonl\(filename=path_join\(components=\[OutDir, "findings\.jsonl"\]\), accessor="file"\)/);
    const columns = [...last.slice(0, last.indexOf('FROM')).matchAll(/(\w+) AS (\w+)/g)].map((m) => [m[1], m[2]] as const);
    expect(columns.map(([, c]) => c)).toEqual(['Label', 'Hostname', 'Verdict', 'RuleId', 'Severity', 'Title', 'Message', 'AsOf', 'ReportFile']);
    const lines = readFileSync(join(out, 'findings.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = lines.map((l) => Object.fromEntries(columns.map(([field, col]) => [col, field in l ? l[field] : Symbol.for('missing')])));
    for (const r of rows) for (const [, col] of columns) expect(r[col], col).not.toBe(Symbol.for('missing'));

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { hosts: { label: string; findings: unknown[] }[] };
    expect(rows).toHaveLength(report.hosts.reduce((n, h) => n + h.findings.length, 0));
    expect(report.hosts.map((h) => h.label)).toEqual(['C.1a2b3c4d5e6f7a8b/F.CQ1A2B3C4D5E6', 'C.9f8e7d6c5b4a3210/F.CQ9Z8Y7X6W5V4']);
    expect(new Set(rows.map((r) => r.Label))).toContain('C.1a2b3c4d5e6f7a8b/F.CQ1A2B3C4D5E6');
    expect(rows.filter((r) => r.Label === 'C.1a2b3c4d5e6f7a8b/F.CQ1A2B3C4D5E6').map((r) => r.Severity)).toContain('critical');
    // The reports the artifact uploads (glob of OutDir): HTML per host and the fleet index, report.json.
    const written = readFileSync(join(out, 'index.html'), 'utf8');
    expect(written).toContain('<html');
    // The input folders were only read: nothing written inside the file store.
    expect(readFileSync(join(flows[0], 'logs.json'), 'utf8')).toContain('collection done');
  });
});
