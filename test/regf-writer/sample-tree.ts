/** A tree that exercises every writer path: all value types, odd data, names, classes, descriptors, big data, ri, depth. */
import { REG_DWORD, REG_LINK, REG_MULTI_SZ, REG_NONE, REG_QWORD, REG_SZ } from '../../src/view/value-types.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import {
  binary,
  dword,
  dwordBE,
  expandSz,
  GRACE_PERIOD_TAKEN_OWNERSHIP_SD,
  HIVE_ROOT_SD,
  multiSz,
  NETWORK_SERVICE_KEY_SD,
  qword,
  rawValue,
  sz,
  treeFromPaths,
} from '../../src/regf-writer/index.js';

/** Deterministic pseudo-random bytes (xorshift32), so big data is not a run of one byte. */
export function patternBytes(length: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const u8 = (...b: number[]) => Uint8Array.from(b);
const ascii16 = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));
const T0 = new Date('2024-03-01T10:00:00Z');

export const MANY_SUBKEYS = 3000;
export const DEPTH = 64;

export function sampleTree(): TreeKey {
  const root = treeFromPaths(
    {
      '': { values: [sz('', 'root default')], security: HIVE_ROOT_SD, lastWrite: T0, className: 'RootClass' },
      Types: {
        lastWrite: new Date('2024-03-02T11:22:33.456Z'),
        values: [
          rawValue('', REG_SZ, new Uint8Array(0)),
          rawValue('none-empty', REG_NONE, new Uint8Array(0)),
          rawValue('none-bytes', REG_NONE, u8(1, 2, 3, 4, 5, 6)),
          sz('sz', 'hello world'),
          sz('sz-empty', ''),
          rawValue('sz-odd', REG_SZ, u8(0x41, 0, 0x42, 0, 0x43)),
          rawValue('sz-junk-after-nul', REG_SZ, u8(0x41, 0, 0, 0, 0x5a, 0x5a, 0x5a, 0x00)),
          expandSz('expand', '%SystemRoot%\\System32'),
          rawValue('link', REG_LINK, u8(0x5c, 0, 0x52, 0, 0x45, 0, 0x47, 0)),
          multiSz('multi', ['first', '', 'third', '']),
          multiSz('multi-empty', []),
          rawValue('multi-no-final-nul', REG_MULTI_SZ, u8(0x61, 0, 0, 0, 0x62, 0)),
          dword('dword', 0xdeadbeef),
          dword('dword-zero', 0),
          rawValue('dword-1-byte', REG_DWORD, u8(7)),
          rawValue('dword-8-bytes', REG_DWORD, u8(1, 0, 0, 0, 2, 0, 0, 0)),
          dwordBE('dword-be', 0x01020304),
          qword('qword', 0x0123456789abcdefn),
          qword('qword-max', -1n),
          rawValue('qword-4-bytes', REG_QWORD, u8(1, 2, 3, 4)),
          binary('binary-empty', []),
          binary('binary-1', [0xff]),
          binary('binary-4', [1, 2, 3, 4]),
          binary('binary-5', [1, 2, 3, 4, 5]),
          rawValue('resource-list', 8, u8(1, 0, 0, 0, 0, 0, 0, 0)),
          rawValue('full-resource-descriptor', 9, u8(9, 9, 9, 9, 9)),
          rawValue('resource-requirements', 10, u8(10)),
          rawValue('type-0x12', 0x12, u8(0x12, 0x34, 0x56)),
          rawValue('type-0x100', 0x100, patternBytes(40, 7)),
          rawValue('type-devprop', 0xffff0011, u8(1, 0, 0, 0, 0, 0, 0, 0)),
          binary('exactly-16344', patternBytes(16344, 1)),
          binary('exactly-16345', patternBytes(16345, 2)),
          rawValue('utf16-lone-surrogate', REG_SZ, u8(0x41, 0, 0x00, 0xd8, 0x42, 0, 0, 0)),
        ],
      },
      'Names\\Ünïcödé Latin-1 ÿ': { values: [sz('wert-ä', 'Grüße'), dword('ÿ', 1)], className: 'Klasse-é' },
      'Names\\Кириллица': { values: [sz('значение', 'данные'), sz('日本語', '値 😀')], className: 'класс' },
      'Names\\日本語キー': { values: [binary('😀 emoji', [1])] },
      'Names\\with space, comma; and/slash': { values: [sz('name with , comma', 'v')] },
      'Names\\ABC': {},
      'Names\\abd': {},
      'Names\\_under': {},
      'Names\\[bracket': {},
      Big: {
        values: [
          binary('100k', patternBytes(100 * 1024, 3)),
          sz('long-string', 'x'.repeat(20000)),
          binary('segments-exact', patternBytes(16344 * 3, 4)),
          binary('last-segment-4-mod-8', patternBytes(16344 + 4, 5)),
        ],
      },
      'ControlSet001\\Control\\Terminal Server\\RCM\\GracePeriod': {
        security: NETWORK_SERVICE_KEY_SD,
        lastWrite: new Date('2024-02-01T00:00:00Z'),
        values: [binary('L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588', patternBytes(278, 6))],
      },
      'ControlSet001\\Control\\Terminal Server\\RCM\\Tampered': { security: GRACE_PERIOD_TAKEN_OWNERSHIP_SD },
      'ControlSet001\\Control\\Terminal Server': {
        values: [dword('fDenyTSConnections', 0), dword('TSAppCompat', 1)],
        className: 'TSClass',
      },
      'ControlSet001\\Control\\Terminal Server\\Symlink': {
        symlink: true,
        values: [rawValue('SymbolicLinkValue', REG_LINK, ascii16('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001'))],
      },
    },
    'CMI-CreateHive{2A7FB991-7BBE-4F9D-B91E-7CB51D4737F5}',
  );
  const many: TreeKey = { name: 'Many', values: [], subkeys: [] };
  // Shuffled, mixed-case names so the writer's sort is exercised.
  for (let i = 0; i < MANY_SUBKEYS; i++) {
    const n = (i * 7919) % MANY_SUBKEYS;
    many.subkeys.push({ name: `${n % 2 ? 'Sub' : 'sub'}${String(n).padStart(5, '0')}`, values: n % 500 === 0 ? [dword('n', n)] : [], subkeys: [] });
  }
  root.subkeys.push(many);
  let deep: TreeKey = { name: 'Deep', values: [], subkeys: [] };
  root.subkeys.push(deep);
  for (let d = 1; d <= DEPTH; d++) {
    const next: TreeKey = { name: `level${d}`, values: d === DEPTH ? [sz('bottom', `depth ${d}`)] : [], subkeys: [] };
    deep.subkeys.push(next);
    deep = next;
  }
  return root;
}

/** Keys and values whose names are stored as UTF-16 (some character beyond Latin-1). */
export function utf16Names(root: TreeKey): number {
  let n = 0;
  const nonAscii = (s: string) => /[^\x00-\xff]/.test(s);
  const walk = (k: TreeKey) => {
    if (nonAscii(k.name)) n++;
    for (const v of k.values) if (nonAscii(v.name)) n++;
    k.subkeys.forEach(walk);
  };
  walk(root);
  return n;
}
