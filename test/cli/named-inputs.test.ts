/** Every input named on the command line is accounted for (issue 13): used, or the run ends saying why. */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { zipSync } from 'fflate';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const SAMPLES = join(ROOT, 'samples');
const REG = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server]\r\n"fDenyTSConnections"=dword:00000000\r\n';

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdslic-named-'));
  mkdirSync(join(dir, 'case1'));
  cpSync(join(SAMPLES, 'grace-period-expired/SYSTEM'), join(dir, 'case1/SYSTEM'));
  cpSync(join(SAMPLES, 'grace-period-expired/SOFTWARE'), join(dir, 'case1/SOFTWARE'));
  writeFileSync(join(dir, 'notes.txt'), 'call the customer back\n');
  // UTF-16LE with the byte order mark twice (the export re-saved by a tool that adds its own).
  writeFileSync(join(dir, 'doubled-bom.reg'), Buffer.concat([Buffer.from([0xff, 0xfe, 0xff, 0xfe]), Buffer.from(REG, 'utf16le')]));
  writeFileSync(join(dir, 'fake.zip'), 'not a zip at all');
  return dir;
}

/** The zip with every member flagged encrypted (general purpose bit 0), as `zip -P` leaves them. */
function encrypted(zip: Uint8Array): Uint8Array {
  const out = new Uint8Array(zip);
  const dv = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint16(i + 6, dv.getUint16(i + 6, true) | 1, true);
    else if (sig === 0x02014b50) dv.setUint16(i + 8, dv.getUint16(i + 8, true) | 1, true);
  }
  return out;
}

function refused(args: string[], cwd: string): string {
  const r = runCli(args, { cwd });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stdout).toBe('');
  return r.stderr.trim();
}

describe('named inputs', () => {
  it('a text file named beside hives ends the run with its name and reason, before any report', () => {
    const dir = scratch();
    expect(refused(['analyze', 'notes.txt', 'case1/SYSTEM', 'case1/SOFTWARE', '--out', 'out'], dir)).toBe('rdslic: notes.txt: not a registry hive, transaction log, .reg export or zip');
    expect(refused(['analyze', 'case1', 'notes.txt', '--format', 'json'], dir)).toMatch(/^rdslic: notes\.txt: /);
  });

  it('a .reg with a doubled byte order mark is named and the invisible mark explained', () => {
    const dir = scratch();
    const line = refused(['analyze', 'doubled-bom.reg', 'case1/SYSTEM', '--format', 'json'], dir);
    expect(line).toMatch(/^rdslic: doubled-bom\.reg: .*second byte order mark \(U\+FEFF\)/);
    expect(line).not.toContain('\ufeff');
  });

  it('an encrypted zip, a .zip that is not one, and a folder without hives: exit 2 in analyze and in info', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'enc.zip'), encrypted(zipSync({ SYSTEM: readFileSync(join(dir, 'case1/SYSTEM')), SOFTWARE: readFileSync(join(dir, 'case1/SOFTWARE')) })));
    mkdirSync(join(dir, 'nothing'));
    writeFileSync(join(dir, 'nothing/readme.txt'), 'hello');
    for (const cmd of [['analyze', '--format', 'json'], ['info']]) {
      expect(refused([...cmd, 'enc.zip'], dir)).toMatch(/^rdslic: enc\.zip: .*2 members are encrypted \(a password-protected zip\)/);
      expect(refused([...cmd, 'fake.zip'], dir)).toMatch(/^rdslic: fake\.zip: not a zip archive/);
      expect(refused([...cmd, 'nothing'], dir)).toMatch(/^rdslic: nothing: no registry hive or \.reg export in this folder: 1 file\(s\) ignored, e\.g\. readme\.txt: not a registry hive/);
    }
    // Named beside a good input, they still end the run.
    expect(refused(['analyze', 'case1', 'enc.zip', '--format', 'json'], dir)).toMatch(/^rdslic: enc\.zip: /);
    expect(refused(['analyze', 'case1', 'nothing', '--format', 'json'], dir)).toMatch(/^rdslic: nothing: /);
  });

  it('a --log file that belongs to no hive is named', () => {
    const dir = scratch();
    expect(refused(['analyze', 'case1/SYSTEM', '--log', 'notes.txt', '--format', 'json'], dir)).toMatch(/^rdslic: --log notes\.txt: /);
  });

  it('inside a folder input, an unusable file is listed in the report (JSON, HTML, Markdown) with its reason', () => {
    const dir = scratch();
    cpSync(join(dir, 'notes.txt'), join(dir, 'case1/notes.txt'));
    cpSync(join(dir, 'doubled-bom.reg'), join(dir, 'case1/export.reg'));
    const r = runCli(['analyze', 'case1', '--out', 'out', '--format', 'html,md,json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 file\(s\) inside the inputs not used/);
    const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'));
    expect(report.ignored.map((i: { path: string }) => i.path)).toEqual(['case1/export.reg', 'case1/notes.txt']);
    expect(report.ignored[0].reason).toMatch(/second byte order mark/);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schema/report.schema.json'), 'utf8')));
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const html = readFileSync(join(dir, 'out/001-RDSH02.html'), 'utf8');
    expect(html).toMatch(/<caption>Files not used \(2\)<\/caption>[\s\S]*?case1\/notes\.txt<\/td><td class="">not a registry hive/);
    const md = readFileSync(join(dir, 'out/001-RDSH02.md'), 'utf8');
    expect(md).toMatch(/### Files not used \(2\)[\s\S]*?\| case1\/notes\.txt \| not a registry hive/);
  });

  it('a zip member that cannot be used is listed as ignored, the rest of the archive analysed', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'col.zip'), zipSync({ 'C/Windows/System32/config/SYSTEM': readFileSync(join(dir, 'case1/SYSTEM')), 'C/Windows/System32/config/SOFTWARE': readFileSync(join(dir, 'case1/SOFTWARE')), 'C/notes.txt': new TextEncoder().encode('x') }));
    const r = runCli(['analyze', 'col.zip', '--format', 'json', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).ignored).toEqual([{ path: 'col.zip!/C/notes.txt', reason: 'not a registry hive, transaction log, .reg export or zip' }]);
  });
});
