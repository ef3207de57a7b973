/**
 * RegRipper on hives built with the project's writer: the same hives the parser tests use, so the writer's blobs
 * are checked against an independent reader too (taskcache/tasks have no corpus SOFTWARE hive to run on).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactLines } from '../../src/dump/artifacts.js';
import { openHive } from '../../src/regf/hive.js';
import { writeHive } from '../../src/regf-writer/index.js';
import { HiveBuilder } from '../scenarios/builder.js';
import { requireOracle } from '../helpers/oracles.js';
import { win10Cache } from './encoders.js';
import { bamSystem, taskSoftware, userAssistNtuser } from './fixtures.js';
import { dateToFiletime } from '../../src/regf/filetime.js';
import { parseRipAppCompat, parseRipBam, parseRipUserAssist, rip, ripDate, ripGetTime } from './regripper.js';

const ready = requireOracle('regripper');
const dir = mkdtempSync(join(tmpdir(), 'rdslic-artifacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, b: HiveBuilder): { path: string; view: ReturnType<typeof openHive> } {
  const bytes = writeHive(b.root);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, view: openHive(bytes) };
}

describe.skipIf(!ready)('RegRipper reads the writer-built artifacts as we do', () => {
  it('bam (State\\UserSettings only), with its one-second slip on exact seconds', () => {
    const h = write('SYSTEM', bamSystem());
    const mine = artifactLines(h.view, 'bam').lines.filter((l) => l.extra?.key === 'State\\UserSettings' && l.extra?.service === 'bam');
    const theirs = parseRipBam(rip(h.path, 'bam'));
    expect(theirs.map((t) => [t.sid, t.path, t.time])).toEqual(mine.map((l) => [l.user, l.path, ripDate(ripGetTime(String(l.extra!.filetime)))]));
    // 2024-03-01T08:00:00Z exactly: RegRipper's double arithmetic prints 07:59:59.
    expect(theirs[0].time).toBe('2024-03-01 07:59:59');
    expect(mine[0].time).toBe('2024-03-01T08:00:00.000Z');
  });

  it('userassist', () => {
    const h = write('NTUSER.DAT', userAssistNtuser());
    const mine = artifactLines(h.view, 'userassist').lines;
    const theirs = parseRipUserAssist(rip(h.path, 'userassist'));
    const timed = theirs.filter((t) => t.time !== null).map((t) => [t.path, t.time, t.count]);
    expect(timed.sort()).toEqual(
      mine.filter((l) => l.time !== null).map((l) => [l.path, ripDate(ripGetTime(String(l.extra!.filetime))), l.extra!.format === 16 ? Number(l.extra!.count) - 5 : l.extra!.count]).sort(),
    );
    expect(theirs.filter((t) => t.time === null).map((t) => t.path).sort()).toEqual(['C:\\Tools\\Reset-TSGracePeriod.ps1', 'HRZR_EHACNGU:P:\\k.rkr']);
  });

  it('appcompatcache on a Windows 10 value', () => {
    const b = new HiveBuilder('SYSTEM', new Date('2024-01-01T00:00:00Z'));
    b.dword('Select', 'Current', 1);
    const entries = [
      { path: 'C:\\Users\\admin\\Downloads\\RDPWInst.exe', modified: new Date('2023-11-02T14:15:16.25Z') },
      { path: 'C:\\Windows\\system32\\cmd.exe', modified: new Date('2019-03-19T04:43:15.5Z') },
    ];
    b.binary('ControlSet001\\Control\\Session Manager\\AppCompatCache', 'AppCompatCache', win10Cache(entries));
    const h = write('SYSTEM-shim', b);
    const theirs = parseRipAppCompat(rip(h.path, 'appcompatcache'));
    expect(theirs.signature).toBe('0x34');
    expect(theirs.entries.map((e) => [e.path, e.time]).sort()).toEqual([
      ['C:\\Users\\admin\\Downloads\\RDPWInst.exe', '2023-11-02 14:15:16'],
      ['C:\\Windows\\system32\\cmd.exe', '2019-03-19 04:43:15'],
    ]);
    expect(artifactLines(h.view, 'appcompatcache').lines.map((l) => [l.path, l.time])).toEqual([
      ['C:\\Users\\admin\\Downloads\\RDPWInst.exe', '2023-11-02T14:15:16.250Z'],
      ['C:\\Windows\\system32\\cmd.exe', '2019-03-19T04:43:15.500Z'],
    ]);
  });

  it('taskcache and tasks: names, ids, registration and last-run times', () => {
    const h = write('SOFTWARE', taskSoftware());
    const mine = artifactLines(h.view, 'tasks').lines;
    const tc = rip(h.path, 'taskcache');
    expect(tc).toContain('Reset120\nLastWrite: ');
    expect(tc).toContain('Id: {4A3B2C1D-0000-4000-8000-00000000BEEF}');
    const ripped = (iso: string) => ripDate(ripGetTime(dateToFiletime(new Date(iso)).toString(16).padStart(16, '0')));
    expect(tc).toContain(`Task Reg Time: ${ripped('2024-01-10T06:00:00Z')}Z`);
    expect(tc).toContain(`Task Last Run: ${ripped('2024-03-01T06:00:05Z')}Z`);
    expect(tc).toContain(`Task Completed: ${ripped('2024-03-01T06:00:07Z')}Z`);
    const tasks = rip(h.path, 'tasks');
    expect(tasks).toContain('Path: \\Reset120');
    expect(tasks).toContain('Path: \\Hidden');
    expect(mine.map((l) => [l.path, l.time, l.extra?.lastRun])).toEqual([
      ['\\Reset120', '2024-01-10T06:00:00.000Z', '2024-03-01T06:00:05.000Z'],
      ['\\Hidden', null, null],
    ]);
  });
});
