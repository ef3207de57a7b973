/**
 * The page's run (analyzePicked) in Node with in-memory reads: for the same files it writes exactly what the CLI
 * writes. `reports/` is the CLI's output for the folder `samples` (npm start), so a picked `samples` folder must
 * give those files byte for byte; zips and loose files are compared with fresh CLI runs.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/node/templates.js';
import { analyzePicked } from '../../src/web/analyze-picked.js';
import { LOOSE_LABEL, collectPickedFiles, normalizePickedPath, type BlobRead, type PickedFile } from '../../src/web/picked-files.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const templates = loadTemplates();
const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Blobs backed by bytes we keep, so reads are synchronous as FileReaderSync's are in the worker. */
function memoryFiles(entries: [path: string, bytes: Uint8Array][]): { picked: PickedFile[]; read: BlobRead } {
  const bytes = new Map<Blob, Uint8Array>();
  const picked = entries.map(([path, b]) => {
    const blob = new Blob([b as Uint8Array<ArrayBuffer>]);
    bytes.set(blob, b);
    return { blob, path };
  });
  return { picked, read: (blob, start, end) => bytes.get(blob)!.slice(start, end) };
}

function walk(dir: string, under: string): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, under));
    else out.push([relative(under, p).split(sep).join('/'), new Uint8Array(readFileSync(p))]);
  }
  return out;
}

async function run(entries: [string, Uint8Array][]) {
  const { picked, read } = memoryFiles(entries);
  return analyzePicked(picked, {}, { read, hash, templates });
}

describe('analyzePicked gives the CLI output', () => {
  it('the samples folder, picked: every file of reports/ byte for byte (22 hosts, fleet files)', async () => {
    const progress: number[] = [];
    const { picked, read } = memoryFiles(walk(join(ROOT, 'samples'), ROOT));
    const r = await analyzePicked(picked, {}, { read, hash, templates, progress: (done) => progress.push(done) });
    expect(r.report?.hosts).toHaveLength(22);
    expect(progress).toEqual(Array.from({ length: 23 }, (_, i) => i));
    const committed = readdirSync(join(ROOT, 'reports')).sort();
    // npm start writes html and md (the CLI default); the page adds report.json.
    expect(r.files.map((f) => f.fileName).filter((n) => n !== 'report.json').sort()).toEqual(committed);
    for (const f of r.files) if (f.fileName !== 'report.json') expect(f.content, f.fileName).toBe(readFileSync(join(ROOT, 'reports', f.fileName), 'utf8'));
    const cli = runCli(['analyze', 'samples', '--format', 'json', '--quiet']);
    expect(r.files.find((f) => f.fileName === 'report.json')!.content).toBe(cli.stdout);
    expect(r.failed).toEqual([]);
  });

  it('a zip picked on its own: the same JSON as the CLI given that zip (host named after the archive)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-web-'));
    const zip = zipSync({ 'host/SYSTEM': readFileSync(join(ROOT, 'samples/grace-period-expired/SYSTEM')), 'host/SOFTWARE': readFileSync(join(ROOT, 'samples/grace-period-expired/SOFTWARE')) });
    writeFileSync(join(dir, 'case.zip'), zip);
    const cli = runCli(['analyze', 'case.zip', '--format', 'json', '--quiet'], { cwd: dir });
    expect(cli.code, cli.stderr).toBe(0);
    const page = await run([['case.zip', zip]]);
    expect(page.files.find((f) => f.fileName === 'report.json')!.content).toBe(cli.stdout);
    expect(JSON.parse(cli.stdout).hosts[0].label).toBe('case');
  });

  it('loose files: the CLI output with the folder name the browser cannot see replaced by LOOSE_LABEL', async () => {
    const cwd = join(ROOT, 'samples/grace-period-expired');
    const cli = runCli(['analyze', 'SYSTEM', 'SOFTWARE', '--format', 'json', '--quiet'], { cwd });
    const page = await run([['SOFTWARE', new Uint8Array(readFileSync(join(cwd, 'SOFTWARE')))], ['SYSTEM', new Uint8Array(readFileSync(join(cwd, 'SYSTEM')))]]);
    const want = JSON.parse(cli.stdout);
    want.hosts[0].label = LOOSE_LABEL;
    expect(JSON.parse(page.files.find((f) => f.fileName === 'report.json')!.content)).toEqual(want);
  });

  it('nothing analysable: no report, every file listed as ignored with its reason', async () => {
    const r = await run([['notes/readme.txt', new TextEncoder().encode('hello')], ['../evil', new Uint8Array(4)]]);
    expect(r.report).toBeNull();
    expect(r.files).toEqual([]);
    expect(r.ignored.map((i) => i.path).sort()).toEqual(['../evil', 'notes/readme.txt']);
  });

  it('paths: separators normalised, escapes refused, duplicates ignored', () => {
    expect(normalizePickedPath('/case//C/./Windows\\SYSTEM')).toBe('case/C/Windows/SYSTEM');
    expect(normalizePickedPath('a/../b')).toBeNull();
    expect(normalizePickedPath('//')).toBeNull();
    const { picked, read } = memoryFiles([['a/SYSTEM', new Uint8Array(8)], ['/a/SYSTEM', new Uint8Array(8)]]);
    const c = collectPickedFiles(picked, read);
    expect(c.collections).toHaveLength(1);
    expect(c.ignored).toEqual([{ path: 'a/SYSTEM', reason: 'picked twice' }]);
  });
});
