/**
 * CI fuzzing: 10,000 seeded structure-aware mutations (8,000 of real and writer-made hives through the reader
 * and deleted-record recovery, 1,000 of dirty hives' logs through replay, 1,000 of .reg fixtures through the
 * parser). No case may throw anything but HiveFormatError or take over CASE_BUDGET_MS; damage must show up as
 * anomalies. `npm run fuzz` runs the same loop longer and saves failing inputs as fixtures.
 */
import { describe, expect, it } from 'vitest';
import { oracles } from '../helpers/oracles.js';
import { fuzz, loadSeeds, type RunStats } from './loop.js';

/** Fixed: CI runs the same 10,000 cases every time. */
const SEED = 20240611;

function failuresOf(s: RunStats): string[] {
  return s.failures.map((f) => `${f.outcome.kind} ${f.c.target}-seed${f.c.seed} (${f.c.source}; ${f.c.mutation.ops.join(', ')}): ${'error' in f.outcome ? f.outcome.error.split('\n').slice(0, 4).join(' | ') : `${Math.round(f.outcome.ms)} ms`}`);
}

describe.skipIf(!oracles.corpus)('seeded fuzzing (seed ' + SEED + ')', () => {
  const seeds = oracles.corpus ? loadSeeds() : { hives: [], logSets: [], regs: [] };

  it('8,000 hive mutations: no crash, no hang, damage recorded', () => {
    // Recovery on every 4th case: it triples a case's cost.
    const s = fuzz(seeds, 'reader', SEED, 8000, undefined, 0, undefined, 4);
    expect(failuresOf(s)).toEqual([]);
    expect(s.cases).toBe(8000);
    // Most mutations of structure fields are noticed; every cut inside the bins is.
    expect(s.structuralWithAnomalies / s.structural).toBeGreaterThan(0.6);
    expect(s.truncations).toBeGreaterThan(100);
    expect(s.truncationsWithAnomalies / s.truncations).toBeGreaterThan(0.85);
    expect(s.refused).toBeGreaterThan(0);
  });

  it('1,000 log mutations (HvLE and DIRT): replay never throws or hangs', () => {
    const s = fuzz(seeds, 'logs', SEED, 1000, undefined, 0, undefined, 10);
    expect(failuresOf(s)).toEqual([]);
    expect(s.withAnomalies / s.read).toBeGreaterThan(0.5);
  });

  it('1,000 .reg mutations: the parser never throws or hangs, and reports what it skipped', () => {
    const s = fuzz(seeds, 'reg', SEED, 1000);
    expect(failuresOf(s)).toEqual([]);
    expect(s.withAnomalies / s.read).toBeGreaterThan(0.7);
  });
});
