/**
 * Where deleted records can be: every cell of every bin classified against the live map. Free cells and
 * unreferenced allocated cells are scanned whole, referenced cells past their used bytes (slack), and bytes
 * outside any cell (a bin whose cell chain breaks, space between bins the bin index skipped, data past the last
 * bin) as remnant data.
 */
import type { HiveBin } from '../hive-bins.js';
import { BASE_BLOCK_SIZE, HBIN_HEADER_SIZE } from '../spec.js';
import type { LiveMap } from './live-map.js';
import type { RecoverySource } from './types.js';

/** A byte range to scan (file offsets); `step` is the stride between candidate record positions. */
export interface ScanRegion {
  readonly start: number;
  readonly end: number;
  /** First candidate position. */
  readonly first: number;
  /** 8 inside cells (records start at a cell's data, 4 past an 8-byte boundary), 2 elsewhere (yarp's stride). */
  readonly step: 2 | 8;
  readonly source: RecoverySource;
}

/** The smallest record worth looking for: a vk with an empty name. */
const MIN_RECORD = 20;

export class SpaceMap {
  readonly regions: ScanRegion[] = [];
  /** Free and unreferenced cells as merged [start, end) file ranges, ascending. */
  private readonly freeStarts: number[] = [];
  private readonly freeEnds: number[] = [];

  constructor(dv: DataView, bins: readonly HiveBin[], dataEnd: number, live: Pick<LiveMap, 'used'>, scanUnreferenced: boolean) {
    let gap = BASE_BLOCK_SIZE;
    for (const bin of bins) {
      const start = BASE_BLOCK_SIZE + bin.offset;
      // Space the bin index skipped (a damaged hbin header) is remnant data.
      if (start > gap) this.add(gap, start, gap, 2, 'remnant');
      const end = start + bin.size;
      gap = end;
      let q = start + HBIN_HEADER_SIZE;
      while (q + 8 <= end) {
        const raw = dv.getInt32(q, true);
        const size = raw < 0 ? -raw : raw;
        if (size < 8 || size % 8 !== 0 || q + size > end) {
          this.add(q, end, q, 2, 'remnant');
          break;
        }
        const off = q - BASE_BLOCK_SIZE;
        const used = raw < 0 ? live.used.get(off) : undefined;
        if (raw > 0) {
          this.addFree(q, q + size);
          this.add(q, q + size, q + 4, 8, 'free');
        } else if (used === undefined) {
          if (scanUnreferenced) {
            this.addFree(q, q + size);
            this.add(q, q + size, q + 4, 8, 'unreferenced');
          }
        } else {
          const slack = q + 4 + used + ((q + 4 + used) % 2);
          this.add(slack, q + size, slack, 2, 'slack');
        }
        q += size;
      }
    }
    this.add(dataEnd, dv.byteLength, dataEnd, 2, 'remnant');
  }

  /** Whether the file range [start, end) lies wholly in free or unreferenced space. */
  isFree(start: number, end: number): boolean {
    return end <= this.freeEnd(start);
  }

  /** End of the run of free and unreferenced cells holding file offset `pos`; -1 when `pos` is not in one. */
  freeEnd(pos: number): number {
    let lo = 0;
    let hi = this.freeStarts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.freeStarts[mid] > pos) hi = mid - 1;
      else if (this.freeEnds[mid] <= pos) lo = mid + 1;
      else return this.freeEnds[mid];
    }
    return -1;
  }

  private add(start: number, end: number, first: number, step: 2 | 8, source: RecoverySource): void {
    if (end - first >= MIN_RECORD) this.regions.push({ start, end, first, step, source });
  }

  private addFree(start: number, end: number): void {
    const n = this.freeEnds.length;
    if (n > 0 && this.freeEnds[n - 1] === start) this.freeEnds[n - 1] = end;
    else {
      this.freeStarts.push(start);
      this.freeEnds.push(end);
    }
  }
}
