/** Worker of scripts/fuzz.ts: runs a chunk of cases, saves crashes, reports each case start (for the hang watchdog). */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzz, loadSeeds, saveFailure } from '../test/fuzz/loop.js';
import type { TargetName } from '../test/fuzz/targets.js';

const { target, seed, first, count, large, out } = workerData as { target: TargetName; seed: number; first: number; count: number; large: boolean; out?: string };
const seeds = loadSeeds(large);
const stats = fuzz(
  seeds,
  target,
  seed,
  count,
  (f) => console.log(`\n${f.outcome.kind.toUpperCase()} ${target} (${f.c.source}): saved ${saveFailure(f, out)}`),
  first,
  (i) => parentPort!.postMessage({ started: i }),
);
parentPort!.postMessage({ done: { ...stats, failures: stats.failures.map(() => null) } });
