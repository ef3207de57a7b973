import { describe, expect, it } from 'vitest';
import { formatRegText, mergeRegTexts, parseRegText, toRegText } from '../../src/regtext/index.js';
import { treeKey, TreeView, type TreeKey, type TreeValue } from '../../src/view/tree-view.js';
import { dumpLines } from './view-dump.js';

const CAPS = { lastWrite: false, security: false, className: false };
const sz = (s: string) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));
const v = (name: string, type: number, data: Uint8Array | number[]): TreeValue => ({ name, type, data: Uint8Array.from(data) });

describe('toRegText: the export regedit writes', () => {
  const tree = treeKey('', [], [
    treeKey('Terminal Server', [
      v('', 1, sz('default')),
      v('fDenyTSConnections', 4, [1, 0, 0, 0]),
      v('Say "hi" \\ bye', 1, sz('C:\\x "q"')),
      v('Data', 3, Array.from({ length: 40 }, (_, i) => i)),
      v('NotClean', 1, [0x41, 0, 0x42, 0]),
      v('TwoNuls', 1, [0x41, 0, 0, 0, 0x42, 0, 0, 0]),
      v('NewLine', 1, sz('a\r\nb')),
      v('Odd', 1, [0x41, 0, 0]),
      v('EmptySz', 1, []),
      v('ShortDword', 4, [1, 2]),
      v('Q', 11, [1, 0, 0, 0, 0, 0, 0, 0]),
      v('Big', 0x12345, [0xab]),
      v('None', 0, []),
    ], [treeKey('RCM', [], [treeKey('Licensing Core', [v('LicensingMode', 4, [4, 0, 0, 0])])]), treeKey('WinStations')]),
  ]);
  const view = new TreeView(tree, 'reg', CAPS);

  it('writes the header, keys depth-first, and each data form', () => {
    const bytes = toRegText(view, 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control');
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const text = Buffer.from(bytes.subarray(2)).toString('utf16le');
    const dataLine1 = '"Data"=hex:' + Array.from({ length: 22 }, (_, i) => i.toString(16).padStart(2, '0') + ',').join('') + '\\';
    const dataLine2 = '  ' + Array.from({ length: 18 }, (_, i) => (i + 22).toString(16).padStart(2, '0')).join(',');
    expect(dataLine1.length).toBe(78);
    expect(text).toBe(
      [
        'Windows Registry Editor Version 5.00',
        '',
        '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control]',
        '',
        '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server]',
        '@="default"',
        '"fDenyTSConnections"=dword:00000001',
        '"Say \\"hi\\" \\\\ bye"="C:\\\\x \\"q\\""',
        dataLine1,
        dataLine2,
        '"NotClean"=hex(1):41,00,42,00',
        '"TwoNuls"=hex(1):41,00,00,00,42,00,00,00',
        '"NewLine"=hex(1):61,00,0d,00,0a,00,62,00,00,00',
        '"Odd"=hex(1):41,00,00',
        '"EmptySz"=hex(1):',
        '"ShortDword"=hex(4):01,02',
        '"Q"=hex(b):01,00,00,00,00,00,00,00',
        '"Big"=hex(12345):ab',
        '"None"=hex(0):',
        '',
        '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\RCM]',
        '',
        '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\RCM\\Licensing Core]',
        '"LicensingMode"=dword:00000004',
        '',
        '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\WinStations]',
        '',
        '',
      ].join('\r\n'),
    );
    // Data lines wrap at 80 columns; key lines never wrap in regedit's exports.
    for (const line of text.split('\r\n').filter((l) => !l.startsWith('['))) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('exports a subtree with keyPath', () => {
    const text = formatRegText(view, 'HKLM\\SYSTEM\\', { keyPath: 'terminal server\\rcm' });
    expect(text.split('\r\n').filter((l) => l.startsWith('['))).toEqual([
      '[HKLM\\SYSTEM\\Terminal Server\\RCM]',
      '[HKLM\\SYSTEM\\Terminal Server\\RCM\\Licensing Core]',
    ]);
    expect(() => formatRegText(view, 'HKLM\\SYSTEM', { keyPath: 'nope' })).toThrow(/no key/);
  });

  it('is read back to the same content', () => {
    const r = parseRegText(toRegText(view, 'HKEY_LOCAL_MACHINE\\SYSTEM'), 'x.reg');
    expect(r.anomalies).toEqual([]);
    expect(dumpLines(r.hives[0].view)).toEqual(dumpLines(view));
  });
});

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', ' ', '"', ']', '[', ';', '=', '@', '-', ',', 'ä', 'ß', '€', '\u0416', '\u{1F600}', '\t', '\0', '\\'];

function randomTree(rnd: () => number): TreeKey {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const name = (allowBackslash: boolean) => {
    let s = '';
    const n = 1 + Math.floor(rnd() * 12);
    while (s.length < n) {
      const c = pick(ALPHABET);
      if (c === '\\' && !allowBackslash) continue;
      s += c;
    }
    return s;
  };
  const data = (): [number, Uint8Array] => {
    const kind = Math.floor(rnd() * 8);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
    switch (kind) {
      case 0:
        return [1, sz(name(true))];
      case 1:
        return [1, bytes(Math.floor(rnd() * 9))];
      case 2:
        return [4, bytes(4)];
      case 3:
        return [Math.floor(rnd() * 12), bytes(Math.floor(rnd() * 200))];
      case 4:
        return [7, new Uint8Array(Buffer.from(`${name(true)}\0${name(true)}\0\0`, 'utf16le'))];
      case 5:
        return [Math.floor(rnd() * 0x100000000), bytes(Math.floor(rnd() * 5))];
      case 6:
        return [2, sz('%SystemRoot%\\' + name(true))];
      default:
        return [3, bytes(Math.floor(rnd() * 1000))];
    }
  };
  const build = (depth: number, nm: string): TreeKey => {
    const values: TreeValue[] = [];
    const seen = new Set<string>();
    for (let i = Math.floor(rnd() * 6); i > 0; i--) {
      const n = rnd() < 0.1 ? '' : name(true);
      if (seen.has(n.toUpperCase())) continue;
      seen.add(n.toUpperCase());
      const [type, d] = data();
      values.push({ name: n, type, data: d });
    }
    const subkeys: TreeKey[] = [];
    const seenKeys = new Set<string>();
    if (depth < 4) {
      for (let i = Math.floor(rnd() * 4); i > 0; i--) {
        const n = name(false);
        if (seenKeys.has(n.toUpperCase())) continue;
        seenKeys.add(n.toUpperCase());
        subkeys.push(build(depth + 1, n));
      }
    }
    return { name: nm, values, subkeys };
  };
  return build(0, '');
}

describe('round trip: tree → toRegText → parseRegText', () => {
  it('gives back the same keys, values, types and bytes for 60 random trees', () => {
    let records = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const view = new TreeView(randomTree(prng(seed)), 'reg', CAPS);
      const bytes = toRegText(view, 'HKEY_LOCAL_MACHINE\\SOFTWARE');
      const r = parseRegText(bytes, `seed-${seed}.reg`);
      expect([seed, r.anomalies]).toEqual([seed, []]);
      expect(r.hives.map((h) => h.root)).toEqual(['SOFTWARE']);
      const back = r.hives[0].view;
      const want = dumpLines(view);
      expect(dumpLines(back)).toEqual(want);
      records += want.length;
      // Raw bytes too (dumpData hides what follows a NUL in strings), and the same export again.
      expect(Buffer.from(toRegText(back, 'HKEY_LOCAL_MACHINE\\SOFTWARE')).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(records).toBeGreaterThan(500);
  });
});

describe('mergeRegTexts', () => {
  const file = (s: string) => Buffer.from('\ufeffWindows Registry Editor Version 5.00\r\n\r\n' + s.replace(/\n/g, '\r\n'), 'utf16le');
  const a = parseRegText(
    file('[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\n"x"=dword:00000001\n"y"="1"\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A\\Old]\n[HKEY_USERS\\S-1-5-21-9-1001\\Env]\n"p"="a"\n'),
    'one.reg',
  );
  const b = parseRegText(
    file('[-HKEY_LOCAL_MACHINE\\SYSTEM\\A\\Old]\n[HKEY_LOCAL_MACHINE\\SYSTEM\\A]\n"X"=dword:00000002\n"y"=-\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\S]\n[hkey_users\\s-1-5-21-9-1001\\Env]\n"q"="b"\n"bad"=hex:zz\n'),
    'two.reg',
  );

  it('replays later files over earlier ones, deletions included', () => {
    const m = mergeRegTexts([a, b]);
    expect(m.fileNames).toEqual(['one.reg', 'two.reg']);
    expect(m.hives.map((h) => [h.root, h.userSid ?? null])).toEqual([
      ['SYSTEM', null],
      ['NTUSER', 'S-1-5-21-9-1001'],
      ['SOFTWARE', null],
    ]);
    const sys = m.hives[0].view;
    expect(sys.key('A\\Old')).toBeNull();
    expect(sys.key('A')!.values().map((x) => [x.name, x.data[0]])).toEqual([['x', 2]]);
    expect(m.hives[1].view.key('Env')!.values().map((x) => x.name)).toEqual(['p', 'q']);
    expect(m.anomalies.map((x) => [x.code, x.line, x.message.startsWith('two.reg: ')])).toEqual([['reg-bad-hex', 10, true]]);
    expect(m.hives[1].view.anomalies.map((x) => x.code)).toEqual(['reg-bad-hex']);
  });

  it('depends on order: the other way round the earlier deletion has nothing to delete', () => {
    const m = mergeRegTexts([b, a]);
    expect(m.hives[0].view.key('A\\Old')).not.toBeNull();
    expect(m.hives[0].view.key('A')!.value('x')!.data[0]).toBe(1);
    expect(m.hives[0].view.key('A')!.value('y')).not.toBeNull();
  });
});
