/**
 * UserAssist, NTUSER.DAT: `Software\Microsoft\Windows\CurrentVersion\Explorer\UserAssist\{GUID}\Count`. Value names
 * are ROT13 of what Explorer launched (paths, `{KNOWNFOLDERID}\…` paths, AppUserModelIDs, `UEME_…` bookkeeping);
 * the data is a counter record whose size tells the version (the GUID key's `Version` value: 3 on XP/2003/Vista,
 * 5 on Windows 7 and later):
 * - 16 bytes: u32 session, u32 run count (XP starts it at 5, so runs = count − 5), FILETIME last run at 8;
 * - 72 bytes: u32 session, u32 run count at 4, u32 focus count at 8, u32 focus time (ms) at 12, FILETIME last run
 *   at 60.
 * Other sizes (session values such as `UEME_CTLSESSION`) are not program records and are skipped.
 */
import type { HiveView } from '../view/registry-view.js';
import type { Anomaly } from '../view/anomaly.js';
import { decodeDword } from '../view/value-types.js';
import { ByteReader, filetimeHex } from './bytes.js';
import { blobAnomaly, MAX_ARTIFACT_RECORDS, type ArtifactResult } from './types.js';

export const USERASSIST_PATH = 'Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist';

export interface UserAssistRecord {
  /** The `{GUID}` key name (which shell item kind it counts). */
  readonly guid: string;
  /** The ROT13-decoded value name: what was run. */
  readonly path: string;
  /** The value name as stored (ROT13). */
  readonly rawName: string;
  /** Record layout by data size: 16 bytes (XP-era) or 72 bytes (Windows 7+). */
  readonly format: 16 | 72;
  /** The stored counter. */
  readonly count: number;
  /** Runs: the counter, less the 5 XP-era records start from. */
  readonly runCount: number;
  readonly focusCount?: number;
  readonly focusTimeMs?: number;
  /** Last run, or null when the record has no time. */
  readonly lastRun: Date | null;
  readonly lastRunFiletime: string | null;
  /** The GUID key's `Version` value when present. */
  readonly version?: number;
  readonly keyPath: string;
  /** File offset of the value's vk cell. */
  readonly offset?: number;
}

/** ROT13 of ASCII letters only, as Explorer encodes the names. */
export function rot13(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

export function parseUserAssist(ntuser: HiveView): ArtifactResult<UserAssistRecord> {
  const records: UserAssistRecord[] = [];
  const anomalies: Anomaly[] = [];
  const ua = ntuser.key(USERASSIST_PATH);
  if (!ua) return { records, anomalies, present: false };
  for (const g of ua.subkeys()) {
    const count = g.subkey('Count');
    if (!count) continue;
    const vv = g.value('Version');
    const version = vv ? decodeDword(vv.type, vv.data) ?? undefined : undefined;
    for (const v of count.values()) {
      const n = v.data.length;
      if (n !== 16 && n !== 72) continue;
      if (records.length >= MAX_ARTIFACT_RECORDS) {
        anomalies.push(blobAnomaly('artifact-record-limit', 'userassist', `more than ${MAX_ARTIFACT_RECORDS} UserAssist records; the rest were not read`, v.offset, 'error'));
        return { records, anomalies, present: true };
      }
      const r = new ByteReader(v.data);
      const c = r.u32(4)!;
      const timeAt = n === 16 ? 8 : 60;
      records.push({
        guid: g.name,
        path: rot13(v.name),
        rawName: v.name,
        format: n,
        count: c,
        runCount: n === 16 && c >= 5 ? c - 5 : c,
        ...(n === 72 ? { focusCount: r.u32(8)!, focusTimeMs: r.u32(12)! } : {}),
        lastRun: r.filetime(timeAt),
        lastRunFiletime: filetimeHex(v.data, timeAt),
        ...(version !== undefined ? { version } : {}),
        keyPath: count.path,
        ...(v.offset !== undefined ? { offset: v.offset } : {}),
      });
    }
  }
  return { records, anomalies, present: true };
}
