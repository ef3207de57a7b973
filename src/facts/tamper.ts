/**
 * Tampering across the image: the commands the machine runs by itself (tasks, Run keys, script-host services),
 * the scripts and .reg files they reach in the image, and execution evidence of catalog tools.
 */
import type { MachineFile } from '../evidence/types.js';
import { registryAutoStarts, taskAutoStarts, type TaskDefinition } from './autostarts.js';
import { followAutoStarts } from './follow.js';
import type { HiveSource } from './source.js';
import type { AutoStart, TamperFacts, ToolExecution } from './types.js';

export interface TamperInputs {
  readonly system: HiveSource | null;
  readonly controlSet: string | null;
  readonly software: HiveSource | null;
  readonly users: readonly HiveSource[];
  readonly tasks: readonly TaskDefinition[];
  readonly files: readonly MachineFile[] | undefined;
  readonly executions: { readonly sources: string[]; readonly matches: ToolExecution[] };
}

/** An auto-start matters when it does something to licensing inline, names a catalog tool, or names a script. */
function relevant(s: AutoStart, followed: ReadonlySet<string>, unresolved: ReadonlySet<string>): boolean {
  return s.inline.length > 0 || s.tools.length > 0 || followed.has(s.id) || unresolved.has(s.id);
}

export function gatherTamper(i: TamperInputs): TamperFacts {
  // A task the TaskCache holds is not repeated from its XML file; XML-only tasks (deleted from the cache) count.
  const cached = new Set(i.tasks.filter((t) => !t.xml).map((t) => t.path.toUpperCase()));
  const tasks = i.tasks.filter((t) => !t.xml || !cached.has(t.path.toUpperCase()));
  const all = [...taskAutoStarts(tasks), ...registryAutoStarts(i.system, i.controlSet, i.software, i.users)];
  const { scripts, unresolved } = followAutoStarts(all, i.files);
  const followed = new Set(scripts.map((s) => s.reachedFrom));
  const missing = new Set(unresolved.map((u) => u.from));
  return {
    machineFiles: i.files?.length ?? 0,
    autoStarts: all.filter((s) => relevant(s, followed, missing)),
    scripts,
    unresolved,
    executionSources: i.executions.sources,
    executions: i.executions.matches,
  };
}
