/** FILETIME: 100-ns ticks since 1601-01-01 UTC. */
const EPOCH_DIFF_MS = 11_644_473_600_000n;

/** Converts a FILETIME (as bigint) to a Date; null for 0 or values outside Date's range. */
export function filetimeToDate(ft: bigint): Date | null {
  if (ft === 0n) return null;
  const ms = ft / 10_000n - EPOCH_DIFF_MS;
  if (ms < -8_640_000_000_000_000n || ms > 8_640_000_000_000_000n) return null;
  return new Date(Number(ms));
}

/** Reads a little-endian FILETIME at `off` and converts it. */
export function readFiletime(dv: DataView, off: number): Date | null {
  return filetimeToDate(dv.getBigUint64(off, true));
}

/** Converts a Date to a FILETIME bigint (used by the writer and tests). */
export function dateToFiletime(d: Date): bigint {
  return (BigInt(d.getTime()) + EPOCH_DIFF_MS) * 10_000n;
}
