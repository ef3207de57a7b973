/**
 * Scheduled tasks that reset the grace period: TaskCache\Tree names and, through their Id, the TaskCache\Tasks
 * Path and Actions (a binary record whose UTF-16 strings hold the command and its arguments).
 */
import { REG_BINARY, decodeSz, decodeUtf16 } from '../view/value-types.js';
import type { RegKey } from '../view/registry-view.js';
import { TASKCACHE } from './paths.js';
import { resetToolNamed } from './tamper-tools.js';
import { walkKeys, type HiveSource } from './source.js';
import type { TaskDefinition } from './autostarts.js';
import type { ResetTask, TaskAction, TaskFacts } from './types.js';

/** Names and commands of the public reset scripts (rds-licensing.md §1.2, §2.7). */
const RESET_PATTERN = /grace\s*period|gracePeriod|timebomb|Reset-(?:TS|RDS)-?Grace/i;
const MAX_TASK_KEYS = 50_000;
const MAX_ACTION_BYTES = 64 * 1024;

/** Printable ASCII runs (≥ 4 chars) of UTF-16LE text in an Actions blob, at either byte alignment. */
export function utf16Strings(bytes: Uint8Array): string[] {
  const b = bytes.subarray(0, MAX_ACTION_BYTES);
  const out = new Set<string>();
  for (const part of [b, b.subarray(1)]) for (const s of decodeUtf16(part).match(/[\x20-\x7e]{4,}/g) ?? []) out.add(s);
  return [...out];
}

export function gatherTasks(software: HiveSource | null): TaskFacts {
  const tree = software?.key(`${TASKCACHE}\\Tree`) ?? null;
  if (!software || !tree) return { scanned: 0, resetTasks: [] };
  const tasks = software.key(`${TASKCACHE}\\Tasks`);
  const resetTasks: ResetTask[] = [];
  let scanned = 0;
  walkKeys(tree, MAX_TASK_KEYS, (k: RegKey) => {
    const idv = k.value('Id');
    if (!idv) return;
    scanned++;
    const taskPath = '\\' + k.path.slice(tree.path.length + 1);
    const evidence = [software.valueEvidence(k, idv)];
    const actions: string[] = [];
    const id = decodeSz(idv.data).trim();
    const def = tasks && /^\{[0-9a-f-]{36}\}$/i.test(id) ? tasks.subkey(id) : null;
    if (def) {
      const a = def.value('Actions');
      if (a && a.type === REG_BINARY) {
        actions.push(...utf16Strings(a.data));
        evidence.push(software.valueEvidence(def, a));
      }
    }
    const hay = [taskPath, ...actions];
    const hit = hay.map((s) => s.match(RESET_PATTERN)).find((m) => m !== null);
    const named = resetToolNamed(k.name);
    if (hit || named) resetTasks.push({ path: taskPath, actions, matched: hit ? hit[0] : k.name, resetName: named !== null, evidence });
  });
  return { scanned, resetTasks };
}

/**
 * Every task of TaskCache\Tree with its definition's actions, for following into the image. Until the Actions
 * record is parsed as its structure, each action is the record's UTF-16 strings in order (kind `strings`).
 */
export function taskDefinitions(software: HiveSource | null): TaskDefinition[] {
  const tree = software?.key(`${TASKCACHE}\\Tree`) ?? null;
  if (!software || !tree) return [];
  const tasks = software.key(`${TASKCACHE}\\Tasks`);
  const out: TaskDefinition[] = [];
  walkKeys(tree, MAX_TASK_KEYS, (k: RegKey) => {
    const idv = k.value('Id');
    if (!idv) return;
    const id = decodeSz(idv.data).trim();
    const def = tasks && /^\{[0-9a-f-]{36}\}$/i.test(id) ? tasks.subkey(id) : null;
    const a = def?.value('Actions');
    if (!def || !a || a.type !== REG_BINARY) return;
    const strings = utf16Strings(a.data);
    if (strings.length === 0) return;
    const action: TaskAction = { kind: 'strings', command: strings.join(' '), arguments: '', workingDirectory: '' };
    out.push({ path: '\\' + k.path.slice(tree.path.length + 1), actions: [action], evidence: [software.valueEvidence(k, idv), software.valueEvidence(def, a)] });
  });
  return out;
}
