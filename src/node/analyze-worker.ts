/** Pool worker (piscina): analyses one host, re-opening its files from the portable plan it is sent. */
import { fromPortablePlan, type PortablePlan } from './discovery/portable-plan.js';
import { runHost, type HostOutcome } from './host-runner.js';

export interface WorkerTask {
  readonly plan: PortablePlan;
  readonly logs: boolean;
  readonly asOf?: string;
}

export default function analyzeInWorker(task: WorkerTask): Promise<HostOutcome> {
  return runHost(fromPortablePlan(task.plan), { logs: task.logs, ...(task.asOf ? { asOf: new Date(task.asOf) } : {}) });
}
