/** Deleted keys and values under the licensing paths, from the reader's free-space recovery (LoadedHive.recovered). */
import { displayData, type HiveSource } from './source.js';
import type { DeletedRecord } from './types.js';

const LICENSING_PATH =
  /(Control\\Terminal Server\\(RCM|Licensing Core)|Services\\TermService\\Parameters|Services\\TermServLicensing|Policies\\Microsoft\\Windows NT\\Terminal Services|Microsoft\\MSLicensing|Microsoft\\TermServLicensing)(\\|$)/i;
const LICENSING_VALUE = /TIMEBOMB|^LicensingMode$|^SpecifiedLicenseServers$|^LicenseServers$|^ClientLicense$|^ClientHWID$/i;
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
