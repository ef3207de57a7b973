/** Deleted keys and values under the licensing paths, from the reader's free-space recovery (LoadedHive.recovered). */
import { displayData, type HiveSource } from './source.js';
import { DELETED_SOFTWARE_KEYS, DELETED_SYSTEM_KEYS, DELETED_VALUE_NAMES } from './paths.js';
import type { DeletedRecord } from './types.js';

/** The keys anywhere in a path, so records found by a full (unscoped) recovery are filtered the same way. */
const LICENSING_PATH = new RegExp(`(${[...DELETED_SYSTEM_KEYS, ...DELETED_SOFTWARE_KEYS].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(\\\\|$)`, 'i');
const LICENSING_VALUE = DELETED_VALUE_NAMES;
const MAX_RECORDS = 1000;

export function gatherDeleted(sources: HiveSource[]): { checked: boolean; records: DeletedRecord[] } {
  const records: DeletedRecord[] = [];
  let checked = false;
  for (const src of sources) {
    const rec = src.hive.recovered;
    if (!rec) continue;
    checked = true;
    for (const k of rec.keys) {
      if (records.length >= MAX_RECORDS) break;
      if (!LICENSING_PATH.test(k.path)) continue;
      const ev = { input: src.input, keyPath: src.fullPath(k.path), data: `deleted key recovered at offset 0x${k.offset.toString(16)}`, lastWrite: src.capabilities.lastWrite && k.lastWrite && Number.isFinite(k.lastWrite.getTime()) ? k.lastWrite.toISOString() : null };
      records.push({ kind: 'key', keyPath: src.fullPath(k.path), offset: k.offset, note: 'deleted key', evidence: [ev] });
    }
    for (const v of rec.values) {
      if (records.length >= MAX_RECORDS) break;
      if (!LICENSING_PATH.test(v.keyPath) && !LICENSING_VALUE.test(v.name)) continue;
      const keyPath = v.keyPath === '' ? `${src.prefix}\\(unattached)` : src.fullPath(v.keyPath);
      const ev = { input: src.input, keyPath, valueName: v.name, data: `${displayData(v.type, v.data)} (deleted, offset 0x${v.offset.toString(16)})`, lastWrite: null };
      records.push({ kind: 'value', keyPath, valueName: v.name, offset: v.offset, note: 'deleted value', evidence: [ev] });
    }
  }
  return { checked, records };
}
