/**
 * AppCompatCache (ShimCache), SYSTEM hive: `ControlSet00N\Control\Session Manager\AppCompatCache\AppCompatCache`
 * (`…\AppCompatibility\AppCompatCache` on XP/2003), one REG_BINARY whose layout changed with Windows:
 *
 * | header u32 at 0      | Windows                    | entries                                                     |
 * |----------------------|----------------------------|-------------------------------------------------------------|
 * | 0xDEADBEEF           | XP 32-bit                  | 400-byte header, 552-byte records with an inline path       |
 * | 0xBADC0FFE           | Server 2003, Vista, 2008   | 8-byte header, UNICODE_STRING records (24 or 32 bytes)      |
 * | 0xBADC0FEE           | 7, Server 2008 R2          | 128-byte header, UNICODE_STRING records (32 or 48 bytes)    |
 * | 0x80 (or 0)          | 8.0 (`00ts`), 8.1 (`10ts`) | 128-byte header, tagged variable records                    |
 * | 0x30 / 0x34          | 10, 11, Server 2016+       | header of that size, `10ts` variable records                |
 *
 * Entries are in cache order (most recently inserted/updated first); `position` keeps it. Times are the file's
 * $STANDARD_INFORMATION last-modified time as the cache recorded it, not an execution time. Layout facts are
 * from Mandiant's "Leveraging the Application Compatibility Cache in Forensic Investigations" (2012) and Eric
 * Zimmerman's AppCompatCacheParser notes; RegRipper's appcompatcache plugin is the oracle in the tests.
 */
import type { HiveView, RegValue } from '../view/registry-view.js';
import type { Anomaly } from '../view/anomaly.js';
import { ByteReader, filetimeHex } from './bytes.js';
import { liveControlSet } from '../view/control-set.js';
import { blobAnomaly, MAX_ARTIFACT_RECORDS, type ArtifactResult } from './types.js';

export type AppCompatLayout =
  | 'xp-32'
  | 'vista-32'
  | 'vista-64'
  | 'win7-32'
  | 'win7-64'
  | 'win8.0'
  | 'win8.1'
  | 'win10'
  | 'unknown';

export interface AppCompatEntry {
  /** 0-based place in the cache: 0 is the most recent insertion. */
  readonly position: number;
  /** The path exactly as stored (often with the `\??\` NT prefix, or `SYSVOL\…` on 8.x). */
  readonly path: string;
  /** The file's last-modified time as cached; null when zero. */
  readonly lastModified: Date | null;
  /** The same as 16 hex digits (exact), null when unreadable. */
  readonly lastModifiedFiletime: string | null;
  /** InsertFlags bit 0x2 (Windows 7 and 8.x; Vista when the field is flags): the shim engine saw it executed. */
  readonly executed?: boolean;
  /** XP: file size and last-update time; 8.x: the package name of Store apps. */
  readonly size?: number;
  readonly lastUpdate?: Date | null;
  readonly packageName?: string;
  /** Offset of the entry inside the value data. */
  readonly dataOffset: number;
}

export interface AppCompatCache {
  readonly layout: AppCompatLayout;
  /** The header's first u32 (signature or header size). */
  readonly signature: number;
  readonly entries: AppCompatEntry[];
}

export interface AppCompatCacheRecord extends AppCompatEntry {
  readonly layout: AppCompatLayout;
  /** Hive path of the value's key, e.g. `ControlSet001\Control\Session Manager\AppCompatCache`. */
  readonly keyPath: string;
  /** File offset of the value's vk cell. */
  readonly offset?: number;
}

/** Parses the AppCompatCache value of the current control set. */
export function parseAppCompatCacheHive(system: HiveView): ArtifactResult<AppCompatCacheRecord> & { layout: AppCompatLayout | null } {
  const cs = liveControlSet(system);
  const sm = cs?.key.subkey('Control')?.subkey('Session Manager') ?? null;
  let value: RegValue | null = null;
  let keyPath = '';
  for (const name of ['AppCompatCache', 'AppCompatibility']) {
    const k = sm?.subkey(name) ?? null;
    const v = k?.value('AppCompatCache') ?? null;
    if (k && v) {
      value = v;
      keyPath = k.path;
      break;
    }
  }
  if (!value) return { records: [], anomalies: [], present: false, layout: null };
  const anomalies: Anomaly[] = [];
  const cache = parseAppCompatCache(value.data, anomalies, value.offset);
  const records = cache.entries.map((e) => ({ ...e, layout: cache.layout, keyPath, ...(value.offset !== undefined ? { offset: value.offset } : {}) }));
  return { records, anomalies, present: true, layout: cache.layout };
}

/**
 * Parses the value data. Problems go to `anomalies` with `offset` (the vk cell, when known) and the position inside
 * the data in the message; what was read before a problem is kept.
 */
export function parseAppCompatCache(data: Uint8Array, anomalies: Anomaly[] = [], offset?: number): AppCompatCache {
  const r = new ByteReader(data);
  const sig = r.u32(0);
  const bad = (code: string, msg: string) => anomalies.push(blobAnomaly(code, 'AppCompatCache', msg, offset));
  if (sig === null) {
    bad('appcompatcache-short', `AppCompatCache data holds ${data.length} bytes, too few for a header`);
    return { layout: 'unknown', signature: 0, entries: [] };
  }
  let layout: AppCompatLayout = 'unknown';
  let entries: AppCompatEntry[] = [];
  if (sig === 0xdeadbeef) [layout, entries] = ['xp-32', parseXp(r, bad)];
  else if (sig === 0xbadc0ffe) [layout, entries] = parseUnicodeStringTable(r, 8, 'vista', bad);
  else if (sig === 0xbadc0fee) [layout, entries] = parseUnicodeStringTable(r, 128, 'win7', bad);
  else if ((sig === 0x80 || sig === 0) && (r.ascii(128, 4) === '00ts' || r.ascii(128, 4) === '10ts'))
    [layout, entries] = [r.ascii(128, 4) === '00ts' ? 'win8.0' : 'win8.1', parseTagged(r, 128, true, bad)];
  else if ((sig === 0x30 || sig === 0x34) && r.ascii(sig, 4) === '10ts') [layout, entries] = ['win10', parseTagged(r, sig, false, bad)];
  else bad('appcompatcache-unknown-layout', `AppCompatCache header 0x${sig.toString(16)} is not a known layout; entries not read`);
  return { layout, signature: sig, entries };
}

type Bad = (code: string, msg: string) => void;

const XP_HEADER = 400;
const XP_ENTRY = 552;
const XP_PATH_BYTES = 528;

function parseXp(r: ByteReader, bad: Bad): AppCompatEntry[] {
  if (r.length < XP_HEADER) bad('appcompatcache-short', `AppCompatCache data holds ${r.length} bytes, less than the ${XP_HEADER}-byte header`);
  const count = r.u32(4) ?? 0;
  const room = Math.max(0, Math.floor((r.length - XP_HEADER) / XP_ENTRY));
  if (count > room) bad('appcompatcache-truncated', `header claims ${count} XP entries, the data holds ${room}`);
  const out: AppCompatEntry[] = [];
  for (let i = 0; i < Math.min(count, room, MAX_ARTIFACT_RECORDS); i++) {
    const at = XP_HEADER + i * XP_ENTRY;
    out.push({
      position: i,
      path: r.utf16(at, XP_PATH_BYTES) ?? '',
      lastModified: r.filetime(at + 528),
      lastModifiedFiletime: filetimeHex(r.bytes, at + 528),
      size: r.u64(at + 536) ?? undefined,
      lastUpdate: r.filetime(at + 544),
      dataOffset: at,
    });
  }
  return out;
}

/**
 * Vista/2003 (header 8) and 7 (header 128): records start with a UNICODE_STRING {u16 length, u16 maximum, pointer}
 * whose pointer is an offset into the same data. 64-bit records pad the pointer to 8 bytes, so the u32 after the
 * two lengths is 0 there and a non-zero offset on 32-bit systems.
 */
function parseUnicodeStringTable(r: ByteReader, header: number, family: 'vista' | 'win7', bad: Bad): [AppCompatLayout, AppCompatEntry[]] {
  if (r.length < header) {
    bad('appcompatcache-short', `AppCompatCache data holds ${r.length} bytes, less than the ${header}-byte header`);
    return [`${family}-32`, []];
  }
  const count = r.u32(4)!;
  if (count === 0) return [`${family}-64`, []];
  const is64 = r.u32(header + 4) === 0;
  const size = family === 'vista' ? (is64 ? 32 : 24) : is64 ? 48 : 32;
  const layout: AppCompatLayout = `${family}-${is64 ? '64' : '32'}`;
  const room = Math.max(0, Math.floor((r.length - header) / size));
  if (count > room) bad('appcompatcache-truncated', `header claims ${count} entries, the data holds ${room}`);
  const out: AppCompatEntry[] = [];
  // The strings follow the table: the lowest path pointer seen so far also ends the table (a lying count stops there).
  let tableEnd = r.length;
  for (let i = 0; i < Math.min(count, room, MAX_ARTIFACT_RECORDS); i++) {
    const at = header + i * size;
    if (at + size > tableEnd) {
      bad('appcompatcache-truncated', `header claims ${count} entries; entry ${i} at data offset ${at} would overlap the path strings at ${tableEnd}`);
      break;
    }
    const len = r.u16(at)!;
    const ptr = is64 ? r.u64(at + 8) : r.u32(at + 4);
    if (ptr !== null && ptr >= at + size && ptr < tableEnd) tableEnd = ptr;
    const timeAt = at + (is64 ? 16 : 8);
    const path = ptr === null ? null : r.utf16(ptr, len);
    if (path === null) bad('appcompatcache-path-out-of-bounds', `entry ${i} at data offset ${at}: path of ${len} bytes at ${ptr} lies outside the ${r.length}-byte data`);
    const flags = r.u32(timeAt + 8);
    // Vista keeps InsertFlags there; Server 2003 a file size (≥ 4 in practice), told apart as RegRipper does.
    const executed = flags === null ? undefined : family === 'win7' ? (flags & 2) !== 0 : flags < 4 ? (flags & 2) !== 0 : undefined;
    out.push({
      position: i,
      path: path ?? '',
      lastModified: r.filetime(timeAt),
      lastModifiedFiletime: filetimeHex(r.bytes, timeAt),
      ...(executed !== undefined ? { executed } : {}),
      dataOffset: at,
    });
  }
  return [layout, out];
}

/**
 * Windows 8.x and 10/11 records: tag (`00ts`/`10ts`), u32 unknown, u32 size of the rest, u16 path length, path;
 * 8.x then has u16 package length, package, u32 InsertFlags, u32 shim flags; both then a FILETIME, u32 data size
 * and the data. The next record starts 12 + size bytes on, so a walk always advances.
 */
function parseTagged(r: ByteReader, start: number, win8: boolean, bad: Bad): AppCompatEntry[] {
  const out: AppCompatEntry[] = [];
  let at = start;
  while (at + 12 <= r.length && out.length < MAX_ARTIFACT_RECORDS) {
    const tag = r.ascii(at, 4);
    if (tag !== '10ts' && tag !== '00ts') {
      bad('appcompatcache-entry-signature', `data offset ${at}: entry signature ${JSON.stringify(tag)} is not 10ts/00ts; the rest is not read`);
      break;
    }
    const size = r.u32(at + 8)!;
    const end = at + 12 + size;
    if (end > r.length) bad('appcompatcache-truncated', `data offset ${at}: entry of ${size} bytes runs past the ${r.length}-byte data`);
    const pathLen = r.u16(at + 12);
    const path = pathLen === null ? null : r.utf16(at + 14, pathLen);
    if (pathLen === null || path === null) {
      bad('appcompatcache-path-out-of-bounds', `data offset ${at}: path runs past the data`);
      break;
    }
    let p = at + 14 + pathLen;
    let packageName: string | undefined;
    let executed: boolean | undefined;
    if (win8) {
      const pkgLen = r.u16(p) ?? 0;
      packageName = r.utf16(p + 2, pkgLen) ?? undefined;
      p += 2 + pkgLen;
      const flags = r.u32(p);
      if (flags !== null) executed = (flags & 2) !== 0;
      p += 8;
    }
    out.push({
      position: out.length,
      path,
      lastModified: r.filetime(p),
      lastModifiedFiletime: filetimeHex(r.bytes, p),
      ...(executed !== undefined ? { executed } : {}),
      ...(packageName ? { packageName } : {}),
      dataOffset: at,
    });
    at = end;
  }
  if (at < r.length && at + 12 > r.length) bad('appcompatcache-truncated', `data offset ${at}: ${r.length - at} trailing bytes, too few for an entry header`);
  return out;
}
