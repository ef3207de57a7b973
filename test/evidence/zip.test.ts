import { afterEach, describe, expect, it } from 'vitest';
import { bytesAccess, DEFAULT_ZIP_LIMITS, readZipDirectory, readZipEntry, ZipError } from '../../src/evidence/index.js';
import { discoverHosts } from '../../src/node/discovery/index.js';
import { declareSize, makeZip, systemHive, TempTree } from './fixtures.js';

let tree: TempTree | null = null;
afterEach(() => {
  tree?.remove();
  tree = null;
});

const TEN_MB = 10 * 1024 * 1024;
/** 10 MB that starts like a primary hive, so discovery reads it whole. */
function hiveLikeZeros(): Uint8Array {
  const b = new Uint8Array(TEN_MB);
  b.set([0x72, 0x65, 0x67, 0x66]);
  return b;
}

function zipError(f: () => unknown): ZipError {
  try {
    f();
  } catch (e) {
    if (e instanceof ZipError) return e;
    throw e;
  }
  throw new Error('no ZipError');
}

describe('zip reader', () => {
  it('reads stored and deflated members back byte for byte, and a head without inflating the rest', () => {
    const a = systemHive('Z');
    const b = new TextEncoder().encode('hello '.repeat(1000));
    for (const level of [0, 9] as const) {
      const src = bytesAccess(makeZip({ 'dir/a': a, 'b.txt': b }, level));
      const entries = readZipDirectory(src);
      expect(entries.map((e) => [e.name, e.size, e.method])).toEqual([
        ['dir/a', a.length, level === 0 ? 0 : 8],
        ['b.txt', b.length, level === 0 ? 0 : 8],
      ]);
      expect(readZipEntry(src, entries[0])).toEqual(a);
      expect(readZipEntry(src, entries[1])).toEqual(b);
      expect(readZipEntry(src, entries[0], DEFAULT_ZIP_LIMITS, 4)).toEqual(a.subarray(0, 4));
    }
  });

  it('a member that inflates past its declared size stops at the declared size (zip bomb)', () => {
    const src = bytesAccess(declareSize(makeZip({ SYSTEM: hiveLikeZeros() }, 9), 4096));
    const [entry] = readZipDirectory(src);
    expect(entry.size).toBe(4096);
    const e = zipError(() => readZipEntry(src, entry));
    expect(e.kind).toBe('limit');
    expect(e.message).toBe('zip member SYSTEM inflates past its declared 4096 bytes (zip bomb?)');
  });

  it('refuses a compression ratio over the limit, too many entries, or too much in total, before inflating anything', () => {
    const bomb = bytesAccess(makeZip({ zeros: new Uint8Array(TEN_MB) }, 9));
    expect(zipError(() => readZipDirectory(bomb)).message).toMatch(/^zip member zeros has a compression ratio of \d+, over the limit of 200 \(zip bomb\?\)$/);
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) many[`f${i}`] = new Uint8Array([i]);
    const src = bytesAccess(makeZip(many));
    expect(readZipDirectory(src)).toHaveLength(50);
    expect(zipError(() => readZipDirectory(src, { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 })).message).toBe('zip has 50 entries, over the limit of 10');
    expect(zipError(() => readZipDirectory(src, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 20 })).kind).toBe('limit');
    expect(zipError(() => readZipDirectory(bytesAccess(declareSize(makeZip({ a: new Uint8Array(10) }), 0xfffffff0)))).message).toMatch(/over the per-entry limit/);
  });

  it('a damaged member fails its CRC; damaged archives give ZipError, never anything else', () => {
    const zip = makeZip({ a: systemHive('CRC') }, 0);
    const flipped = zip.slice();
    flipped[30 + 1 + 600] ^= 0xff; // inside the stored data of `a`
    const src = bytesAccess(flipped);
    expect(zipError(() => readZipEntry(src, readZipDirectory(src)[0])).message).toBe('zip member a: CRC-32 mismatch');
    // Deterministic damage: every single-byte change in the headers and directory, and every truncation.
    const deflated = makeZip({ x: systemHive('FUZZ'), y: new Uint8Array(100) }, 6);
    let refused = 0;
    for (let i = 0; i < deflated.length; i += 7) {
      for (const bytes of [Object.assign(deflated.slice(), { [i]: deflated[i] ^ 0x5a }), deflated.subarray(0, i)]) {
        try {
          const a = bytesAccess(bytes);
          for (const e of readZipDirectory(a)) readZipEntry(a, e);
        } catch (e) {
          expect(e).toBeInstanceOf(ZipError);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('discoverHosts with hostile zips', () => {
  it('a zip bomb and a zip with too many entries fail cleanly with a one-line reason', async () => {
    const t = (tree = new TempTree());
    const lying = t.write('in/lying.zip', declareSize(makeZip({ 'Windows/System32/config/SYSTEM': hiveLikeZeros() }, 9), 8192));
    const ratio = t.write('in/ratio.zip', makeZip({ SYSTEM: hiveLikeZeros() }, 9));
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i++) many[`f${i}`] = new Uint8Array(1);
    const crowded = t.write('in/crowded.zip', makeZip(many));
    const before = t.fingerprint();
    const r = await discoverHosts([t.path('in')], { limits: { zip: { maxEntries: 20 } } });
    expect(r.hosts).toEqual([]);
    const reasons = new Map(r.ignored.map((i) => [i.path, i.reason]));
    expect(reasons.get(`${lying}!/Windows/System32/config/SYSTEM`)).toBe('cannot be read: zip member Windows/System32/config/SYSTEM inflates past its declared 8192 bytes (zip bomb?)');
    expect(reasons.get(ratio)).toMatch(/compression ratio of \d+, over the limit of 200 \(zip bomb\?\)/);
    expect(reasons.get(crowded)).toBe('zip has 30 entries, over the limit of 20');
    for (const reason of reasons.values()) expect(reason).not.toContain('\n');
    expect(r.anomalies.map((a) => a.code).sort()).toEqual(['zip-refused', 'zip-refused']);
    expect(t.fingerprint()).toEqual(before);
  });
});
