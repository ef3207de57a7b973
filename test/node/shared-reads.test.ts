/**
 * Large reads and their background hash (src/node/hash-worker.ts, discovery/file-access.ts): a hash thread ends once
 * it holds no job (shared memory it was given is freed only then); discovery puts at most two large reads in shared
 * memory, so a fleet of large hives does not keep one shared buffer per hive; every input's SHA-256 is node:crypto's
 * whichever way it was hashed; a pool run loads its hosts from ordinary memory (V8 does not count shared memory
 * toward collecting garbage, so a buffer per host stayed).
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedBytes, softwareHive, systemHive, TempTree } from '../evidence/fixtures.js';

/** Every read from disk: its path, size and whether it went to shared memory. */
const reads: { path: string; size: number; shared: boolean }[] = [];
vi.mock('../../src/node/read-file.js', async (original) => {
  const real = await original<typeof import('../../src/node/read-file.js')>();
  return {
    ...real,
    readEvidenceFile: (path: string, ...rest: Parameters<typeof real.readEvidenceFile> extends [string, ...infer R] ? R : never) => {
      const bytes = real.readEvidenceFile(path, ...rest);
      reads.push({ path, size: bytes.length, shared: bytes.buffer instanceof SharedArrayBuffer });
      return bytes;
    },
  };
});

const { BACKGROUND_HASH_MIN_BYTES, abandonHash, hashThreadRunning, sha256Overlapped, streamingHash } = await import('../../src/node/hash-worker.js');
const { discoverHosts, loadHost } = await import('../../src/node/discovery/index.js');
const { forgetRecentReads } = await import('../../src/node/discovery/file-access.js');
const { fromPortablePlan, toPortablePlan } = await import('../../src/node/discovery/portable-plan.js');

afterEach(() => {
  forgetRecentReads();
  reads.length = 0;
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the hash thread', () => {
  it('ends once it has handed over its last digest', async () => {
    const big = sharedBytes(BACKGROUND_HASH_MIN_BYTES + 8, 1);
    streamingHash(big)!.end(big);
    expect(hashThreadRunning()).toBe(true);
    expect(await sha256Overlapped(big)).toBe(sha(big));
    expect(hashThreadRunning()).toBe(false);
  });

  it('ends when its only job is given up, and the bytes are then hashed in place', () => {
    const big = sharedBytes(BACKGROUND_HASH_MIN_BYTES + 8, 2);
    streamingHash(big)!.end(big);
    expect(hashThreadRunning()).toBe(true);
    abandonHash(big);
    expect(hashThreadRunning()).toBe(false);
    expect(sha256Overlapped(big)).toBe(sha(big));
  });

  it('keeps running while another job is open', async () => {
    const a = sharedBytes(BACKGROUND_HASH_MIN_BYTES + 8, 3);
    const b = sharedBytes(BACKGROUND_HASH_MIN_BYTES + 8, 4);
    streamingHash(a)!.end(a);
    streamingHash(b)!.end(b);
    abandonHash(a);
    expect(hashThreadRunning()).toBe(true);
    expect(await sha256Overlapped(b)).toBe(sha(b));
    expect(hashThreadRunning()).toBe(false);
  });
});

/** Five hosts, each a SYSTEM of a real hive padded past the background-hash threshold and a small SOFTWARE; their SHA-256s. */
function largeFleet(t: TempTree): Map<string, string> {
  const want = new Map<string, string>();
  for (let i = 0; i < 5; i++) {
    // A real hive followed by trailing data (remnant space) up past the background-hash threshold.
    const sys = systemHive(`BIGHOST${i}`);
    const big = new Uint8Array(BACKGROUND_HASH_MIN_BYTES + 4096 * (i + 1));
    big.set(sys);
    for (let j = sys.length; j < big.length; j += 997) big[j] = (j + i) & 0xff;
    t.write(`fleet/h${i}/SYSTEM`, big);
    t.write(`fleet/h${i}/SOFTWARE`, softwareHive());
    want.set(t.path(`fleet/h${i}/SYSTEM`), sha(big));
    want.set(t.path(`fleet/h${i}/SOFTWARE`), sha(softwareHive()));
  }
  return want;
}

describe('a fleet of hosts with large hives', () => {
  it('discovery puts at most two large reads in shared memory; every digest is right; no hash thread is left', async () => {
    const t = new TempTree();
    try {
      const want = largeFleet(t);
      const d = await discoverHosts([t.path('fleet')]);
      expect(d.hosts).toHaveLength(5);
      const large = (r: { size: number }) => r.size >= BACKGROUND_HASH_MIN_BYTES;
      expect(reads.filter(large)).toHaveLength(5);
      expect(reads.filter((r) => r.shared).map((r) => r.path)).toEqual([t.path('fleet/h0/SYSTEM'), t.path('fleet/h1/SYSTEM')]);
      const discovered = reads.length;
      const got = new Map<string, string>();
      for (const plan of d.hosts) for (const input of (await loadHost(plan)).inputs) got.set(input.path, input.sha256);
      expect(got).toEqual(want);
      // What loading read again from disk (the cache let it go) was hashed as it was read, in shared memory.
      const again = reads.slice(discovered).filter(large);
      expect(again.length).toBeGreaterThan(0);
      expect(again.every((r) => r.shared)).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(hashThreadRunning()).toBe(false);
    } finally {
      t.remove();
    }
  });

  it('a pool run loads its hosts from ordinary memory, on its own thread and on pool threads, with every digest right', async () => {
    // Shared memory that V8 does not count toward collecting garbage held one buffer per large host a thread had
    // loaded: a pool run's peak memory grew with its fleet.
    const t = new TempTree();
    try {
      const want = largeFleet(t);
      const d = await discoverHosts([t.path('fleet')]);
      forgetRecentReads(); // what a pool run does before it starts its threads (fleet-run.ts)
      const discovered = reads.length;
      const got = new Map<string, string>();
      const [first, ...others] = d.hosts;
      // This thread's own host reads as a pool run's; the others as a pool thread does, from their portable plans.
      for (const input of (await loadHost(first)).inputs) got.set(input.path, input.sha256);
      for (const plan of others) for (const input of (await loadHost(fromPortablePlan(toPortablePlan(plan)))).inputs) got.set(input.path, input.sha256);
      expect(got).toEqual(want);
      const loaded = reads.slice(discovered).filter((r) => r.size >= BACKGROUND_HASH_MIN_BYTES);
      expect(loaded.map((r) => r.path).sort()).toEqual([0, 1, 2, 3, 4].map((i) => t.path(`fleet/h${i}/SYSTEM`)).sort());
      expect(loaded.filter((r) => r.shared)).toEqual([]);
      await new Promise((r) => setImmediate(r));
      expect(hashThreadRunning()).toBe(false);
    } finally {
      t.remove();
    }
  });
});
