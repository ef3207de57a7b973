/**
 * Amcache.hve (`\AppCompat\Programs\Amcache.hve`, its own hive with logs):
 * - Windows 10 1709+ and updated 8.1/2012 R2: `Root\InventoryApplicationFile\<id>`, one key per file, values
 *   `LowerCaseLongPath`, `FileId` (`0000` + SHA-1), `LinkDate` (PE link time as `MM/DD/YYYY HH:MM:SS`), `Size`,
 *   `Name`, `Publisher`, `ProductName`, `Version`, `ProgramId`…; the key's LastWrite is when it was recorded.
 * - Windows 8 to 10 1607: `Root\File\<volume GUID>\<file reference>`, values named by hex id: `15` full path,
 *   `101` SHA-1 (with `0000`), `0` product, `1` company, `c` description, `6` size, `f` PE link time (u32 Unix),
 *   `11` last modified, `12` created, `17` last modified (2); the key's LastWrite is the record time.
 * Key order is the subkey list order (name order), which RegRipper's amcache plugin follows too.
 */
import type { HiveView, RegKey, RegValue } from '../view/registry-view.js';
import type { Anomaly } from '../view/anomaly.js';
import { REG_BINARY, REG_QWORD, decodeDword, decodeSz } from '../view/value-types.js';
import { ByteReader } from './bytes.js';
import { blobAnomaly, MAX_ARTIFACT_RECORDS, type ArtifactResult } from './types.js';

export interface AmcacheRecord {
  readonly source: 'InventoryApplicationFile' | 'File';
  /** The path as Amcache stored it (lower case in InventoryApplicationFile); '' when the value is missing. */
  readonly path: string;
  /** LastWrite of the record's key: when Windows recorded or updated the entry. */
  readonly keyLastWrite: Date | null;
  /** SHA-1 of the file (first 31.4 MB), without the `0000` prefix, when recorded. */
  readonly sha1?: string;
  readonly size?: number;
  readonly name?: string;
  readonly publisher?: string;
  readonly productName?: string;
  readonly version?: string;
  /** InventoryApplicationFile `LinkDate` as written (`MM/DD/YYYY HH:MM:SS`), File `f` as an ISO time. */
  readonly linkDate?: string;
  readonly programId?: string;
  /** File: last modified (`11`), last modified 2 (`17`), created (`12`). */
  readonly lastModified?: Date | null;
  readonly lastModified2?: Date | null;
  readonly created?: Date | null;
  /** File: the volume GUID key and file-reference key names. */
  readonly volumeId?: string;
  readonly fileReference?: string;
  /** Hive path of the record key. */
  readonly keyPath: string;
  /** File offset of the record key's nk cell. */
  readonly offset?: number;
}

export function parseAmcache(amcache: HiveView): ArtifactResult<AmcacheRecord> {
  const records: AmcacheRecord[] = [];
  const anomalies: Anomaly[] = [];
  const root = amcache.key('Root');
  const iaf = root?.subkey('InventoryApplicationFile') ?? null;
  const file = root?.subkey('File') ?? null;
  const full = () => {
    if (records.length < MAX_ARTIFACT_RECORDS) return false;
    anomalies.push(blobAnomaly('artifact-record-limit', 'amcache', `more than ${MAX_ARTIFACT_RECORDS} Amcache records; the rest were not read`, undefined, 'error'));
    return true;
  };
  if (iaf) {
    for (const k of iaf.subkeys()) {
      if (full()) break;
      records.push(inventoryRecord(k));
    }
  }
  if (file) {
    outer: for (const vol of file.subkeys()) {
      for (const k of vol.subkeys()) {
        if (full()) break outer;
        records.push(fileRecord(vol, k));
      }
    }
  }
  return { records, anomalies, present: iaf !== null || file !== null };
}

function str(k: RegKey, name: string): string | undefined {
  const v = k.value(name);
  return v ? decodeSz(v.data) : undefined;
}

function num(v: RegValue | null): number | undefined {
  if (!v) return undefined;
  if (v.data.length === 4) return decodeDword(v.type, v.data) ?? undefined;
  if (v.data.length === 8 && (v.type === REG_QWORD || v.type === REG_BINARY)) return new ByteReader(v.data).u64(0) ?? undefined;
  const s = decodeSz(v.data).trim();
  return /^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : undefined;
}

function sha1(fileId: string | undefined): string | undefined {
  if (!fileId) return undefined;
  const s = fileId.trim();
  return /^0000[0-9a-f]{40}$/i.test(s) ? s.slice(4).toLowerCase() : s || undefined;
}

function opt<T>(name: string, v: T | undefined): Record<string, T> {
  return v === undefined ? {} : { [name]: v };
}

function inventoryRecord(k: RegKey): AmcacheRecord {
  return {
    source: 'InventoryApplicationFile',
    path: str(k, 'LowerCaseLongPath') ?? '',
    keyLastWrite: k.lastWrite,
    ...opt('sha1', sha1(str(k, 'FileId'))),
    ...opt('size', num(k.value('Size'))),
    ...opt('name', str(k, 'Name')),
    ...opt('publisher', str(k, 'Publisher')),
    ...opt('productName', str(k, 'ProductName')),
    ...opt('version', str(k, 'Version')),
    ...opt('linkDate', str(k, 'LinkDate')),
    ...opt('programId', str(k, 'ProgramId')),
    keyPath: k.path,
    ...opt('offset', k.offset),
  };
}

function filetimeValue(k: RegKey, name: string): Date | null | undefined {
  const v = k.value(name);
  return v ? new ByteReader(v.data).filetime(0) : undefined;
}

function fileRecord(vol: RegKey, k: RegKey): AmcacheRecord {
  const f = num(k.value('f'));
  return {
    source: 'File',
    path: str(k, '15') ?? '',
    keyLastWrite: k.lastWrite,
    ...opt('sha1', sha1(str(k, '101'))),
    ...opt('size', num(k.value('6'))),
    ...opt('productName', str(k, '0')),
    ...opt('publisher', str(k, '1')),
    ...opt('name', str(k, 'c')),
    ...opt('version', str(k, '5')),
    ...opt('linkDate', f !== undefined && f > 0 && f < 0x1_0000_0000 ? new Date(f * 1000).toISOString() : undefined),
    ...opt('lastModified', filetimeValue(k, '11')),
    ...opt('lastModified2', filetimeValue(k, '17')),
    ...opt('created', filetimeValue(k, '12')),
    volumeId: vol.name,
    fileReference: k.name,
    keyPath: k.path,
    ...opt('offset', k.offset),
  };
}
