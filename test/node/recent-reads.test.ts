/** Discovery's cache of recent reads: one host's loading takes its bytes back (each file read once); a fleet's discovery holds at most the bound. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/oracles.js';

const reads = new Map<string, number>();
vi.mock('../../src/node/read-file.js', async (original) => {
  const real = await original<typeof import('../../src/node/read-file.js')>();
  return {
    ...real,
    readEvidenceFile: (path: string, ...rest: Parameters<typeof real.readEvidenceFile> extends [string, ...infer R] ? R : never) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return real.readEvidenceFile(path, ...rest);
    },
  };
});

const { discoverHosts, loadHost } = await import('../../src/node/discovery/index.js');
const { forgetRecentReads, recentReadsHeld } = await import('../../src/node/discovery/file-access.js');

afterEach(() => {
  forgetRecentReads();
  reads.clear();
});

describe('recent reads', () => {
  it("one host: loading takes back what discovery read, so each input is read from disk once", async () => {
    const d = await discoverHosts([join(ROOT, 'samples/healthy-per-user')]);
    expect(d.hosts).toHaveLength(1);
    expect(recentReadsHeld().files).toBeGreaterThan(1);
    const host = await loadHost(d.hosts[0]);
    expect(host.inputs.length).toBeGreaterThan(1);
    expect(recentReadsHeld()).toEqual({ files: 0, bytes: 0 });
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it("a fleet's discovery holds at most 64 files (plus the largest), not every hive it read", async () => {
    const fleet = mkdtempSync(join(tmpdir(), 'rdslic-recent-'));
    const samples = readdirSync(join(ROOT, 'samples'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    for (let i = 0; i < 60; i++) cpSync(join(ROOT, 'samples', samples[i % samples.length]), join(fleet, `host-${String(i).padStart(2, '0')}`), { recursive: true });
    const d = await discoverHosts([fleet]);
    expect(d.hosts).toHaveLength(60);
    expect(reads.size).toBeGreaterThan(100);
    expect(recentReadsHeld().files).toBeLessThanOrEqual(65);
  });
});
