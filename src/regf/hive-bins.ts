/** The hbin index: bins walked by their own sizes, resynchronising after a damaged one. */
import type { AnomalySink } from '../view/anomaly.js';
import { BASE_BLOCK_SIZE, HBIN_ALIGNMENT, HBIN_HEADER_SIZE, SIG_HBIN } from './spec.js';

export interface HiveBin {
  /** Offset relative to the hive-bins data (file offset − 4096). */
  readonly offset: number;
  readonly size: number;
}

/** Misaligned bins sit on 512-byte boundaries (libyal corruption notes), so resync scans in 512-byte steps. */
const RESYNC_STEP = 512;

/**
 * Walks hbins from 4096 up to `limit` (file offset): the base block's claimed end. Bad headers inside are
 * recorded and skipped by scanning forward for the next `hbin` signature; a bin running past the file is clipped.
 * Past the claimed end, bins that continue contiguously with the right stored offset are still read (yarp's
 * "effective hive-bins size": headers are not always updated), but anything else there is trailing data.
 */
export function scanBins(dv: DataView, limit: number, sink: AnomalySink): HiveBin[] {
  const bins: HiveBin[] = [];
  const fileEnd = dv.byteLength;
  let pos = BASE_BLOCK_SIZE;
  while (pos + HBIN_HEADER_SIZE <= fileEnd) {
    const sig = dv.getUint32(pos, true);
    const size = dv.getUint32(pos + 8, true);
    if (pos >= limit) {
      const contiguous = sig === SIG_HBIN && size >= HBIN_ALIGNMENT && size % HBIN_ALIGNMENT === 0 && dv.getUint32(pos + 4, true) === pos - BASE_BLOCK_SIZE;
      if (!contiguous) break;
      if (pos === limit) {
        sink.add({ code: 'hbin-beyond-header-size', severity: 'info', structure: 'base-block', offset: 40, message: `valid hive bins continue past the base block's hive-bins size (0x${(limit - BASE_BLOCK_SIZE).toString(16)}); read up to the last contiguous bin` });
      }
    }
    if (sig !== SIG_HBIN || size < HBIN_ALIGNMENT || size % HBIN_ALIGNMENT !== 0) {
      const next = resync(dv, pos + RESYNC_STEP, limit);
      if (!isZeroRun(dv, pos, Math.min(next, limit))) {
        sink.add({
          code: 'hbin-invalid',
          severity: 'warning',
          structure: 'hbin',
          offset: pos,
          message:
            sig !== SIG_HBIN
              ? `no hbin signature at file offset 0x${pos.toString(16)}; skipped ${next - pos} bytes to the next bin`
              : `hbin at 0x${pos.toString(16)} has an invalid size 0x${size.toString(16)}`,
        });
      }
      pos = next;
      continue;
    }
    const stored = dv.getUint32(pos + 4, true);
    if (stored !== pos - BASE_BLOCK_SIZE) {
      sink.add({
        code: 'hbin-offset-mismatch',
        severity: 'info',
        structure: 'hbin',
        offset: pos + 4,
        message: `hbin at 0x${pos.toString(16)} records offset 0x${stored.toString(16)}, expected 0x${(pos - BASE_BLOCK_SIZE).toString(16)}`,
      });
    }
    let effective = size;
    if (pos + size > fileEnd) {
      effective = fileEnd - pos;
      sink.add({
        code: 'hbin-truncated',
        severity: 'warning',
        structure: 'hbin',
        offset: pos,
        message: `hbin at 0x${pos.toString(16)} claims 0x${size.toString(16)} bytes but only 0x${effective.toString(16)} remain`,
      });
    }
    bins.push({ offset: pos - BASE_BLOCK_SIZE, size: effective });
    pos += size;
  }
  return bins;
}

function resync(dv: DataView, from: number, limit: number): number {
  let p = from;
  while (p + HBIN_HEADER_SIZE <= limit && dv.getUint32(p, true) !== SIG_HBIN) p += RESYNC_STEP;
  return Math.min(p, limit);
}

/** Trailing zero-filled space (libregf#4) is padding, not damage. */
function isZeroRun(dv: DataView, from: number, to: number): boolean {
  for (let p = from; p + 4 <= to; p += 4) if (dv.getUint32(p, true) !== 0) return false;
  return true;
}

/** Finds the bin holding a hive-relative offset (binary search; bins are in ascending order). */
export function findBin(bins: readonly HiveBin[], off: number): HiveBin | null {
  let lo = 0;
  let hi = bins.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const b = bins[mid];
    if (off < b.offset) hi = mid - 1;
    else if (off >= b.offset + b.size) lo = mid + 1;
    else return b;
  }
  return null;
}
