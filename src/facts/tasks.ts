/**
 * Scheduled tasks that reset the grace period: TaskCache\Tree names and, through their Id, the TaskCache\Tasks
 * Path and Actions (a binary record whose UTF-16 strings hold the command and its arguments).
 */
import { REG_BINARY, decodeSz, decodeUtf16 } from '../view/value-types.js';
import type { RegKey } from '../view/registry-view.js';
import { TASKCACHE } from './paths.js';
import { resetToolNamed } from './tamper-tools.js';
import { walkKeys, type HiveSource } from './source.js';
import { parseTaskCache, parseTaskXml, type TaskAction as ArtifactTaskAction } from '../artifacts/index.js';
import type { MachineFile } from '../evidence/types.js';
import type { TaskDefinition } from './autostarts.js';
import { isoOrNull } from './source.js';
import type { Provenance, ResetTask, TaskAction, TaskFacts } from './types.js';

const MAX_TASK_XML_BYTES = 1024 * 1024;

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
 * Every task of the TaskCache with its structured actions (the artifact parser's Actions record), for following
 * into the image. A record the parser could not read is kept as its UTF-16 strings (kind `strings`).
 */
export function taskDefinitions(software: HiveSource | null): TaskDefinition[] {
  if (!software) return [];
  const out: TaskDefinition[] = [];
  for (const r of parseTaskCache(software.hive.view).records) {
    const evidence: Provenance[] = [];
    const tree = r.treeKeyPath !== undefined ? software.key(r.treeKeyPath) : null;
    const def = r.taskKeyPath !== undefined ? software.key(r.taskKeyPath) : null;
    const idv = tree?.value('Id');
    if (tree && idv) evidence.push(software.valueEvidence(tree, idv));
    const av = def?.value('Actions');
    if (def && av) evidence.push(software.valueEvidence(def, av));
    let actions: TaskAction[] = (r.actions?.actions ?? []).map(fromArtifact);
    if (actions.length === 0 && av && av.type === REG_BINARY && !r.actions?.complete) {
      const strings = utf16Strings(av.data);
      if (strings.length > 0) actions = [{ kind: 'strings', command: strings.join(' '), arguments: '', workingDirectory: '' }];
    }
    if (actions.length > 0 && r.path) out.push({ path: r.path, actions, evidence, registered: isoOrNull(r.registered), lastRun: isoOrNull(r.lastRun) });
  }
  return out;
}

function fromArtifact(a: ArtifactTaskAction): TaskAction {
  switch (a.kind) {
    case 'exec':
      return { kind: 'exec', command: a.command, arguments: a.arguments, workingDirectory: a.workingDirectory };
    case 'com':
      return { kind: 'com', command: a.clsid, arguments: a.data, workingDirectory: '' };
    case 'email':
      return { kind: 'email', command: a.to, arguments: a.subject, workingDirectory: '' };
    case 'message':
      return { kind: 'message', command: a.caption, arguments: a.content, workingDirectory: '' };
  }
}

/** Task XML files of the image (`Windows\System32\Tasks\…`), parsed by the artifact parser, as task definitions. */
export function taskXmlDefinitions(files: readonly MachineFile[] | undefined): TaskDefinition[] {
  const out: TaskDefinition[] = [];
  for (const f of files ?? []) {
    const m = /^(?:[A-Za-z]:)?\\Windows\\System32\\Tasks(\\.+)$/i.exec(f.windowsPath);
    if (!m || f.size > MAX_TASK_XML_BYTES) continue;
    let task;
    try {
      task = parseTaskXml(f.read(MAX_TASK_XML_BYTES), f.path).task;
    } catch {
      continue;
    }
    if (!task) continue;
    const actions = task.actions.map(fromArtifact);
    if (actions.length === 0) continue;
    out.push({ path: m[1], actions, evidence: [{ input: f.path, keyPath: f.windowsPath, data: task.author ? `task XML, author ${task.author}` : 'task XML', lastWrite: null }], registered: task.date ?? null, lastRun: null, xml: true });
  }
  return out;
}
