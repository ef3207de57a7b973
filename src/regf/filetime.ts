/** FILETIME: 100-ns ticks since 1601-01-01 UTC. */
const EPOCH_DIFF_MS = 11_644_473_600_000n;

/** Converts a FILETIME (as bigint) to a Date; null for 0 or values outside Date's range. */
export function filetimeToDate(ft: bigint): Date | null {
  if (ft === 0n) return null;
  const ms = ft / 10_000n - EPOCH_DIFF_MS;
  if (ms < -8_640_000_000_000_000n || ms > 8_640_000_000_000_000n) return null;
  return new Date(Number(ms));
}

/**
 * Reads a little-endian FILETIME at `off` and converts it. Exact integer arithmetic on the two halves instead of
 * BigInt (hot in full walks): ms = hi·429496 + ⌊(hi·7296 + lo) / 10000⌋, since 2^32 = 10000·429496 + 7296.
 */
export function readFiletime(dv: DataView, off: number): Date | null {
  const ms = readFiletimeMs(dv, off);
  return ms !== ms ? null : new Date(ms);
}

/** readFiletime's milliseconds since 1970 without the Date (NaN where it gives null), for writers that format it. */
export function readFiletimeMs(dv: DataView, off: number): number {
  const lo = dv.getUint32(off, true);
  const hi = dv.getUint32(off + 4, true);
  if (hi === 0 && lo === 0) return NaN;
  const ms = hi * 429_496 + Math.floor((hi * 7296 + lo) / 10_000) - Number(EPOCH_DIFF_MS);
  return ms > 8_640_000_000_000_000 ? NaN : ms;
}

/** Converts a Date to a FILETIME bigint (used by the writer and tests). */
export function dateToFiletime(d: Date): bigint {
  return (BigInt(d.getTime()) + EPOCH_DIFF_MS) * 10_000n;
}
