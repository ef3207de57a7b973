/**
 * The written hives as independent parsers see them: hivex (python3-hivex through hivex-dump.py, and hivexml) and
 * reglookup must read back exactly the tree that was written, in every format variant.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeHive, type WriteHiveOptions } from '../../src/regf-writer/index.js';
import { requireOracle } from '../helpers/oracles.js';
import { countTree, expectedDump, oracleDump, reglookupRows, removeTemp, run, writeTemp } from './oracle-run.js';
import { sampleTree, utf16Names } from './sample-tree.js';
import type { TreeKey } from '../../src/view/tree-view.js';

afterAll(removeTemp);

const variants: [string, WriteHiveOptions][] = [
  ['1.5 lh (default)', {}],
  ['1.5 lf', { subkeyList: 'lf' }],
  ['1.5 li', { subkeyList: 'li' }],
  ['1.5 lh, leaves of 100', { maxLeafSize: 100 }],
  ['1.6', { minorVersion: 6 }],
  ['1.4 (db, lf)', { minorVersion: 4 }],
  ['1.3 (no db: one big cell)', { minorVersion: 3 }],
];

const root = sampleTree();
const expected = expectedDump(root);
const counts = countTree(root);

/** reglookup warns (and prints raw bytes) for data it cannot render: odd sizes, unknown types, non-ASCII strings. */
const QUOTING_WARNING = /^WARN: While quoting value for '(.*)', warning returned: Data could not be interpreted, quoting raw buffer\.$/;
const UNINTERPRETED_TYPES_VALUES = [
  'dword-1-byte',
  'qword-4-bytes',
  'sz-junk-after-nul',
  'sz-odd',
  'type-0x100',
  'type-0x12',
  'type-devprop',
  'utf16-lone-surrogate',
];
/** Values under Names\ whose string data is not ASCII. */
const NON_ASCII_STRING_VALUES = 3;
/** reglookup cannot convert UTF-16-stored (non-Latin-1) names to its US-ASCII output, and says so once per name. */
const ENCODING_WARNING = /^WARN: Error occurred while converting (key|value) name to encoding US-ASCII\./;
/** libregfi reads db records only in hives 1.5+ (regfi_load_data: minor_version >= 5); the spec says 1.4+. */
const REGFI_NO_DB_WARNING = /^WARN: Data length \(0x([0-9A-F]+)\) larger than remaining cell length \(0x0000000C\)/;
const REGFI_NO_DB_FOLLOWUP = /^WARN: Could not parse data record while parsing VK record at offset/;

function bigValueLengths(root: TreeKey): number[] {
  const out: number[] = [];
  const walk = (k: TreeKey) => {
    for (const v of k.values) if (v.data.length > 16344) out.push(v.data.length);
    k.subkeys.forEach(walk);
  };
  walk(root);
  return out.sort((a, b) => a - b);
}

describe.each(variants)('hive %s', (label, options) => {
  const path = writeTemp(writeHive(root, { hiveName: 'SYSTEM', ...options }), label.replace(/\W+/g, '_'));

  it('hivex-dump.py sees exactly the tree written', () => {
    if (!requireOracle('pythonHivex')) return;
    expect(oracleDump(path)).toEqual(expected);
  });

  it('reglookup sees the same key and value counts, with no error', () => {
    if (!requireOracle('reglookup')) return;
    const r = run('reglookup', [path]);
    expect(r.status).toBe(0);
    const rows = reglookupRows(r.stdout);
    expect(rows.filter((f) => f[1] === 'KEY').length).toBe(counts.keys);
    expect(rows.filter((f) => f[1] !== 'KEY').length).toBe(counts.values);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    const quoted = lines.map((l) => QUOTING_WARNING.exec(l)?.[1]).filter((p): p is string => p !== undefined);
    expect(quoted.filter((p) => p.startsWith('/Types/')).map((p) => p.slice(7)).sort()).toEqual(UNINTERPRETED_TYPES_VALUES);
    expect(quoted.filter((p) => p.startsWith('/Names/')).length).toBe(NON_ASCII_STRING_VALUES);
    expect(lines.filter((l) => ENCODING_WARNING.test(l)).length).toBe(utf16Names(root));
    const rest = lines.filter((l) => !QUOTING_WARNING.test(l) && !ENCODING_WARNING.test(l));
    if (options.minorVersion === 4) {
      const lengths = rest.map((l) => REGFI_NO_DB_WARNING.exec(l)?.[1]).filter((x): x is string => x !== undefined);
      expect(lengths.map((h) => parseInt(h, 16)).sort((a, b) => a - b)).toEqual(bigValueLengths(root));
      expect(rest.filter((l) => !REGFI_NO_DB_WARNING.test(l) && !REGFI_NO_DB_FOLLOWUP.test(l))).toEqual([]);
    } else {
      expect(rest).toEqual([]);
    }
  });

  it('hivexml accepts it', () => {
    if (!requireOracle('hivexml')) return;
    const r = run('hivexml', [path]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('</hive>');
  });
});

describe('security descriptors through reglookup -s', () => {
  const path = writeTemp(writeHive(root), 'security');
  it('shows the owner, group and DACL written for each key', () => {
    if (!requireOracle('reglookup')) return;
    const r = run('reglookup', ['-s', '-t', 'KEY', path]);
    expect(r.status).toBe(0);
    // Only the expected complaints about non-ASCII key and class names (Names\*).
    const charset = /^WARN: (Error occurred while converting (key name|classname)|Could not convert class name charset)/;
    expect(r.stderr.split('\n').filter((l) => l !== '' && !charset.test(l))).toEqual([]);
    const byPath = new Map(reglookupRows(r.stdout).map((f) => [f[0], f]));
    const rcm = '/ControlSet001/Control/Terminal Server/RCM';
    // PATH,TYPE,VALUE,MTIME,OWNER,GROUP,SACL,DACL,CLASS
    expect(byPath.get(`${rcm}/GracePeriod`)?.slice(4, 8)).toEqual([
      'S-1-5-20',
      'S-1-5-20',
      '',
      // Exactly what reglookup prints for RCM\Secrets in regipy's SYSTEM_WIN_10_1709.
      'S-1-5-20:ALLOW:QRY_VAL SET_VAL CREATE_KEY ENUM_KEYS NOTIFY CREATE_LNK DELETE R_CONT W_DAC W_OWNER:|' +
        'S-1-5-18:ALLOW:QRY_VAL SET_VAL CREATE_KEY ENUM_KEYS NOTIFY CREATE_LNK DELETE R_CONT W_DAC W_OWNER:',
    ]);
    expect(byPath.get(`${rcm}/Tampered`)?.[4]).toBe('S-1-5-32-544');
    expect(byPath.get(`${rcm}/Tampered`)?.[7]).toContain('S-1-5-32-544:ALLOW:QRY_VAL SET_VAL');
    expect(byPath.get('/')?.slice(4, 6)).toEqual(['S-1-5-32-544', 'S-1-5-18']);
    expect(byPath.get('/ControlSet001')?.slice(4, 6)).toEqual(['S-1-5-32-544', 'S-1-5-18']);
    expect(byPath.get('/ControlSet001')?.[7]).toMatch(/^S-1-5-32-545:ALLOW:QRY_VAL ENUM_KEYS NOTIFY R_CONT:CI IA\|/);
    expect(byPath.get('/')?.[8]).toBe('RootClass');
    expect(byPath.get('/ControlSet001/Control/Terminal Server')?.[8]).toBe('TSClass');
  });
});
