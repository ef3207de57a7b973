/**
 * The binary-hive dump writer (jsonl-regf.ts, straight from the record bytes) against the generic writer over
 * RegKey objects (dumpViewJsonl): the same bytes, walk problems and reader anomalies, on every corpus hive, on
 * structure-aware mutations of real and scenario hives, and for the formatting it does without strings.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpJsonl, dumpViewJsonl, type DumpOptions } from '../../src/dump/jsonl.js';
import { JsonBytes } from '../../src/dump/json-bytes.js';
import { writeValueData } from '../../src/dump/value-data.js';
import { dumpData, REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_MULTI_SZ, REG_QWORD } from '../../src/view/value-types.js';
import { HiveFormatError, openHive, RegfKey } from '../../src/regf/hive.js';
import { corpusEntries } from '../helpers/corpus.js';
import { mapHive, mutateHive } from '../fuzz/mutate.js';
import { caseSeed, Rng } from '../fuzz/rng.js';

function both(bytes: Uint8Array, options: DumpOptions = {}): { fast: string; generic: string } | null {
  let a, b;
  try {
    a = openHive(bytes);
    b = openHive(bytes);
  } catch (e) {
    if (e instanceof HiveFormatError) return null;
    throw e;
  }
  const fastChunks: Uint8Array[] = [];
  const genericChunks: Uint8Array[] = [];
  const fastProblems = dumpJsonl(a, (c) => fastChunks.push(c), options);
  const start = options.keyPath ? b.key(options.keyPath) : b.root;
  const genericProblems = start ? dumpViewJsonl(start, (c) => genericChunks.push(c), options) : null;
  const text = (cs: Uint8Array[]) => Buffer.concat(cs).toString('latin1');
  const show = (problems: unknown, anomalies: unknown) => JSON.stringify({ problems, anomalies });
  return { fast: text(fastChunks) + show(fastProblems, a.anomalies), generic: text(genericChunks) + show(genericProblems, b.anomalies) };
}

const regf = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x72 && bytes[1] === 0x65 && bytes[2] === 0x67 && bytes[3] === 0x66;
const hives = corpusEntries()
  .filter((e) => existsSync(e.abs))
  .map((e) => ({ path: e.path, bytes: new Uint8Array(readFileSync(e.abs)) }))
  .filter((h) => regf(h.bytes));

describe.skipIf(hives.length === 0)('dump of corpus hives: record writer = RegKey writer', () => {
  it('covers the corpus', () => expect(hives.length).toBeGreaterThan(80));
  for (const h of hives) {
    it(h.path, () => {
      for (const locations of [false, true]) {
        const r = both(h.bytes, { locations });
        if (!r) return; // a log or a refused file
        expect(r.fast === r.generic).toBe(true);
      }
      // A start key below the root (its path prefixes every line) and a .reg-style hive name.
      const first = openHive(h.bytes).root.subkeys()[0];
      if (first) {
        const r = both(h.bytes, { keyPath: first.path, hive: 'HKLM\\"X"', locations: true })!;
        expect(r.fast === r.generic).toBe(true);
      }
    });
  }
});

describe('dump of damaged hives: record writer = RegKey writer', () => {
  const scenarios = resolve(__dirname, '../../samples');
  const sources = [
    ...readdirSync(scenarios, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(resolve(scenarios, d.name)).map((f) => resolve(scenarios, d.name, f)))
      .filter((f) => statSync(f).isFile() && !/\.LOG\d?$/i.test(f))
      .map((f) => new Uint8Array(readFileSync(f)))
      .filter(regf)
      .slice(0, 6),
    ...hives.filter((h) => h.bytes.length < 300_000).slice(0, 6).map((h) => h.bytes),
  ];
  it('over 600 structure-aware mutations, those still opening (cycles, shared keys, bad lists, truncated names and data)', () => {
    expect(sources.length).toBeGreaterThan(6);
    let compared = 0;
    for (let i = 0; i < 600; i++) {
      const rng = new Rng(caseSeed(18, i));
      const src = sources[i % sources.length];
      const m = mutateHive(rng, src, mapHive(src));
      const r = both(m.bytes, { locations: i % 2 === 0 });
      if (!r) continue;
      compared++;
      if (r.fast !== r.generic) expect({ ops: m.ops, fast: r.fast.slice(-2000) }).toEqual({ ops: m.ops, fast: r.generic.slice(-2000) });
    }
    expect(compared).toBeGreaterThan(250);
  });
});

describe('JsonBytes formatting without strings', () => {
  const out = (f: (w: JsonBytes) => void) => {
    const chunks: Uint8Array[] = [];
    const w = new JsonBytes((c) => chunks.push(c));
    f(w);
    w.flush();
    return Buffer.concat(chunks).toString('latin1');
  };
  it('isoTime writes what toISOString writes, over the whole FILETIME range', () => {
    const rng = new Rng(1709);
    const samples = [0, -1, 1, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, -11_644_473_600_000, 951_782_400_000, 8_640_000_000_000_000];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor((rng.u32() / 0x1_0000_0000) * 1.8e15) - 1.2e13);
    for (const ms of samples) expect(out((w) => w.isoTime(ms))).toBe(new Date(ms).toISOString());
  });
  it('uint writes what String writes', () => {
    const rng = new Rng(4);
    for (const n of [0, 9, 10, 99, 100, 4_294_967_295, 2 ** 32, 1.5, -1, ...Array.from({ length: 5000 }, () => rng.u32())]) expect(out((w) => w.uint(n))).toBe(String(n));
  });
  it('latin1 and utf16 names are escaped as JSON.stringify escapes the decoded name', () => {
    const latin = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Buffer.from(out((w) => w.latin1(latin, 0, 256)), 'latin1').toString('utf8')).toBe(JSON.stringify(String.fromCharCode(...latin)));
    const units = [0x41, 0, 0x22, 0x5c, 0x1f, 0x7f, 0xe9, 0x20ac, 0xd83d, 0xde00, 0xd800, 0x41, 0xdc00, 0xfffd, 0xd83d];
    const utf16 = new Uint8Array(units.length * 2 + 1);
    units.forEach((u, i) => ((utf16[2 * i] = u & 255), (utf16[2 * i + 1] = u >> 8)));
    const decoded = new TextDecoder('utf-16le').decode(utf16.subarray(0, units.length * 2)).replace(/^\uFEFF/, '');
    expect(Buffer.from(out((w) => w.utf16(utf16, 0, utf16.length)), 'latin1').toString('utf8')).toBe(JSON.stringify(decoded));
  });
  it('multi-string, DWORD and QWORD data are written as dumpData decodes them', () => {
    const rng = new Rng(7);
    const units = [0, 0, 0x41, 0x22, 0x5c, 0x0a, 0xe9, 0xfeff, 0xd83d, 0xde00, 0xdc00, 0xd800, 0x20ac];
    for (let i = 0; i < 4000; i++) {
      const len = rng.below(24);
      const data = new Uint8Array(len);
      for (let j = 0; j + 1 < len; j += 2) {
        const u = rng.chance(0.7) ? rng.pick(units) : rng.u32() & 0xffff;
        data[j] = u & 255;
        data[j + 1] = u >> 8;
      }
      if (len & 1) data[len - 1] = rng.u32() & 255;
      if (i % 5 === 0 && len >= 2) ((data[0] = 0xff), (data[1] = 0xfe));
      for (const type of [REG_MULTI_SZ, REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_QWORD]) {
        const written = Buffer.from(out((w) => writeValueData(w, type, data)), 'latin1').toString('utf8');
        expect(written).toBe(JSON.stringify(dumpData(type, data)));
      }
    }
    const q = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0]);
    for (const top of [0, 0x1f, 0x20, 0xff]) {
      q[6] = top;
      q[7] = top;
      expect(out((w) => writeValueData(w, REG_QWORD, q))).toBe(JSON.stringify(dumpData(REG_QWORD, q)));
    }
  });
  it('the record writer is the one used for a binary hive', () => {
    const h = hives[0] ?? null;
    if (h) expect(openHive(h.bytes).root).toBeInstanceOf(RegfKey);
  });
});
