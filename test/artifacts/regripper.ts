/** Runs RegRipper plugins and reads their text output back into comparable records (test helper). */
import { spawnSync } from 'node:child_process';

export function rip(hive: string, plugin: string): string {
  const r = spawnSync('regripper', ['-r', hive, '-p', plugin], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 120_000 });
  if (r.error) throw r.error;
  return r.stdout;
}

/**
 * RegRipper's getTime() as Perl computes it, in the same IEEE doubles: `int(hi·429.4967296 + lo/1e7)` after
 * subtracting the epoch from each half. The product is inexact, so an exact-second FILETIME can land just below
 * the integer and `int` takes the second before (the bug the issue names). Returns Unix seconds.
 */
export function ripGetTime(filetimeHex: string): number {
  let hi = parseInt(filetimeHex.slice(0, 8), 16);
  let lo = parseInt(filetimeHex.slice(8), 16);
  if (hi === 0 && lo === 0) return 0;
  lo -= 0xd53e8000;
  hi -= 0x019db1de;
  const t = Math.trunc(hi * 429.4967296 + lo / 1e7);
  return t < 0 ? 0 : t;
}

/** The exact Unix second of a FILETIME (floor), for comparison with RegRipper's. */
export function exactSeconds(filetimeHex: string): number {
  const ft = BigInt('0x' + filetimeHex);
  if (ft === 0n) return 0;
  const s = (ft - 116444736000000000n) / 10_000_000n;
  return ft < 116444736000000000n ? 0 : Number(s);
}

/** RegRipper's getDateFromEpoch: `YYYY-MM-DD HH:MM:SS` in UTC. */
export function ripDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export interface RipBamEntry {
  sid: string;
  time: string;
  path: string;
}

export function parseRipBam(out: string): RipBamEntry[] {
  const res: RipBamEntry[] = [];
  let sid = '';
  for (const line of out.split('\n')) {
    const m = /^ {2}(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z - (.*)$/.exec(line);
    if (m) res.push({ sid, time: m[1], path: m[2] });
    else if (/^S-1-[0-9-]+$/.test(line)) sid = line;
  }
  return res;
}

export interface RipShimEntry {
  path: string;
  time: string;
  executed: boolean;
}

/** Entry lines follow `Signature: 0x…` (and a layout line on XP–7): `path  time[  upd][  N bytes][  Executed]`. */
export function parseRipAppCompat(out: string): { signature: string | null; entries: RipShimEntry[] } {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Signature: '));
  if (at < 0) return { signature: null, entries: [] };
  const entries: RipShimEntry[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line === '' || /^(WinXP|Win2K3|Win2K8R2|Unknown signature)/.test(line)) continue;
    const m = /^(.*?) {2}((?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)?)((?: {2}.*)?)$/.exec(line);
    if (!m) throw new Error(`unexpected appcompatcache line: ${JSON.stringify(line)}`);
    entries.push({ path: m[1], time: m[2], executed: / {2}Executed$/.test(m[3]) });
  }
  return { signature: lines[at].slice('Signature: '.length), entries };
}

export interface RipAmcacheEntry {
  source: 'InventoryApplicationFile' | 'File';
  path: string;
  time: string;
  sha1?: string;
}

export function parseRipAmcache(out: string): RipAmcacheEntry[] {
  const res: RipAmcacheEntry[] = [];
  let section = '';
  let cur: RipAmcacheEntry | null = null;
  for (const line of out.split('\n')) {
    if (line.startsWith('***')) {
      section = line;
      continue;
    }
    if (section === '***InventoryApplicationFile***') {
      const m = /^(.*) {2}LastWrite: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z$/.exec(line);
      if (m) res.push((cur = { source: 'InventoryApplicationFile', path: m[1], time: m[2] }));
      else if (line.startsWith('Hash: ') && cur) cur.sha1 = line.slice(6) || undefined;
      else if (line.startsWith('Root\\')) section = '';
    } else if (section === '***Files***') {
      if (line.startsWith('File Reference: ')) res.push((cur = { source: 'File', path: '', time: '' }));
      else if (cur && line.startsWith('LastWrite     : ')) cur.time = line.slice(16, 35);
      else if (cur && line.startsWith('Path          : ')) cur.path = line.slice(16);
      else if (cur && line.startsWith('SHA-1         : ')) cur.sha1 = line.slice(16);
      else if (line.startsWith('Root\\') || line.startsWith('***')) section = '';
    }
  }
  return res;
}

export interface RipUserAssistEntry {
  guid: string;
  path: string;
  time: string | null;
  count: number | null;
}

export function parseRipUserAssist(out: string): RipUserAssistEntry[] {
  const res: RipUserAssistEntry[] = [];
  let guid = '';
  let time: string | null = null;
  let noTime = false;
  for (const line of out.split('\n')) {
    let m: RegExpExecArray | null;
    if (/^\{[0-9A-Fa-f-]{36}\}$/.test(line)) [guid, time, noTime] = [line, null, false];
    else if ((m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z$/.exec(line))) time = m[1];
    else if (line === 'Value names with no time stamps:') noTime = true;
    else if (line.startsWith('  ') && guid) {
      if (noTime) res.push({ guid, path: line.slice(2), time: null, count: null });
      else if ((m = /^ {2}(.*) \((\d+)\)$/.exec(line))) res.push({ guid, path: m[1], time, count: Number(m[2]) });
    }
  }
  return res;
}
