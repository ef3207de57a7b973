// SHA-256 on the helper thread (src/node/hash-worker.ts) is node:crypto's digest of the same shared bytes, and the
// analysis of a host whose hive goes through it reports the same hash.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { discoverHosts, loadHost } from '../../src/node/discovery/index.js';
import { runHost } from '../../src/node/host-runner.js';
import { sharedBytes, softwareHive, systemHive, TempTree } from './fixtures.js';
import { BACKGROUND_HASH_MIN_BYTES, sha256Overlapped, streamingHash } from '../../src/node/hash-worker.js';
import { readEvidenceFile } from '../../src/node/read-file.js';

describe('hashing on a helper thread', () => {
  it('gives the digest node:crypto computes in place, for large shared inputs only', async () => {
    const big = sharedBytes(BACKGROUND_HASH_MIN_BYTES + 8);
    const want = createHash('sha256').update(big).digest('hex');
    // Bytes already in shared memory, handed over whole.
    streamingHash(big)!.end(big);
    const got = sha256Overlapped(big);
    expect(got).toBeInstanceOf(Promise);
    expect(await got).toBe(want);
    // Taken once: a second request hashes in place, to the same digest.
    expect(sha256Overlapped(big)).toBe(want);

    const small = sharedBytes(1024);
    expect(streamingHash(small)).toBeNull();
    expect(sha256Overlapped(small)).toBe(createHash('sha256').update(small).digest('hex'));
  });
});

describe('hashing while the file is read', () => {
  it('gives node:crypto\'s digest of the file, fed chunk by chunk as the read fills the shared bytes', async () => {
    const t = new TempTree();
    try {
      // Not a multiple of the read's chunk size, so the last chunk is a short one.
      const content = sharedBytes(BACKGROUND_HASH_MIN_BYTES * 2 + 12345);
      t.write('big.bin', content);
      const want = createHash('sha256').update(content).digest('hex');
      const bytes = readEvidenceFile(t.path('big.bin'), undefined, { hashInBackground: true });
      expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      const got = sha256Overlapped(bytes);
      expect(got).toBeInstanceOf(Promise);
      expect(await got).toBe(want);
      // Without the option nothing is started: the digest is computed in place.
      const plain = readEvidenceFile(t.path('big.bin'));
      expect(sha256Overlapped(plain)).toBe(want);
    } finally {
      t.remove();
    }
  });
});

describe('a host with an input large enough for the helper thread', () => {
  it('records the SHA-256 of every input as node:crypto computes it, through loading and the analysis', async () => {
    const t = new TempTree();
    try {
      // A real hive followed by trailing data (remnant space) up past the helper thread's threshold.
      const sys = systemHive('BIGHOST');
      const big = new Uint8Array(BACKGROUND_HASH_MIN_BYTES + 4096);
      big.set(sys);
      for (let i = sys.length; i < big.length; i += 997) big[i] = i & 0xff;
      t.write('host/SYSTEM', big);
      t.write('host/SOFTWARE', softwareHive());
      const want = new Map([
        [t.path('host/SYSTEM'), createHash('sha256').update(big).digest('hex')],
        [t.path('host/SOFTWARE'), createHash('sha256').update(softwareHive()).digest('hex')],
      ]);
      const { hosts } = await discoverHosts([t.path('host')]);
      expect(hosts).toHaveLength(1);
      const loaded = await loadHost(hosts[0]);
      expect(new Map(loaded.inputs.map((i) => [i.path, i.sha256]))).toEqual(want);
      const again = await discoverHosts([t.path('host')]);
      const outcome = await runHost(again.hosts[0]);
      expect(outcome.ok).toBe(true);
      expect(new Map(outcome.inputs.map((i) => [i.path, i.sha256]))).toEqual(want);
    } finally {
      t.remove();
    }
  });
});
