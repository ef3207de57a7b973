/** Plans cross to worker threads as data (structured clone) and re-open to the same evidence, zips included. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { discoverHosts, loadHost } from '../../src/node/discovery/index.js';
import { fromPortablePlan, toPortablePlan } from '../../src/node/discovery/portable-plan.js';
import { ROOT } from '../helpers/oracles.js';

describe('portable host plans', () => {
  it('a plan from a folder and from a zip survives structuredClone and loads the same inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-portable-'));
    const s = (p: string) => readFileSync(join(ROOT, 'samples', p));
    writeFileSync(join(dir, 'one.zip'), zipSync({ 'SYSTEM': s('healthy-per-user/SYSTEM'), 'SOFTWARE': s('healthy-per-user/SOFTWARE') }));
    const d = await discoverHosts([join(ROOT, 'samples/grace-period-expired'), join(dir, 'one.zip')]);
    expect(d.hosts).toHaveLength(2);
    for (const plan of d.hosts) {
      const copy = fromPortablePlan(structuredClone(toPortablePlan(plan)));
      const a = await loadHost(plan);
      const b = await loadHost(copy);
      expect(b.inputs).toEqual(a.inputs);
      expect(b.system?.view.key('Select')?.value('Current')?.data).toEqual(a.system?.view.key('Select')?.value('Current')?.data);
    }
  });
});
