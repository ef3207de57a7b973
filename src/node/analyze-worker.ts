/**
 * Pool worker thread (WorkerPool, worker-pool.ts): analyses one host per task, re-opening its files from the
 * portable plan it is sent. Loaded as dist/node/analyze-worker.js by the CLI, or as embedded source inside the
 * single executable.
 */
import { fromPortablePlan, type PortablePlan } from './discovery/portable-plan.js';
import { runHost, type HostOutcome } from './host-runner.js';
import { serveTasks } from './worker-serve.js';

export interface WorkerTask {
  readonly plan: PortablePlan;
  readonly logs: boolean;
  readonly asOf?: string;
}

export function analyzeInWorker(task: WorkerTask): Promise<HostOutcome> {
  return runHost(fromPortablePlan(task.plan), { logs: task.logs, ...(task.asOf ? { asOf: new Date(task.asOf) } : {}) });
}

serveTasks(analyzeInWorker);
