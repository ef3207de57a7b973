/**
 * Scheduled tasks as the SOFTWARE hive caches them: `Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache`.
 * `Tree\<folder>\<name>` keys carry the task's name (its path) and `Id` ({GUID}); `Tasks\{GUID}` carries `Path`,
 * `Actions` (see task-actions.ts), `DynamicInfo` (u32 version, FILETIME registered at 4, last run at 12,
 * u32 state at 20, u32 last result at 24; the 36-byte form adds a FILETIME at 28 — RegRipper's "Task Completed"),
 * `Author`, `Description`, `URI`, `Date`. A `Tasks` entry no `Tree` key names is kept too (`inTree: false`):
 * deleting the Tree key is a known way to hide a task from the Task Scheduler UI.
 */
import type { HiveView, RegKey } from '../view/registry-view.js';
import type { Anomaly } from '../view/anomaly.js';
import { REG_BINARY, decodeSz } from '../view/value-types.js';
import { walkKeys, walkAnomaly } from '../view/walk.js';
import { ByteReader } from './bytes.js';
import { parseTaskActions, type TaskActions } from './task-actions.js';
import { blobAnomaly, MAX_ARTIFACT_RECORDS, type ArtifactResult } from './types.js';

export const TASKCACHE_PATH = 'Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache';
const MAX_TREE_KEYS = 200_000;

export interface ScheduledTaskRecord {
  /** The task path as Windows shows it, `\Folder\Name` (from Tree, else the Tasks entry's `Path` value). */
  readonly path: string;
  /** `{GUID}` as stored in Tree `Id` (or the Tasks key name). */
  readonly id: string;
  readonly inTree: boolean;
  /** The Tasks\{GUID} key exists. */
  readonly hasDefinition: boolean;
  readonly author?: string;
  readonly description?: string;
  readonly uri?: string;
  readonly date?: string;
  readonly registered: Date | null;
  readonly lastRun: Date | null;
  readonly completed: Date | null;
  readonly lastResult?: number;
  /** The parsed Actions value, or null when absent. */
  readonly actions: TaskActions | null;
  /** LastWrite of the Tree key (name) and the Tasks key (definition). */
  readonly treeLastWrite: Date | null;
  readonly taskLastWrite: Date | null;
  readonly treeKeyPath?: string;
  readonly taskKeyPath?: string;
  /** File offset of the Actions vk cell, else the Tasks key, else the Tree key. */
  readonly offset?: number;
}

export function parseTaskCache(software: HiveView): ArtifactResult<ScheduledTaskRecord> {
  const records: ScheduledTaskRecord[] = [];
  const anomalies: Anomaly[] = [];
  const cache = software.key(TASKCACHE_PATH);
  if (!cache) return { records, anomalies, present: false };
  const tree = cache.subkey('Tree');
  const tasks = cache.subkey('Tasks');
  const seen = new Set<string>();
  if (tree) {
    walkKeys(
      tree,
      (k) => {
        const idv = k.value('Id');
        if (!idv || records.length >= MAX_ARTIFACT_RECORDS) return;
        const id = decodeSz(idv.data).trim();
        const def = tasks && id ? tasks.subkey(id) : null;
        if (def) seen.add(def.name.toUpperCase());
        records.push(record('\\' + k.path.slice(tree.path.length + 1), id, k, def, anomalies));
      },
      (p) => anomalies.push(walkAnomaly(p)),
      MAX_TREE_KEYS,
    );
  }
  for (const def of tasks?.subkeys() ?? []) {
    if (seen.has(def.name.toUpperCase()) || records.length >= MAX_ARTIFACT_RECORDS) continue;
    const pv = def.value('Path');
    records.push(record(pv ? decodeSz(pv.data) : '', def.name, null, def, anomalies));
  }
  if (records.length >= MAX_ARTIFACT_RECORDS)
    anomalies.push(blobAnomaly('artifact-record-limit', 'taskcache', `more than ${MAX_ARTIFACT_RECORDS} tasks; the rest were not read`, undefined, 'error'));
  return { records, anomalies, present: true };
}

function record(path: string, id: string, treeKey: RegKey | null, def: RegKey | null, anomalies: Anomaly[]): ScheduledTaskRecord {
  const s = (name: string) => {
    const v = def?.value(name);
    return v ? decodeSz(v.data) : undefined;
  };
  const av = def?.value('Actions') ?? null;
  const actions = av && av.type === REG_BINARY ? parseTaskActions(av.data, anomalies, av.offset) : null;
  const dv = def?.value('DynamicInfo') ?? null;
  const d = new ByteReader(dv?.data ?? new Uint8Array(0));
  const opt = <T,>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    path,
    id,
    inTree: treeKey !== null,
    hasDefinition: def !== null,
    ...opt('author', s('Author')),
    ...opt('description', s('Description')),
    ...opt('uri', s('URI')),
    ...opt('date', s('Date')),
    registered: d.filetime(4),
    lastRun: d.filetime(12),
    completed: d.length >= 36 ? d.filetime(28) : null,
    ...opt('lastResult', d.u32(24) ?? undefined),
    actions,
    treeLastWrite: treeKey?.lastWrite ?? null,
    taskLastWrite: def?.lastWrite ?? null,
    ...opt('treeKeyPath', treeKey?.path),
    ...opt('taskKeyPath', def?.path),
    ...opt('offset', av?.offset ?? def?.offset ?? treeKey?.offset),
  };
}
