/**
 * One host from plan to facts for the CLI: analyzePlan (src/analysis/run.ts, shared with the browser page) with
 * node:crypto's SHA-256 and the DPAPI timebomb decoder. Runs in the main thread or in a pool worker.
 */
import { decodeTimebomb } from '../analysis/timebomb-decoder.js';
import { analyzePlan, type HostOutcome } from '../analysis/run.js';
import type { HostPlan } from './discovery/index.js';
import { sha256Overlapped } from './hash-worker.js';

export type { HostOutcome } from '../analysis/run.js';

export interface HostRunOptions {
  readonly asOf?: Date;
  readonly logs?: boolean;
}

export function runHost(plan: HostPlan, options: HostRunOptions = {}): Promise<HostOutcome> {
  return analyzePlan(plan, { hash: sha256Overlapped, logs: options.logs, asOf: options.asOf, timebombDecoder: (e, blob) => decodeTimebomb(e, blob) });
}
