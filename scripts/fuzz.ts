/**
 * `npm run fuzz -- [--target reader|logs|reg] [--iterations N] [--seed S] [--large] [--out DIR]`: a long seeded
 * mutation run. Crashes and hangs are written to test/fixtures/fuzz/<target>-seed<case seed>.* (replayed by
 * test/fuzz/regressions.test.ts). Each case runs in a worker thread, so a real infinite loop is caught too.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { FIXTURES, loadSeeds, makeCase, saveFailure, type Failure, type RunStats } from '../test/fuzz/loop.js';
import { caseSeed } from '../test/fuzz/rng.js';
import { CASE_BUDGET_MS, TARGETS, type TargetName } from '../test/fuzz/targets.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'reader' },
    iterations: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    large: { type: 'boolean', default: false },
    out: { type: 'string', default: FIXTURES },
    chunk: { type: 'string', default: '200' },
  },
});
const targets = values.target === 'all' ? TARGETS : [values.target as TargetName];
for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`--target must be reader, logs, reg or all (got ${t})`);
const iterations = Number(values.iterations);
const seed = Number(values.seed) >>> 0;
const chunk = Math.max(1, Number(values.chunk));

interface ChunkReply {
  stats: RunStats;
}

/** Runs cases [first, first+count) in a worker; a worker silent past the whole chunk's budget is a hang. */
function runChunk(target: TargetName, first: number, count: number): Promise<ChunkReply | { hangAt: number }> {
  return new Promise((resolve) => {
    // The worker registers tsx itself so it can load the TypeScript harness.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./fuzz-worker.ts', import.meta.url).href)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { target, seed, first, count, large: values.large, out: values.out } });
    let last = first;
    let timer = setTimeout(onHang, CASE_BUDGET_MS * 4);
    function onHang(): void {
      void worker.terminate();
      resolve({ hangAt: last });
    }
    worker.on('message', (m: { started?: number; done?: RunStats }) => {
      if (m.started !== undefined) {
        last = m.started;
        clearTimeout(timer);
        timer = setTimeout(onHang, CASE_BUDGET_MS * 4);
      } else if (m.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ stats: m.done });
      }
    });
    worker.on('error', (e) => {
      // Not a finding: the harness itself failed (cases catch their own errors).
      clearTimeout(timer);
      console.error(`fuzz worker failed at case ${last}: ${e}`);
      process.exit(2);
    });
  });
}

async function main(): Promise<void> {
  const seeds = loadSeeds(values.large);
  for (const target of targets) {
    const t0 = performance.now();
    let total = { cases: 0, read: 0, refused: 0, withAnomalies: 0, failures: 0, slowestMs: 0, slowest: '' };
    for (let first = 0; first < iterations; first += chunk) {
      const count = Math.min(chunk, iterations - first);
      const r = await runChunk(target, first, count);
      if ('hangAt' in r) {
        // The worker never came back: rebuild the case here (same seed) and save it as a hang.
        const c = makeCase(seeds, target, caseSeed(seed, r.hangAt));
        const f: Failure = { c, outcome: { kind: 'hang', ms: CASE_BUDGET_MS * 4 } };
        console.log(`HANG ${target} case ${r.hangAt}: saved ${saveFailure(f, values.out)}`);
        total.failures++;
        // Go on from the case after the hanging one.
        first = r.hangAt + 1 - chunk;
        continue;
      }
      const s = r.stats;
      total = {
        cases: total.cases + s.cases,
        read: total.read + s.read,
        refused: total.refused + s.refused,
        withAnomalies: total.withAnomalies + s.withAnomalies,
        failures: total.failures + s.failures.length,
        slowestMs: Math.max(total.slowestMs, s.slowestMs),
        slowest: s.slowestMs > total.slowestMs ? s.slowest : total.slowest,
      };
      process.stdout.write(`\r${target}: ${total.cases}/${iterations} cases, ${total.failures} failures`);
    }
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`\n${target}: ${total.cases} cases in ${secs} s (seed ${seed}): ${total.read} read (${total.withAnomalies} with anomalies), ${total.refused} refused, ${total.failures} crashes/hangs; slowest ${Math.round(total.slowestMs)} ms (${total.slowest})`);
  }
}

await main();
