/**
 * The artifact parsers on hives built with the project's hive writer (BAM/DAM, UserAssist, a TaskCache task with
 * a real Actions blob, AppCompatCache values of every layout), and on hostile and truncated input.
 */
import { describe, expect, it } from 'vitest';
import { parseAmcache } from '../../src/artifacts/amcache.js';
import { parseAppCompatCache, parseAppCompatCacheHive } from '../../src/artifacts/appcompatcache.js';
import { parseBam } from '../../src/artifacts/bam.js';
import { parseTaskActions, guidString } from '../../src/artifacts/task-actions.js';
import { parseTaskCache } from '../../src/artifacts/taskcache.js';
import { parseUserAssist } from '../../src/artifacts/userassist.js';
import { artifactLines } from '../../src/dump/artifacts.js';
import { openHive } from '../../src/regf/hive.js';
import { writeHive } from '../../src/regf-writer/index.js';
import { HiveBuilder, filetimeBytes } from '../scenarios/builder.js';
import {
  actionsBlob,
  vista64Cache,
  win10Cache,
  win7Cache,
  win81Cache,
  xpCache,
} from './encoders.js';

import { CLSID, SID1, SID2, T0, TASK_ID, at, bamSystem, taskSoftware, userAssistNtuser } from './fixtures.js';

const open = (b: HiveBuilder) => openHive(writeHive(b.root));

describe('BAM/DAM', () => {
  it('reads bam\\State\\UserSettings, bam\\UserSettings and dam of the current control set, in order', () => {
    const r = parseBam(open(bamSystem()));
    expect(r.present).toBe(true);
    expect(r.anomalies).toEqual([]);
    expect(r.records.map((x) => [x.service, x.layout, x.sid, x.path, x.time?.toISOString()])).toEqual([
      ['bam', 'State\\UserSettings', SID1, '\\Device\\HarddiskVolume2\\Users\\admin\\Downloads\\TSTool.exe', '2024-03-01T08:00:00.000Z'],
      ['bam', 'State\\UserSettings', SID1, 'Microsoft.Windows.Cortana_cw5n1h2txyewy', '2024-03-02T09:30:15.500Z'],
      ['bam', 'UserSettings', SID2, '\\Device\\HarddiskVolume2\\Windows\\RDPWInst.exe', '2023-12-24T23:59:59.000Z'],
      ['dam', 'State\\UserSettings', SID1, '\\Device\\HarddiskVolume2\\Windows\\explorer.exe', '2024-03-03T00:00:01.000Z'],
    ]);
    expect(r.records.every((x) => typeof x.offset === 'number' && x.offset > 4096)).toBe(true);
    expect(r.records[0].filetime).toMatch(/^01da[0-9a-f]{12}$/);
  });

  it('short data is an anomaly with the value offset, absent keys are "not present"', () => {
    const b = new HiveBuilder('SYSTEM', T0);
    b.dword('Select', 'Current', 1);
    b.binary(`ControlSet001\\Services\\bam\\State\\UserSettings\\${SID1}`, 'C:\\x.exe', new Uint8Array([1, 2, 3]));
    const r = parseBam(open(b));
    expect(r.records).toHaveLength(1);
    expect(r.records[0].time).toBeNull();
    expect(r.anomalies[0]).toMatchObject({ code: 'bam-data-short', offset: r.records[0].offset });
    const none = parseBam(open(new HiveBuilder('SYSTEM', T0)));
    expect(none).toEqual({ records: [], anomalies: [], present: false });
  });

  it('dump lines carry artifact, path, time, user, extra and offset', () => {
    const d = artifactLines(open(bamSystem()), 'bam');
    expect(d.lines[0]).toMatchObject({ artifact: 'bam', path: '\\Device\\HarddiskVolume2\\Users\\admin\\Downloads\\TSTool.exe', time: '2024-03-01T08:00:00.000Z', user: SID1 });
    expect(Object.keys(d.lines[0])).toEqual(['artifact', 'path', 'time', 'user', 'extra', 'offset']);
  });
});

describe('UserAssist', () => {
  it('decodes ROT13 names and both record versions', () => {
    const r = parseUserAssist(open(userAssistNtuser()));
    expect(r.anomalies).toEqual([]);
    // GUID keys in subkey-list (name) order, values in value-list order.
    expect(r.records.map((u) => [u.path, u.format, u.count, u.runCount, u.focusCount, u.focusTimeMs, u.lastRun?.toISOString() ?? null, u.version])).toEqual([
      ['UEME_RUNPATH:C:\\WINDOWS\\system32\\notepad.exe', 16, 8, 3, undefined, undefined, '2006-05-01T10:00:00.000Z', 3],
      ['UEME_RUNPATH:C:\\x.exe', 16, 5, 0, undefined, undefined, null, 3],
      ['{F38BF404-1D43-42F2-9305-67DE0B28FC23}\\TSTool.exe', 72, 3, 3, 4, 65_000, '2024-02-29T12:34:56.789Z', 5],
      ['C:\\Tools\\Reset-TSGracePeriod.ps1', 72, 1, 1, 0, 0, null, 5],
    ]);
    expect(r.records[2].rawName).toBe('{S38OS404-1Q43-42S2-9305-67QR0O28SP23}\\GFGbby.rkr');
  });
});

describe('TaskCache', () => {
  it('joins Tree and Tasks, parses the Actions blob as its structure and DynamicInfo', () => {
    const r = parseTaskCache(open(taskSoftware()));
    expect(r.anomalies).toEqual([]);
    expect(r.records).toHaveLength(2);
    const [t, hidden] = r.records;
    expect(t).toMatchObject({ path: '\\Reset120', id: TASK_ID, inTree: true, hasDefinition: true, author: 'WIN-RDS\\admin' });
    expect(t.registered?.toISOString()).toBe('2024-01-10T06:00:00.000Z');
    expect(t.lastRun?.toISOString()).toBe('2024-03-01T06:00:05.000Z');
    expect(t.completed?.toISOString()).toBe('2024-03-01T06:00:07.000Z');
    expect(t.actions).toEqual({
      version: 3,
      context: 'Author',
      complete: true,
      actions: [
        { kind: 'exec', id: '', command: 'C:\\Windows\\Reset120.cmd', arguments: '/quiet', workingDirectory: 'C:\\Windows', flags: 0 },
        { kind: 'com', id: '', clsid: '{12345678-9ABC-DEF0-0123-456789ABCDEF}', data: '<Data>x</Data>' },
      ],
    });
    expect(hidden).toMatchObject({ path: '\\Hidden', inTree: false, actions: null, registered: null });
  });

  it('reads version 1 blobs (no context, no flags), e-mail and message-box actions', () => {
    const v1 = parseTaskActions(actionsBlob(1, null, [{ kind: 'exec', command: 'cmd.exe', arguments: '/c reg delete x' }]));
    expect(v1).toEqual({ version: 1, context: null, complete: true, actions: [{ kind: 'exec', id: '', command: 'cmd.exe', arguments: '/c reg delete x', workingDirectory: '' }] });
    const v3 = parseTaskActions(actionsBlob(3, 'LocalSystem', [
      { kind: 'email', from: 'a@b', to: 'c@d', subject: 's', body: 'b', server: 'smtp', attachments: ['C:\\f.txt'], headers: [['X-A', '1']] },
      { kind: 'message', caption: 'Hi', content: 'There' },
    ]));
    expect(v3.complete).toBe(true);
    expect(v3.actions).toEqual([
      { kind: 'email', id: '', from: 'a@b', to: 'c@d', cc: '', bcc: '', replyTo: '', server: 'smtp', subject: 's', body: 'b', attachments: ['C:\\f.txt'], headers: [{ name: 'X-A', value: '1' }] },
      { kind: 'message', id: '', caption: 'Hi', content: 'There' },
    ]);
  });

  it('truncated, oversized and unknown Actions keep what was read and say where it broke', () => {
    const blob = actionsBlob(3, 'Author', [
      { kind: 'exec', command: 'a.exe' },
      { kind: 'exec', command: 'b.exe', arguments: 'long arguments here' },
    ]);
    for (let cut = 0; cut < blob.length; cut++) {
      const anomalies: never[] = [];
      const r = parseTaskActions(blob.subarray(0, cut), anomalies, 1234);
      expect(r.complete || cut === blob.length).toBe(cut === 0 ? false : r.complete);
      if (!r.complete) expect((anomalies as { offset?: number }[])[0]?.offset).toBe(1234);
    }
    const huge = new Uint8Array(blob);
    new DataView(huge.buffer).setUint32(2, 0xfffffff0, true);
    expect(parseTaskActions(huge).complete).toBe(false);
    const anomalies: { message: string }[] = [];
    const unk = parseTaskActions(Uint8Array.from([1, 0, 0x55, 0x55, 0, 0, 0, 0]), anomalies as never);
    expect(unk.actions).toEqual([]);
    expect(anomalies[0].message).toContain('unknown action type 0x5555');
    expect(guidString(CLSID)).toBe('{12345678-9ABC-DEF0-0123-456789ABCDEF}');
  });
});

function appCompatSystem(data: Uint8Array): HiveBuilder {
  const b = new HiveBuilder('SYSTEM', T0);
  b.dword('Select', 'Current', 1);
  b.binary('ControlSet001\\Control\\Session Manager\\AppCompatCache', 'AppCompatCache', data);
  return b;
}

const SHIM = [
  { path: 'C:\\Users\\admin\\Downloads\\RDPWInst.exe', modified: at('2023-11-02T14:15:16.25Z'), executed: true },
  { path: '\\??\\C:\\Windows\\system32\\cmd.exe', modified: at('2019-03-19T04:43:15Z'), executed: false },
  { path: 'C:\\Tools\\UniversalTermsrvPatch-x64.exe', modified: null, executed: true },
];

describe('AppCompatCache', () => {
  it('Windows 10/11 value in a writer-built SYSTEM: paths, times and cache order', () => {
    const r = parseAppCompatCacheHive(open(appCompatSystem(win10Cache(SHIM))));
    expect(r.layout).toBe('win10');
    expect(r.anomalies).toEqual([]);
    expect(r.records.map((e) => [e.position, e.path, e.lastModified?.toISOString() ?? null])).toEqual([
      [0, SHIM[0].path, '2023-11-02T14:15:16.250Z'],
      [1, SHIM[1].path, '2019-03-19T04:43:15.000Z'],
      [2, SHIM[2].path, null],
    ]);
    expect(r.records[0].keyPath).toBe('ControlSet001\\Control\\Session Manager\\AppCompatCache');
    expect(parseAppCompatCache(win10Cache(SHIM, 0x30)).layout).toBe('win10');
  });

  it('every older layout: 8.1, 7 (32/64-bit), Vista 64-bit, XP', () => {
    const rows = (d: Uint8Array) => {
      const c = parseAppCompatCache(d);
      return [c.layout, c.entries.map((e) => [e.path, e.lastModified?.toISOString() ?? null, e.executed ?? null])];
    };
    const want = (exec: boolean) => SHIM.map((s) => [s.path, s.modified?.toISOString() ?? null, exec ? s.executed : null]);
    expect(rows(win81Cache(SHIM))).toEqual(['win8.1', want(true)]);
    expect(rows(win7Cache(SHIM, 32))).toEqual(['win7-32', want(true)]);
    expect(rows(win7Cache(SHIM, 64))).toEqual(['win7-64', want(true)]);
    expect(rows(vista64Cache(SHIM))).toEqual(['vista-64', want(true)]);
    const xp = parseAppCompatCache(xpCache(SHIM.map((s) => ({ ...s, size: 4096, updated: at('2008-01-01T00:00:00Z') }))));
    expect(xp.layout).toBe('xp-32');
    expect(xp.entries.map((e) => [e.path, e.size, e.lastUpdate?.toISOString()])).toEqual(SHIM.map((s) => [s.path, 4096, '2008-01-01T00:00:00.000Z']));
    const pkg = parseAppCompatCache(win81Cache([{ path: '', modified: null, packageName: 'microsoft.app_8wekyb3d8bbwe' }, SHIM[0]]));
    expect(pkg.entries.map((e) => [e.path, e.packageName ?? null, e.lastModified?.toISOString() ?? null])).toEqual([
      ['', 'microsoft.app_8wekyb3d8bbwe', null],
      [SHIM[0].path, null, '2023-11-02T14:15:16.250Z'],
    ]);
  });

  it('truncated, lying and unknown data: never throws, keeps what was read, names the problem', () => {
    for (const full of [win10Cache(SHIM), win81Cache(SHIM), win7Cache(SHIM, 32), win7Cache(SHIM, 64), vista64Cache(SHIM)]) {
      // Tagged layouts (8.x, 10) have no count: a cut exactly between records is a shorter, valid cache.
      const whole = parseAppCompatCache(full);
      const boundaries = new Set(whole.layout.startsWith('win8') || whole.layout === 'win10' ? whole.entries.map((e) => e.dataOffset) : []);
      for (let cut = 0; cut <= full.length; cut++) {
        const anomalies: { code: string; offset?: number }[] = [];
        const c = parseAppCompatCache(full.subarray(0, cut), anomalies as never, 777);
        expect(c.entries.length).toBeLessThanOrEqual(3);
        if (c.entries.length < 3 && !boundaries.has(cut)) expect(anomalies.length, `cut at ${cut} of ${whole.layout}`).toBeGreaterThan(0);
        for (const a of anomalies) expect(a.offset).toBe(777);
      }
    }
    const liar = win7Cache(SHIM, 32);
    new DataView(liar.buffer).setUint32(4, 0xffffffff, true);
    const anomalies: { code: string }[] = [];
    expect(parseAppCompatCache(liar, anomalies as never).entries).toHaveLength(3);
    expect(anomalies.map((a) => a.code)).toContain('appcompatcache-truncated');
    const unknown: { code: string }[] = [];
    expect(parseAppCompatCache(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), unknown as never).layout).toBe('unknown');
    expect(unknown[0].code).toBe('appcompatcache-unknown-layout');
  });

  it('random bytes after a valid header never throw and never loop', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 300; i++) {
      const base = [win10Cache(SHIM), win81Cache(SHIM), win7Cache(SHIM, 64), xpCache([{ ...SHIM[0], size: 1, updated: T0 }])][i % 4];
      const d = new Uint8Array(base);
      for (let j = 0; j < 12; j++) d[(rnd() * 256 + rnd()) % d.length] = rnd();
      expect(() => parseAppCompatCache(d)).not.toThrow();
    }
  });
});

describe('Amcache', () => {
  it('InventoryApplicationFile and File records with key LastWrite and SHA-1', () => {
    const b = new HiveBuilder('ROOT', T0);
    const f = 'Root\\InventoryApplicationFile\\tstool.exe|0123456789abcdef';
    b.key(f, { lastWrite: at('2024-03-01T08:00:01Z') });
    b.sz(f, 'LowerCaseLongPath', 'c:\\users\\admin\\downloads\\tstool.exe');
    b.sz(f, 'FileId', '0000' + 'ab'.repeat(20));
    b.sz(f, 'LinkDate', '07/14/2009 01:39:57');
    b.qword(f, 'Size', 123456n);
    const g = 'Root\\File\\{11111111-2222-3333-4444-555555555555}\\10000000abcd';
    b.key(g, { lastWrite: at('2015-05-05T05:05:05Z') });
    b.sz(g, '15', 'C:\\Windows\\RDPWInst.exe');
    b.sz(g, '101', '0000' + 'cd'.repeat(20));
    b.binary(g, '17', filetimeBytes(at('2015-01-01T00:00:00Z')));
    const r = parseAmcache(open(b));
    expect(r.records.map((a) => [a.source, a.path, a.keyLastWrite?.toISOString(), a.sha1, a.size ?? null])).toEqual([
      ['InventoryApplicationFile', 'c:\\users\\admin\\downloads\\tstool.exe', '2024-03-01T08:00:01.000Z', 'ab'.repeat(20), 123456],
      ['File', 'C:\\Windows\\RDPWInst.exe', '2015-05-05T05:05:05.000Z', 'cd'.repeat(20), null],
    ]);
    expect(r.records[1].lastModified2?.toISOString()).toBe('2015-01-01T00:00:00.000Z');
  });
});

describe('hostile hives', () => {
  it('mutated writer-built hives: every artifact parser reads without throwing', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const sources = [bamSystem(), userAssistNtuser(), taskSoftware(), appCompatSystem(win10Cache(SHIM))].map((b) => writeHive(b.root));
    let read = 0;
    for (let i = 0; i < 200; i++) {
      const d = new Uint8Array(sources[i % sources.length]);
      for (let j = 0; j < 1 + rnd(24); j++) d[4096 + rnd(d.length - 4096)] = rnd(256);
      let view;
      try {
        view = openHive(d);
      } catch (e) {
        expect((e as Error).name).toBe('HiveFormatError');
        continue;
      }
      for (const a of ['bam', 'appcompatcache', 'amcache', 'userassist', 'tasks'] as const) {
        const r = artifactLines(view, a);
        for (const l of r.lines) expect(typeof l.path).toBe('string');
      }
      read++;
    }
    expect(read).toBeGreaterThan(150);
  });
});
