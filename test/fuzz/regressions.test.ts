/**
 * Every crash or hang the fuzzers found, replayed: saved cases in test/fixtures/fuzz/ (written by `npm run fuzz`)
 * and hand-made reductions of them. Each must now read (or be refused with HiveFormatError) within the budget.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHive } from '../../src/regf/hive.js';
import { replayLogs } from '../../src/regf/log/replay.js';
import { RawHive } from './craft.js';
import { FIXTURES, loadFixture } from './loop.js';
import { CASE_BUDGET_MS, readHiveFully, runCase } from './targets.js';

describe('fuzz regression fixtures', () => {
  const notes = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
  it('there are fixtures to replay', () => expect(notes.length).toBeGreaterThan(0));
  for (const n of notes) {
    it(n, (ctx) => {
      const fx = loadFixture(join(FIXTURES, n));
      if (!fx) return ctx.skip(); // derived from a corpus file that is not on this machine
      const o = runCase(fx.target, fx.input);
      expect(o.kind === 'read' || o.kind === 'refused', JSON.stringify(o).slice(0, 500)).toBe(true);
      expect(o.ms).toBeLessThan(CASE_BUDGET_MS);
    });
  }
});

describe('reduced fuzz findings', () => {
  it('a pointer to the last 1–3 bytes of a bin clipped by truncation (was RangeError in CellSpace.cell)', () => {
    const h = new RawHive();
    h.rootNk({ name: 'ROOT', subkeyCount: 1, subkeyList: 0x800 });
    const full = h.bytes();
    const cut = full.subarray(0, 4096 + 0x802);
    const r = readHiveFully(cut);
    expect(r.anomalies).toContain('cell-invalid');
    expect(r.anomalies).toContain('hbin-truncated');
  });

  it('a log entry claiming 1 GiB of hive bins it never writes does not grow the image (was 43 s with recovery)', (ctx) => {
    const fx = loadFixture(join(FIXTURES, 'logs-seed760632739.json'));
    if (!fx) return ctx.skip();
    const out = replayLogs(fx.input.primary, fx.input.logs ?? []);
    expect(out.applied.length).toBeGreaterThan(0);
    expect(out.bytes.length).toBeLessThan(1 << 20);
    expect(openHive(out.bytes).root.name).not.toBe('');
    expect(out.anomalies.map((a) => a.code)).toContain('replay-unbacked-growth');
  });
});
