/** Display forms shared by the HTML and Markdown views: dates, sizes and the registry enums the facts keep as numbers. */
import type { Effective, Fact } from '../facts/types.js';
import { modeName } from '../facts/licensing.js';

const DAY_MS = 86_400_000;

/** ISO instant → `2025-06-01 12:00:00 UTC` (no locale, no time zone of the reader: output is deterministic). */
export function displayTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** ISO instant → `2025-06-01`. */
export function displayDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}

/** Whole days from a to b (b later → positive), rounded toward zero; null when either is missing. */
export function daysBetween(a: string | null | undefined, b: string | null | undefined): number | null {
  if (!a || !b) return null;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? null : Math.trunc((tb - ta) / DAY_MS);
}

export function displaySize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]} (${bytes} bytes)`;
}

const AS_OF_SOURCES: Record<string, string> = {
  'shutdown-time': 'ShutdownTime of the SYSTEM hive',
  'newest-system-lastwrite': 'newest key LastWrite in SYSTEM (no ShutdownTime: estimated)',
  option: 'given by the examiner',
  none: 'unknown: no clock in the inputs',
};

export function asOfSource(source: string): string {
  return AS_OF_SOURCES[source] ?? source;
}

const SERVICE_START: Record<number, string> = { 0: 'Boot', 1: 'System', 2: 'Automatic', 3: 'Manual', 4: 'Disabled' };

export function serviceStart(start: Fact<number> | null): string {
  if (!start) return 'not set';
  return `${SERVICE_START[start.value] ?? 'unknown'} (${start.value})`;
}

const SECURITY_LAYER: Record<number, string> = { 0: 'RDP', 1: 'Negotiate', 2: 'SSL (TLS)' };

export function securityLayer(v: number | null): string {
  return v === null ? 'not set' : `${SECURITY_LAYER[v] ?? 'unknown'} (${v})`;
}

export function nla(v: number | null): string {
  return v === null ? 'not set' : v === 0 ? `not required (${v})` : `required (${v})`;
}

export function licensingMode(v: number | null): string {
  return v === null ? 'not a DWORD' : `${modeName(v)} (${v})`;
}

/** `value (from policy)`, `value (local)` or `not set` for a policy-overridable setting. */
export function effective<T>(e: Effective<T>, show: (v: T) => string = String): string {
  if (e.value === null || e.source === 'none') return 'not set';
  return `${show(e.value)} (${e.source === 'policy' ? 'from policy' : 'local'})`;
}

export function flag(f: Fact<number> | null): string {
  return f === null ? 'not set' : String(f.value);
}

export function yesNo(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}
