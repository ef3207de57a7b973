/**
 * Pool worker (piscina): analyses one host of a discovery run. Each worker repeats the discovery once (it is
 * deterministic, and plans hold file accessors that cannot cross threads) and caches it for its later tasks.
 */
import { discoverHosts, type DiscoveryResult } from './discovery/index.js';
import { runHost, type HostOutcome } from './host-runner.js';

export interface WorkerTask {
  readonly inputs: readonly string[];
  readonly logs: boolean;
  readonly extraLogs: readonly string[];
  readonly index: number;
  readonly asOf?: string;
}

let cache: { key: string; result: Promise<DiscoveryResult> } | null = null;

export default async function analyzeInWorker(task: WorkerTask): Promise<HostOutcome> {
  const key = JSON.stringify([task.inputs, task.logs, task.extraLogs]);
  if (!cache || cache.key !== key) cache = { key, result: discoverHosts(task.inputs, { logs: task.logs, extraLogs: task.extraLogs }) };
  const plan = (await cache.result).hosts[task.index];
  if (!plan) return { ok: false, label: `host ${task.index}`, inputs: [], error: 'host not found on re-discovery (inputs changed during the run?)' };
  return runHost(plan, { logs: task.logs, ...(task.asOf ? { asOf: new Date(task.asOf) } : {}) });
}
