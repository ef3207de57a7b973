/**
 * Fuzz targets: each reads one input the way the tool does (every public accessor touched), and `runCase` sorts
 * the outcome: read, refused (HiveFormatError, the only allowed throw), crash (anything else) or hang.
 */
import { dumpJsonl } from '../../src/dump/jsonl.js';
import { HiveFormatError, openHive } from '../../src/regf/hive.js';
import { replayLogs } from '../../src/regf/log/replay.js';
import { recoverDeleted } from '../../src/regf/recover/index.js';
import { parseRegText } from '../../src/regtext/index.js';
import type { HiveView, RegKey } from '../../src/view/registry-view.js';
import { dumpData, typeName } from '../../src/view/value-types.js';
import { walkKeys } from '../../src/view/walk.js';

export type TargetName = 'reader' | 'logs' | 'reg';
export const TARGETS: readonly TargetName[] = ['reader', 'logs', 'reg'];

export interface FuzzInput {
  /** The hive (reader, logs) or the .reg file (reg). */
  readonly primary: Uint8Array;
  readonly logs?: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

export interface ReadSummary {
  readonly keys: number;
  readonly values: number;
  readonly anomalies: readonly string[];
}

/** A case taking longer than this is a hang. */
export const CASE_BUDGET_MS = 5000;

/** Everything a consumer can ask of a view: walk, names, times, class names, security, value data decoded. */
function readView(view: HiveView, walk = (visit: (k: RegKey) => void) => walkKeys(view.root, visit)): { keys: number; values: number } {
  let keys = 0;
  let values = 0;
  walk((k) => {
    keys++;
    void k.name;
    void k.lastWrite?.getTime();
    void k.className;
    void k.security();
    void k.isSymlink;
    for (const v of k.values()) {
      values++;
      void typeName(v.type);
      dumpData(v.type, v.data);
      void v.name;
    }
  });
  // Lookups go through lists and hashes, a different path from the walk.
  for (const k of view.root.subkeys().slice(0, 3)) view.key(k.name);
  view.key('ControlSet001\\Control');
  dumpJsonl(view, () => {}, { locations: true });
  return { keys, values };
}

/** Open, walk (with the hive's own parent checks), dump; with `recover`, deleted-record recovery too. */
export function readHiveFully(bytes: Uint8Array, recover = true): ReadSummary {
  const hive = openHive(bytes);
  const r = readView(hive, (visit) => hive.walk(visit));
  const anomalies = hive.anomalies.map((a) => a.code);
  if (recover) {
    // Deleted-record recovery reads the same bytes as free space, slack and stale pointers.
    const rec = recoverDeleted(hive);
    for (const v of rec.values) dumpData(v.type, v.data);
    for (const k of rec.keys) void k.path;
  }
  return { ...r, anomalies };
}

export function replayFully(primary: Uint8Array, logs: readonly { name: string; bytes: Uint8Array }[], recover = true): ReadSummary {
  const r = replayLogs(primary, logs);
  const codes = r.anomalies.map((a) => a.code);
  try {
    const s = readHiveFully(r.bytes, recover);
    return { ...s, anomalies: [...codes, ...s.anomalies] };
  } catch (e) {
    if (e instanceof HiveFormatError) return { keys: 0, values: 0, anomalies: [...codes, 'refused'] };
    throw e;
  }
}

export function parseRegFully(bytes: Uint8Array): ReadSummary {
  const r = parseRegText(bytes, 'fuzz.reg');
  let keys = 0;
  let values = 0;
  for (const h of r.hives) {
    const s = readView(h.view);
    keys += s.keys;
    values += s.values;
  }
  return { keys, values, anomalies: r.anomalies.map((a) => a.code) };
}

export type Outcome =
  | { readonly kind: 'read'; readonly ms: number; readonly summary: ReadSummary }
  | { readonly kind: 'refused'; readonly ms: number; readonly message: string }
  | { readonly kind: 'crash'; readonly ms: number; readonly error: string }
  | { readonly kind: 'hang'; readonly ms: number };

export function runTarget(target: TargetName, input: FuzzInput, recover = true): ReadSummary {
  if (target === 'reader') return readHiveFully(input.primary, recover);
  if (target === 'logs') return replayFully(input.primary, input.logs ?? [], recover);
  return parseRegFully(input.primary);
}

/** Runs one case in this thread; a case over the budget is reported as a hang once it returns. */
export function runCase(target: TargetName, input: FuzzInput, recover = true, budgetMs = CASE_BUDGET_MS): Outcome {
  const t0 = performance.now();
  try {
    const summary = runTarget(target, input, recover);
    const ms = performance.now() - t0;
    return ms > budgetMs ? { kind: 'hang', ms } : { kind: 'read', ms, summary };
  } catch (e) {
    const ms = performance.now() - t0;
    if (target !== 'reg' && e instanceof HiveFormatError) return ms > budgetMs ? { kind: 'hang', ms } : { kind: 'refused', ms, message: e.message };
    return { kind: 'crash', ms, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) };
  }
}
