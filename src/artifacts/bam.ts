/**
 * BAM/DAM (Background/Desktop Activity Moderator), SYSTEM hive, Windows 10 1709 and later:
 * `Services\{bam,dam}\State\UserSettings\<SID>` (1809+) and `Services\{bam,dam}\UserSettings\<SID>` (1709, and
 * systems upgraded from it, which keep both). Each REG_BINARY value is one program: the name is the path as
 * Windows wrote it (`\Device\HarddiskVolumeN\…` or a package family name), the first 8 bytes a FILETIME of its
 * last run. `Version` and `SequenceNumber` are DWORD bookkeeping values.
 */
import type { HiveView, RegKey } from '../view/registry-view.js';
import { REG_BINARY } from '../view/value-types.js';
import type { Anomaly } from '../view/anomaly.js';
import { ByteReader, filetimeHex } from './bytes.js';
import { liveControlSet } from '../view/control-set.js';
import { blobAnomaly, MAX_ARTIFACT_RECORDS, type ArtifactResult } from './types.js';

export type BamService = 'bam' | 'dam';

export interface BamRecord {
  readonly service: BamService;
  /** The UserSettings key the record came from, relative to the service key: `State\UserSettings` or `UserSettings`. */
  readonly layout: 'State\\UserSettings' | 'UserSettings';
  /** Subkey name: the user's SID as Windows wrote it. */
  readonly sid: string;
  /** The value name: the executable's path (or package name) exactly as stored. */
  readonly path: string;
  /** Last execution, or null when the data is shorter than a FILETIME or zero. */
  readonly time: Date | null;
  /** The FILETIME as 16 hex digits (exact to 100 ns), null when unreadable. */
  readonly filetime: string | null;
  /** Hive path of the SID key, e.g. `ControlSet001\Services\bam\State\UserSettings\S-1-5-…`. */
  readonly keyPath: string;
  /** File offset of the value's vk cell (undefined for .reg sources). */
  readonly offset?: number;
}

const LAYOUTS = ['State\\UserSettings', 'UserSettings'] as const;

/** Every BAM and DAM record of the current control set, in key and value-list order (bam before dam). */
export function parseBam(system: HiveView): ArtifactResult<BamRecord> {
  const records: BamRecord[] = [];
  const anomalies: Anomaly[] = [];
  const cs = liveControlSet(system);
  let present = false;
  if (!cs) return { records, anomalies, present };
  for (const service of ['bam', 'dam'] as const) {
    const svc = cs.key.subkey('Services')?.subkey(service) ?? null;
    if (!svc) continue;
    for (const layout of LAYOUTS) {
      const us = layoutKey(svc, layout);
      if (!us) continue;
      present = true;
      for (const sidKey of us.subkeys()) {
        for (const v of sidKey.values()) {
          if (v.type !== REG_BINARY) continue;
          if (records.length >= MAX_ARTIFACT_RECORDS) {
            anomalies.push(blobAnomaly('artifact-record-limit', 'bam', `more than ${MAX_ARTIFACT_RECORDS} BAM/DAM records; the rest were not read`, v.offset, 'error'));
            return { records, anomalies, present };
          }
          const r = new ByteReader(v.data);
          if (v.data.length < 8)
            anomalies.push(blobAnomaly('bam-data-short', 'bam', `${service} value "${v.name}" under ${sidKey.path} holds ${v.data.length} bytes, less than a FILETIME`, v.offset));
          records.push({
            service,
            layout,
            sid: sidKey.name,
            path: v.name,
            time: r.filetime(0),
            filetime: filetimeHex(v.data, 0),
            keyPath: sidKey.path,
            ...(v.offset !== undefined ? { offset: v.offset } : {}),
          });
        }
      }
    }
  }
  return { records, anomalies, present };
}

function layoutKey(svc: RegKey, layout: (typeof LAYOUTS)[number]): RegKey | null {
  let k: RegKey | null = svc;
  for (const part of layout.split('\\')) k = k?.subkey(part) ?? null;
  return k;
}
