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
  const ms = filetimePartsToMs(dv.getUint32(off, true), dv.getUint32(off + 4, true));
  return ms === null ? null : new Date(ms);
}

/** A FILETIME's two little-endian halves as epoch ms, as readFiletime dates it; null for 0 or beyond Date's range. */
export function filetimePartsToMs(lo: number, hi: number): number | null {
  if (hi === 0 && lo === 0) return null;
  const ms = hi * 429_496 + Math.floor((hi * 7296 + lo) / 10_000) - Number(EPOCH_DIFF_MS);
  return ms > 8_640_000_000_000_000 ? null : ms;
}

/** Converts a Date to a FILETIME bigint (used by the writer and tests). */
export function dateToFiletime(d: Date): bigint {
  return (BigInt(d.getTime()) + EPOCH_DIFF_MS) * 10_000n;
}
