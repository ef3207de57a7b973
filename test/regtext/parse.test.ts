import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegText, type RegTextResult } from '../../src/regtext/index.js';
import { decodeMultiSz, decodeSz, dumpData, REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ } from '../../src/view/value-types.js';
import { ROOT } from '../helpers/oracles.js';

const FIX = resolve(ROOT, 'test/fixtures/reg');
const text = (name: string) => readFileSync(resolve(FIX, name), 'utf8');

/** Encodes a fixture's text the ways regedit, reg.exe, Notepad and hivexregedit write it. */
function encode(s: string, how: 'utf16le-bom' | 'utf16le' | 'utf8-bom' | 'utf8' | 'utf16be-bom', crlf = true): Uint8Array {
  const t = crlf ? s.replace(/\r?\n/g, '\r\n') : s.replace(/\r\n/g, '\n');
  if (how.startsWith('utf8')) {
    const body = Buffer.from(t, 'utf8');
    return how === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  let body = Buffer.from(t, 'utf16le');
  if (how === 'utf16be-bom') body = Buffer.from(body).swap16();
  if (how === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
  if (how === 'utf16be-bom') return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
  return body;
}

function hive(r: RegTextResult, root: string, userSid?: string) {
  const h = r.hives.find((x) => x.root === root && x.userSid === userSid);
  if (!h) throw new Error(`no hive ${root} ${userSid ?? ''} in ${r.hives.map((x) => x.root).join(', ')}`);
  return h;
}

function val(r: RegTextResult, root: string, key: string, name: string) {
  const k = hive(r, root).view.key(key);
  if (!k) throw new Error(`no key ${key}`);
  return k.value(name);
}

const LC = 'ControlSet001\\Control\\Terminal Server\\RCM\\Licensing Core';

describe('parseRegText: value forms', () => {
  const r = parseRegText(encode(text('all-forms.reg'), 'utf16le-bom'), 'all-forms.reg');

  it('reads the header, encoding and every hive root', () => {
    expect(r.refused).toBeNull();
    expect(r.dialect).toBe('5.00');
    expect(r.encoding).toBe('utf-16le');
    expect(r.bom).toBe(true);
    expect(r.hives.map((h) => [h.root, h.userSid ?? null, h.prefix])).toEqual([
      ['SYSTEM', null, 'HKEY_LOCAL_MACHINE\\SYSTEM'],
      ['SOFTWARE', null, 'HKEY_LOCAL_MACHINE\\SOFTWARE'],
      ['NTUSER', 'S-1-5-21-1-2-3-1001', 'HKEY_USERS\\S-1-5-21-1-2-3-1001'],
      ['USRCLASS', 'S-1-5-21-1-2-3-1001', 'HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes'],
      ['NTUSER', 'current', 'HKEY_CURRENT_USER'],
      ['HKEY_CLASSES_ROOT', null, 'HKEY_CLASSES_ROOT'],
      ['HKEY_USERS\\.DEFAULT', null, 'HKEY_USERS\\.DEFAULT'],
      ['SECURITY', null, 'HKEY_LOCAL_MACHINE\\SECURITY'],
      ['SAM', null, 'HKEY_LOCAL_MACHINE\\SAM'],
    ]);
    for (const h of r.hives) {
      expect(h.view.kind).toBe('reg');
      expect(h.view.capabilities).toEqual({ lastWrite: false, security: false, className: false });
      expect(h.view.root.name).toBe('');
    }
    // Other roots are noted, the well-known hives are not.
    expect(r.anomalies.map((a) => [a.code, a.severity])).toEqual([
      ['reg-other-root', 'info'],
      ['reg-other-root', 'info'],
    ]);
  });

  it('stores REG_SZ as UTF-16LE with a terminating NUL, unescaping \\" and \\\\', () => {
    const v = val(r, 'SYSTEM', LC, 'Quote "inner" and back\\slash')!;
    expect(v.type).toBe(REG_SZ);
    expect(Buffer.from(v.data)).toEqual(Buffer.from('C:\\Windows\\System32 "quoted"\0', 'utf16le'));
    expect(v.line).toBe(7);
    const d = val(r, 'SYSTEM', LC, '')!;
    expect(decodeSz(d.data)).toBe('default text');
    expect(Buffer.from(val(r, 'SYSTEM', LC, 'Empty')!.data)).toEqual(Buffer.from([0, 0]));
    expect(decodeSz(val(r, 'SYSTEM', LC, 'Unicode ÄÖÜ €')!.data)).toBe('Grüße – “quotes”');
    expect(decodeSz(val(r, 'SYSTEM', LC, 'spaced')!.data)).toBe('blanks around the equals sign');
  });

  it('reads dword:, hex:, hex(n): for every n, with continuations', () => {
    const dw = val(r, 'SYSTEM', LC, 'LicensingMode')!;
    expect([dw.type, dumpData(dw.type, dw.data)]).toEqual([REG_DWORD, 4]);
    expect(dumpData(4, val(r, 'SYSTEM', LC, 'Short')!.data)).toBe(42);
    const cases: [string, number, string][] = [
      ['Binary', REG_BINARY, '010203ff'],
      ['Qword', 11, '0102000000000000'],
      ['DwordHex', 4, '2a000000'],
      ['BigEndian', 5, '0000002a'],
      ['None', 0, ''],
      ['EmptyBinary', 3, ''],
      ['Custom', 0xffffffff, 'dead'],
      ['Link', 6, '5c0052000000'],
      ['Resource', 8, '0102'],
    ];
    for (const [name, type, hex] of cases) {
      const v = val(r, 'SYSTEM', LC, name)!;
      expect([name, v.type, Buffer.from(v.data).toString('hex')]).toEqual([name, type, hex]);
    }
    const ex = val(r, 'SYSTEM', LC, 'Expand')!;
    expect([ex.type, decodeSz(ex.data)]).toEqual([REG_EXPAND_SZ, '%SystemRoot%']);
    const multi = val(r, 'SYSTEM', LC, 'Multi')!;
    expect([multi.type, decodeMultiSz(multi.data)]).toEqual([REG_MULTI_SZ, ['a', 'b']]);
    const ls = hive(r, 'SYSTEM').view.key('ControlSet001\\Services\\TermService\\Parameters\\LicenseServers')!;
    expect(decodeMultiSz(ls.value('SpecifiedLicenseServers')!.data)).toEqual(['ls1.corp', 'ls2']);
  });

  it('keeps paths relative to each hive root and creates the parents of a key', () => {
    const sys = hive(r, 'SYSTEM').view;
    expect(sys.key('ControlSet001\\Control\\Terminal Server')).not.toBeNull();
    expect(sys.key('controlset001\\CONTROL')!.path).toBe('ControlSet001\\Control');
    expect(sys.root.subkeys().map((k) => k.name)).toEqual(['ControlSet001']);
    expect(sys.key('ControlSet001\\Control')!.line).toBe(4);
    expect(hive(r, 'SOFTWARE').view.key('Policies\\Microsoft\\Windows NT\\Terminal Services')!.value('LicensingMode')!.data).toEqual(
      new Uint8Array([2, 0, 0, 0]),
    );
    expect(decodeSz(hive(r, 'NTUSER', 'current').view.key('Software\\Test')!.value('Who')!.data)).toBe('current user');
    expect(hive(r, 'HKEY_CLASSES_ROOT').view.key('.reg')!.value('')).not.toBeNull();
    expect(hive(r, 'SAM').view.key('SAM\\Domains')).not.toBeNull();
    expect(hive(r, 'SECURITY').view.key('Policy')).not.toBeNull();
  });

  it('gives the same content in every encoding and line ending', () => {
    const reference = JSON.stringify(snapshot(r));
    const variants: [Parameters<typeof encode>[1], boolean, string][] = [
      ['utf16le-bom', false, 'utf-16le'],
      ['utf16le', true, 'utf-16le'],
      ['utf16be-bom', true, 'utf-16be'],
      ['utf8-bom', true, 'utf-8'],
      ['utf8-bom', false, 'utf-8'],
      ['utf8', true, 'utf-8'],
      ['utf8', false, 'utf-8'],
    ];
    for (const [how, crlf, enc] of variants) {
      const other = parseRegText(encode(text('all-forms.reg'), how, crlf), 'x.reg');
      expect([how, crlf, other.encoding, other.dialect]).toEqual([how, crlf, enc, '5.00']);
      expect(JSON.stringify(snapshot(other))).toBe(reference);
    }
  });
});

function snapshot(r: RegTextResult) {
  return r.hives.map((h) => {
    const rows: unknown[] = [];
    const walk = (k: ReturnType<typeof h.view.key> & object) => {
      rows.push(k.path);
      for (const v of k.values()) rows.push([v.name, v.type, Buffer.from(v.data).toString('hex')]);
      k.subkeys().forEach(walk);
    };
    walk(h.view.root);
    return [h.root, h.userSid, rows];
  });
}

describe('parseRegText: REGEDIT4', () => {
  // Bytes 0x80 (€) and 0x93/0x94 (“ ”) differ between Windows-1252 and Latin-1.
  const body = Buffer.concat([
    Buffer.from('REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n"Price"="10 ', 'latin1'),
    Buffer.from([0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0xe9]),
    Buffer.from('"\r\n"Path"=hex(2):25,57,49,4e,25,00\r\n"List"=hex(7):61,00,e9,00,00\r\n"Bin"=hex:80,93\r\n', 'latin1'),
  ]);
  const r = parseRegText(body, 'old.reg');

  it('decodes ANSI as Windows-1252 and stores strings as UTF-16LE', () => {
    expect([r.dialect, r.encoding, r.bom]).toEqual(['REGEDIT4', 'windows-1252', false]);
    expect(r.anomalies).toEqual([]);
    const k = hive(r, 'SOFTWARE').view.key('Test')!;
    expect(Buffer.from(k.value('Price')!.data)).toEqual(Buffer.from('10 € “q” é\0', 'utf16le'));
  });

  it('converts hex(2)/hex(7) ANSI data to UTF-16LE as regedit does on import, and leaves hex: alone', () => {
    const k = hive(r, 'SOFTWARE').view.key('Test')!;
    expect(Buffer.from(k.value('Path')!.data)).toEqual(Buffer.from('%WIN%\0', 'utf16le'));
    expect(decodeMultiSz(k.value('List')!.data)).toEqual(['a', 'é']);
    expect(Buffer.from(k.value('Bin')!.data).toString('hex')).toBe('8093');
  });

  it('accepts LF line endings and a UTF-8 BOM with a note', () => {
    const lf = parseRegText(Buffer.from(body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'), 'lf.reg');
    expect(JSON.stringify(snapshot(lf))).toBe(JSON.stringify(snapshot(r)));
    const u8 = parseRegText(Buffer.from('\ufeffREGEDIT4\n[HKLM\\SYSTEM\\X]\n"a"="€"\n', 'utf8'), 'u8.reg');
    expect([u8.dialect, u8.encoding]).toEqual(['REGEDIT4', 'utf-8']);
    expect(u8.anomalies.map((a) => a.code)).toEqual(['reg-regedit4-unicode']);
    expect(decodeSz(hive(u8, 'SYSTEM').view.key('X')!.value('a')!.data)).toBe('€');
  });
});

describe('parseRegText: edits in file order', () => {
  const r = parseRegText(encode(text('edits.reg'), 'utf16le-bom'), 'edits.reg');
  const sys = hive(r, 'SYSTEM').view;

  it('merges a repeated key, later values overriding earlier ones case-insensitively', () => {
    const a = sys.key('A')!;
    expect(a.name).toBe('A');
    expect(a.line).toBe(3);
    expect(a.values().map((v) => [v.name, dumpData(v.type, v.data)])).toEqual([
      ['keep', '1'],
      ['Override', 2],
      ['added', 'later'],
    ]);
    expect(a.value('override')!.line).toBe(16);
  });

  it('applies [-key] to everything before it, and lets a key be created again', () => {
    expect(sys.key('B')).toBeNull();
    expect(sys.root.subkeys().map((k) => k.name)).toEqual(['A']);
    expect(sys.key('A\\Sub\\Deep')).toBeNull();
    expect(sys.key('A\\Sub')!.values().map((v) => v.name)).toEqual(['fresh']);
  });

  it('deletes values with =- (the default value with @=-), ignoring absent ones silently like regedit', () => {
    expect(sys.key('A')!.value('')).toBeNull();
    expect(sys.key('A')!.value('Gone')).toBeNull();
    expect(r.anomalies).toEqual([]);
    expect(hive(r, 'SYSTEM').edits.map((e) => e.kind)).toEqual([
      'key', 'value', 'value', 'value', 'key', 'value', 'key', 'value', 'key', 'value', 'delete-value', 'value',
      'delete-key', 'delete-key', 'key', 'value', 'key', 'value', 'delete-value', 'delete-value',
    ]);
  });
});

describe('parseRegText: continuations', () => {
  const r = parseRegText(encode(text('continuations.reg'), 'utf8', false), 'continuations.reg');
  const k = hive(r, 'SYSTEM').view.key('Cont')!;

  it('joins backslash continuations, indented or not, across comments and blank lines', () => {
    expect(Buffer.from(k.value('Indented')!.data)).toEqual(Buffer.from(Array.from({ length: 26 }, (_, i) => i)));
    expect(Buffer.from(k.value('Flush')!.data).toString('hex')).toBe('00010203');
  });

  it('joins indented hex lines after a trailing comma without a backslash, with a note', () => {
    expect(Buffer.from(k.value('NoBackslash')!.data).toString('hex')).toBe('aabbccdd');
    expect(k.value('After')!.line).toBe(15);
    expect(r.anomalies.map((a) => [a.code, a.line])).toEqual([['reg-continuation-without-backslash', 13]]);
  });
});

describe('parseRegText: malformed lines', () => {
  const r = parseRegText(encode(text('broken.reg'), 'utf16le-bom'), 'broken.reg');

  it('reports each broken line with its line and column', () => {
    expect(r.anomalies.map((a) => [a.code, a.line, a.column, a.severity])).toEqual([
      ['reg-value-outside-key', 3, 1, 'error'],
      ['reg-bad-hex', 7, 17, 'error'],
      ['reg-unterminated-string', 8, 16, 'error'],
      ['reg-bad-dword', 9, 18, 'error'],
      ['reg-unknown-type-prefix', 10, 11, 'error'],
      ['reg-syntax', 11, 1, 'error'],
      ['reg-syntax', 12, 12, 'error'],
      ['reg-bad-continuation', 15, 1, 'error'],
      ['reg-bad-type-number', 17, 11, 'error'],
      ['reg-bad-type-number', 18, 14, 'error'],
      ['reg-trailing-text', 19, 16, 'error'],
      ['reg-unknown-root', 21, 2, 'error'],
      ['reg-value-outside-key', 22, 1, 'error'],
      ['reg-key-syntax', 24, 1, 'error'],
      ['reg-value-outside-key', 25, 1, 'error'],
    ]);
    for (const a of r.anomalies) expect(a.message.length).toBeGreaterThan(10);
  });

  it('still yields every good value', () => {
    const sys = hive(r, 'SYSTEM').view;
    expect(sys.key('Good')!.values().map((v) => v.name)).toEqual(['ok1', 'ok2', 'ok4']);
    expect(sys.key('Good\\Child')!.values().map((v) => v.name)).toEqual(['ok3']);
    expect(sys.root.subkeys().map((k) => k.name)).toEqual(['Good']);
    // The view carries the anomalies of its own lines.
    expect(hive(r, 'SYSTEM').view.anomalies.length).toBeGreaterThanOrEqual(9);
  });
});

describe('parseRegText: refusals and odd input', () => {
  it('refuses a file without either header with a structured error', () => {
    for (const [bytes, code] of [
      [Buffer.from('[HKEY_LOCAL_MACHINE\\SYSTEM\\X]\r\n"a"=dword:1\r\n'), 'reg-not-registry-export'],
      [Buffer.from('REGEDIT\r\nHKEY_CLASSES_ROOT\\x = y\r\n'), 'reg-unsupported-header'],
      [Buffer.alloc(0), 'reg-empty-file'],
      [Buffer.from('regf\0\0\0\0\x01\x02'), 'reg-not-registry-export'],
    ] as const) {
      const r = parseRegText(bytes, 'in.reg');
      expect(r.refused?.code).toBe(code);
      expect(r.refused?.message).toContain('in.reg');
      expect(r.hives).toEqual([]);
      expect(r.dialect).toBeNull();
      expect(r.anomalies).toEqual([expect.objectContaining({ code, severity: 'error', line: 1 })]);
    }
  });

  it('decodes lines that are not UTF-8 as Windows-1252 (hivexregedit prints Latin-1 names)', () => {
    const bytes = Buffer.concat([
      Buffer.from('Windows Registry Editor Version 5.00\n\n[\\]\n\n[\\abcd_'),
      Buffer.from([0xe4, 0xf6, 0xfc, 0xdf]),
      Buffer.from(']\n"sym \u20ac"=dword:00000000\n', 'utf8'),
    ]);
    const r = parseRegText(bytes, 'hivex.reg');
    expect(r.anomalies.map((a) => [a.code, a.line])).toEqual([
      ['reg-encoding-fallback', 5],
      ['reg-other-root', 3],
    ]);
    const h = hive(r, 'HIVE');
    expect(h.prefix).toBe('');
    expect(h.view.key('abcd_äöüß')!.value('sym €')).not.toBeNull();
  });

  it('enforces the line, value-size, key, value and depth limits with anomalies', () => {
    const lines = ['Windows Registry Editor Version 5.00', '[HKLM\\SYSTEM\\K]', `"long"="${'x'.repeat(200)}"`, '"big"=hex:' + '01,'.repeat(40) + '01'];
    for (let i = 0; i < 5; i++) lines.push(`[HKLM\\SYSTEM\\K${i}]`, `"v"=dword:0000000${i}`);
    lines.push('[HKLM\\SYSTEM\\' + Array.from({ length: 20 }, (_, i) => `d${i}`).join('\\') + ']');
    const r = parseRegText(Buffer.from(lines.join('\n')), 'lim.reg', {
      limits: { maxLineChars: 150, maxValueBytes: 16, maxKeys: 4, maxValues: 2, maxDepth: 10 },
    });
    expect(r.anomalies.map((a) => a.code)).toEqual([
      'reg-line-too-long',
      'reg-value-too-large',
      'reg-value-limit',
      'reg-key-limit',
      // the values of keys refused by the limit are reported one by one
      'reg-value-outside-key',
      'reg-value-outside-key',
      'reg-key-too-deep',
      'reg-limit-reached',
    ]);
    const sys = hive(r, 'SYSTEM').view;
    expect(sys.root.subkeys().map((k) => k.name)).toEqual(['K', 'K0', 'K1', 'K2']);
    expect(sys.key('K1')!.value('v')).not.toBeNull();
    expect(sys.key('K2')!.value('v')).toBeNull();
  });

  it('reads only maxInputBytes and says so', () => {
    const src = Buffer.from('Windows Registry Editor Version 5.00\n[HKLM\\SYSTEM\\A]\n"a"=dword:00000001\n"b"=dword:00000002\n');
    const r = parseRegText(src, 't.reg', { limits: { maxInputBytes: src.length - 5 } });
    expect(r.anomalies.map((a) => a.code)).toEqual(['reg-input-truncated', 'reg-input-truncated']);
    expect(hive(r, 'SYSTEM').view.key('A')!.values().map((v) => v.name)).toEqual(['a']);
  });

  it('handles names with NUL and ] characters, and key deletion of a hive root is refused', () => {
    const r = parseRegText(
      Buffer.from('Windows Registry Editor Version 5.00\n[HKLM\\SYSTEM\\zero\0key\\br]acket]\n"zero\0val"=dword:00000000\n[-HKLM\\SYSTEM]\n[-HKEY_LOCAL_MACHINE]\n', 'utf8'),
      'n.reg',
    );
    expect(hive(r, 'SYSTEM').view.key('zero\0key\\br]acket')!.value('zero\0val')).not.toBeNull();
    expect(r.anomalies.map((a) => [a.code, a.line])).toEqual([
      ['reg-root-delete', 4],
      ['reg-root-delete', 5],
    ]);
  });

  it('never throws on random bytes and truncations of a valid file', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const good = encode(text('all-forms.reg'), 'utf16le-bom');
    for (let n = 0; n < 300; n++) {
      const b = Uint8Array.from(good.subarray(0, Math.floor(rnd() * good.length)));
      for (let f = 0; f < 5; f++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const r = parseRegText(b, 'fuzz.reg');
      expect(Array.isArray(r.anomalies)).toBe(true);
      const t = Buffer.from(text('broken.reg') + text('continuations.reg'));
      const cut = Uint8Array.from(t.subarray(0, Math.floor(rnd() * t.length)));
      for (let f = 0; f < 5; f++) cut[Math.floor(rnd() * cut.length)] = [0x5c, 0x22, 0x2c, 0x5b, 0x5d, 0x0a, 0x3d][Math.floor(rnd() * 7)];
      expect(() => parseRegText(cut, 'fuzz2.reg')).not.toThrow();
    }
  });
});

describe('parseRegText: UTF-16 fidelity', () => {
  it('keeps an unpaired surrogate in a quoted string as the code unit regedit wrote', () => {
    const src = '\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\S]\r\n"lone"="a\ud800b"\r\n';
    const bytes = Buffer.from(src, 'utf16le');
    const r = parseRegText(bytes, 's.reg');
    expect(r.anomalies).toEqual([]);
    const data = hive(r, 'SYSTEM').view.key('S')!.value('lone')!.data;
    expect(Buffer.from(data).toString('hex')).toBe('610000d862000000');
  });
});
