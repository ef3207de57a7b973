/** Per-input state: dirty, logs applied or missing, and structural damage (warning/error anomalies). */
import type { Anomaly } from '../view/anomaly.js';
import type { HiveSource } from './source.js';
import type { HiveStateFacts, HiveSummary } from './types.js';

const MAX_LISTED = 20;
/** Dirtiness (the reader's and discovery's dirty-hive-* notes), log replay and recovery are reported elsewhere (hive-dirty-logs-missing, hive-logs-replayed); not damage. */
const NOT_DAMAGE = /^(hive-dirty|dirty-hive-|log-|hvle-|dirt-|replay-|recovery-)/;

export function gatherHiveState(src: HiveSource, role: HiveSummary['role']): HiveStateFacts {
  const inp = src.hive.input;
  const all: Anomaly[] = [...inp.anomalies, ...src.hive.view.anomalies];
  const seen = new Set<string>();
  const damage = all.filter((a) => {
    if (a.severity === 'info' || NOT_DAMAGE.test(a.code)) return false;
    const k = `${a.code}|${a.offset ?? ''}|${a.line ?? ''}|${a.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return {
    path: inp.path,
    role,
    format: inp.format,
    dirty: inp.dirty,
    logsApplied: inp.logsApplied.map((l) => ({ path: l.path, format: l.format, entries: l.entries })),
    logsMissing: inp.logsMissing,
    damage: damage.slice(0, MAX_LISTED).map((a) => ({ code: a.code, message: a.message, ...(a.offset !== undefined ? { offset: a.offset } : {}), ...(a.line !== undefined ? { line: a.line } : {}) })),
    damageCount: damage.length,
  };
}
