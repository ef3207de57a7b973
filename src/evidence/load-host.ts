/**
 * A HostPlan → HostEvidence: every file read once, hashed (hives, logs, .reg exports, master keys), opened, and
 * dirty hives replayed in memory from their logs. Nothing is thrown for bad input: unreadable files, refused
 * hives and failed replays become anomalies on the input (or on the host) and the rest still loads.
 *
 * `.reg` exports of one host are merged in path order (mergeRegTexts) and fill the hive slots no binary hive
 * holds; a binary hive always wins over an export of the same hive, and the export is listed as unused.
 * `logsMissing` is true for a dirty hive when no log was applied, whether none was found or replay was off.
 */
import { HiveFormatError, openHive } from '../regf/hive.js';
import { replayLogs, type ReplayOptions } from '../regf/log/replay.js';
import { mergeRegTexts, parseRegText, type RegTextResult } from '../regtext/index.js';
import { hiveId } from '../regtext/roots.js';
import type { Anomaly } from '../view/anomaly.js';
import type { HiveView } from '../view/registry-view.js';
import { classifyHive } from './classify.js';
import { MAX_AUXILIARY_BYTES, type HostPlan, type PlannedHive } from './plan.js';
import type { AuxiliaryFile, EvidenceInput, HiveKind, HostEvidence, LoadedHive, LogApplied, MachineFile } from './types.js';

export interface LoadOptions {
  /** SHA-256 as lowercase hex (Node's crypto, or WebCrypto in a browser). */
  readonly hash: (bytes: Uint8Array) => string | Promise<string>;
  /** Replay transaction logs into dirty hives; default: the plan's `replayLogs`. */
  readonly logs?: boolean;
  readonly replay?: ReplayOptions;
  /**
   * Runs on the loaded evidence while the hives' own hashes are still being computed (a hash thread, WebCrypto),
   * so work such as deleted-record recovery overlaps with hashing. Every `sha256` is filled in once it returns;
   * it must not read them. What it returns is the evidence loadHostPlan resolves to.
   */
  readonly whileHashing?: (evidence: HostEvidence) => HostEvidence;
}

/** A primary hive's hash still being computed; it settles once the hash is written into its input. */
type PendingHash = Promise<void>;

type MachineSlot = 'system' | 'software' | 'security' | 'sam';
const MACHINE_SLOT: Partial<Record<HiveKind, MachineSlot>> = { SYSTEM: 'system', SOFTWARE: 'software', SECURITY: 'security', SAM: 'sam' };
const REG_KIND: Record<string, HiveKind> = { SYSTEM: 'SYSTEM', SOFTWARE: 'SOFTWARE', SECURITY: 'SECURITY', SAM: 'SAM', NTUSER: 'NTUSER', USRCLASS: 'USRCLASS' };
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

export async function loadHostPlan(plan: HostPlan, options: LoadOptions): Promise<HostEvidence> {
  const inputs: EvidenceInput[] = [];
  const anomalies: Anomaly[] = [...plan.anomalies];
  const slots: Partial<Record<MachineSlot, LoadedHive>> = {};
  const users: LoadedHive[] = [];
  const hashes: PendingHash[] = [];
  let amcache: LoadedHive | undefined;

  for (const ph of plan.hives) {
    if (ph.format !== 'regf') continue;
    const { input, view } = await loadRegf(ph, options, options.logs ?? plan.replayLogs, hashes);
    inputs.push(input);
    if (!view || ph.slot === 'unused' || ph.slot === 'reg') continue;
    const hive: LoadedHive = { input, view, ...(ph.user !== undefined ? { user: ph.user } : {}) };
    if (ph.slot === 'user') users.push(hive);
    else if (ph.slot === 'amcache') amcache = hive;
    else slots[ph.slot] = hive;
  }

  const regs = plan.hives.filter((h) => h.format === 'reg');
  if (regs.length > 0) await loadRegExports(regs, options, inputs, slots, users, anomalies);

  const auxiliary: AuxiliaryFile[] = [];
  for (const a of plan.auxiliary) {
    try {
      const bytes = a.file.read();
      if (bytes.length > MAX_AUXILIARY_BYTES) throw new Error(`${bytes.length} bytes: too large for a DPAPI master key file`);
      auxiliary.push({ path: a.file.path, role: a.role, bytes, sha256: await options.hash(bytes) });
    } catch (e) {
      anomalies.push({ code: 'input-unreadable', severity: 'error', message: `${a.file.path}: ${message(e)}` });
    }
  }

  const files: MachineFile[] = (plan.files ?? []).map(({ file, windowsPath }) => ({
    path: file.path,
    windowsPath,
    size: file.size,
    read: (maxBytes: number) => (file.size > maxBytes ? file.head(maxBytes) : file.read().subarray(0, maxBytes)),
  }));

  inputs.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
  const loaded: HostEvidence = { label: plan.label, source: plan.source, ...slots, users, ...(amcache ? { amcache } : {}), auxiliary, inputs, anomalies, ...(files.length > 0 ? { files } : {}) };
  const out = options.whileHashing ? options.whileHashing(loaded) : loaded;
  await Promise.all(hashes);
  return out;
}

/** The input, its SHA-256 written in when the hash finishes (only `whileHashing` sees it before that). */
function hashLater(input: EvidenceInput, hashing: string | Promise<string>, hashes: PendingHash[]): EvidenceInput {
  hashes.push(
    Promise.resolve(hashing).then((hex) => {
      (input as { sha256: string }).sha256 = hex;
    }),
  );
  return input;
}

async function loadRegf(ph: PlannedHive, options: LoadOptions, replay: boolean, hashes: PendingHash[]): Promise<{ input: EvidenceInput; view: HiveView | null }> {
  const planned = ph.kinds[0] ?? 'OTHER';
  const extra = { ...(ph.unused !== undefined ? { unused: ph.unused } : {}), ...(ph.user !== undefined ? { user: ph.user } : {}), ...(ph.originalPath !== undefined ? { originalPath: ph.originalPath } : {}) };
  const failed = (size: number, sha256: string, a: Anomaly): { input: EvidenceInput; view: null } => ({
    input: { path: ph.file.path, size, sha256, kind: planned, format: 'regf', dirty: false, logsApplied: [], logsMissing: false, anomalies: [a], ...extra },
    view: null,
  });
  let bytes: Uint8Array;
  try {
    bytes = ph.file.read();
  } catch (e) {
    return failed(ph.file.size, '', { code: 'input-unreadable', severity: 'error', message: `${ph.file.path}: ${message(e)}` });
  }
  // Awaited at the end of loadHostPlan: a hash running elsewhere (a thread, WebCrypto) overlaps the rest.
  const hashing = options.hash(bytes);
  let hive;
  try {
    hive = openHive(bytes);
  } catch (e) {
    if (!(e instanceof HiveFormatError)) throw e;
    const r = failed(bytes.length, '', { code: 'not-a-hive', severity: 'error', offset: e.offset, message: `${ph.file.path}: ${e.message}` });
    return { input: hashLater(r.input, hashing, hashes), view: null };
  }

  const anomalies: Anomaly[] = [];
  const logs: { path: string; bytes: Uint8Array; sha256: string }[] = [];
  for (const l of ph.logs) {
    try {
      const lb = l.read();
      logs.push({ path: l.path, bytes: lb, sha256: await options.hash(lb) });
    } catch (e) {
      anomalies.push({ code: 'log-unreadable', severity: 'warning', message: `${l.path}: ${message(e)}` });
    }
  }
  const dirty = hive.dirty;
  let view: HiveView = hive;
  let applied: LogApplied[] = [];
  let skipped: { path: string; sha256: string; reason: string }[] = [];
  const shaOf = (path: string) => logs.find((l) => l.path === path)?.sha256 ?? '';
  if (dirty && replay && logs.length > 0) {
    const r = replayLogs(bytes, logs.map((l) => ({ name: l.path, bytes: l.bytes })), options.replay);
    anomalies.push(...r.anomalies);
    skipped = r.skipped.map((s) => ({ path: s.name, sha256: shaOf(s.name), reason: s.reason }));
    if (r.applied.length > 0) {
      try {
        view = openHive(r.bytes);
        applied = r.applied.map((a) => ({ path: a.name, sha256: shaOf(a.name), format: a.format, entries: a.entries, sequenceBefore: a.sequenceBefore, sequenceAfter: a.sequenceAfter }));
      } catch (e) {
        anomalies.push({ code: 'replayed-hive-unreadable', severity: 'error', message: `${ph.file.path}: the replayed hive cannot be opened (${message(e)}); the primary is used as it is` });
      }
    }
  } else {
    const reason = !dirty ? 'hive is clean: logs are not needed' : 'log replay turned off';
    skipped = logs.map((l) => ({ path: l.path, sha256: l.sha256, reason }));
  }
  if (dirty && logs.length === 0) {
    anomalies.push({ code: 'dirty-hive-no-logs', severity: 'warning', structure: 'base-block', offset: 4, message: `${ph.file.path} is dirty and no transaction log was found beside it: its newest changes may be missing` });
  }
  const input: EvidenceInput = {
    path: ph.file.path,
    size: bytes.length,
    sha256: '',
    kind: classifyHive(view),
    format: 'regf',
    dirty,
    logsApplied: applied,
    logsMissing: dirty && applied.length === 0,
    anomalies: [...view.anomalies, ...anomalies],
    logsSkipped: skipped,
    ...extra,
  };
  return { input: hashLater(input, hashing, hashes), view };
}

async function loadRegExports(
  regs: readonly PlannedHive[],
  options: LoadOptions,
  inputs: EvidenceInput[],
  slots: Partial<Record<MachineSlot, LoadedHive>>,
  users: LoadedHive[],
  anomalies: Anomaly[],
): Promise<void> {
  const parsed: { ph: PlannedHive; size: number; sha256: string; result: RegTextResult }[] = [];
  for (const ph of regs) {
    try {
      const bytes = ph.file.read();
      parsed.push({ ph, size: bytes.length, sha256: await options.hash(bytes), result: parseRegText(bytes, ph.file.path) });
    } catch (e) {
      anomalies.push({ code: 'input-unreadable', severity: 'error', message: `${ph.file.path}: ${message(e)}` });
    }
  }
  const merged = mergeRegTexts(parsed.map((p) => p.result));
  anomalies.push(...merged.anomalies.filter((a) => a.structure === 'merge'));
  for (const h of merged.hives) {
    const id = hiveId(h.root, h.userSid);
    const kind = REG_KIND[h.root] ?? classifyHive(h.view);
    const from = parsed.filter((p) => p.result.hives.some((x) => hiveId(x.root, x.userSid) === id));
    const slot = MACHINE_SLOT[kind];
    const holder = slot ? slots[slot] : undefined;
    const user = h.userSid !== undefined && h.userSid !== 'current' ? h.userSid : undefined;
    let unused: string | undefined;
    if (holder) unused = `${kind} comes from ${holder.input.path}; this export of it is not used`;
    else if (!slot && kind !== 'NTUSER') unused = `${h.prefix || h.root} (${kind}): not used by the analysis`;
    const own = from.map((p) => {
      const fileHive = p.result.hives.find((x) => hiveId(x.root, x.userSid) === id);
      const input: EvidenceInput = {
        path: p.ph.file.path,
        size: p.size,
        sha256: p.sha256,
        kind,
        format: 'reg',
        dirty: false,
        logsApplied: [],
        logsMissing: false,
        anomalies: [...(fileHive?.view.anomalies ?? [])],
        ...(unused !== undefined ? { unused } : {}),
        ...(user !== undefined ? { user } : {}),
        ...(p.ph.originalPath !== undefined ? { originalPath: p.ph.originalPath } : {}),
      };
      return input;
    });
    inputs.push(...own);
    if (own.length === 0 || unused !== undefined) continue;
    if (own.length > 1) {
      anomalies.push({ code: 'reg-merged', severity: 'info', message: `${h.prefix || h.root}: ${own.length} .reg exports merged in path order (${own.map((i) => i.path).join(', ')})` });
    }
    const loaded: LoadedHive = { input: own[0], view: h.view, ...(user !== undefined ? { user } : {}) };
    if (slot) slots[slot] = loaded;
    else users.push(loaded);
  }
}
