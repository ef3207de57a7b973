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

  /** `scoped`: the live map covers a few subtrees only (path-scoped recovery), so most bins hold none of it. */
  constructor(dv: DataView, bins: readonly HiveBin[], dataEnd: number, live: Pick<LiveMap, 'used'>, scanUnreferenced: boolean, scoped = false) {
    // Without unreferenced cells to find, a bin no live record of the map lies in yields only its free cells and
    // where its chain breaks: those come from the hive's free-cell index instead of a walk classifying every cell.
    const index = scoped && !scanUnreferenced ? freeCellIndex(dv, bins) : null;
    const walked = index ? binsHolding(bins, live.used.keys()) : null;
    let gap = BASE_BLOCK_SIZE;
    for (let b = 0; b < bins.length; b++) {
      const bin = bins[b];
      const start = BASE_BLOCK_SIZE + bin.offset;
      // Space the bin index skipped (a damaged hbin header) is remnant data.
      if (start > gap) this.add(gap, start, gap, 2, 'remnant');
      const end = start + bin.size;
      gap = end;
      if (index && !walked!.has(b)) {
        for (let i = index.binFirst[b]; i < index.binFirst[b + 1]; i++) {
          const q = index.freeStart[i];
          this.addFree(q, q + index.freeSize[i]);
          this.add(q, q + index.freeSize[i], q + 4, 8, 'free');
        }
        const broken = index.binBreak[b];
        if (broken >= 0) this.add(broken, end, broken, 2, 'remnant');
        continue;
      }
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

/** Every bin's free cells (file offset, size) and the file offset where its cell chain breaks (-1: it does not). */
interface FreeCellIndex {
  /** Bin b's free cells are entries binFirst[b] to binFirst[b + 1] - 1. */
  readonly binFirst: Int32Array;
  readonly binBreak: Int32Array;
  readonly freeStart: number[];
  readonly freeSize: number[];
}

/** Built once per hive (keyed by its bin list) with one pass over the cell sizes, as the walk below reads them. */
const freeCellIndexes = new WeakMap<readonly HiveBin[], FreeCellIndex>();

function freeCellIndex(dv: DataView, bins: readonly HiveBin[]): FreeCellIndex {
  const known = freeCellIndexes.get(bins);
  if (known) return known;
  const binFirst = new Int32Array(bins.length + 1);
  const binBreak = new Int32Array(bins.length).fill(-1);
  const freeStart: number[] = [];
  const freeSize: number[] = [];
  for (let b = 0; b < bins.length; b++) {
    binFirst[b] = freeStart.length;
    const start = BASE_BLOCK_SIZE + bins[b].offset;
    const end = start + bins[b].size;
    let q = start + HBIN_HEADER_SIZE;
    while (q + 8 <= end) {
      const raw = dv.getInt32(q, true);
      const size = raw < 0 ? -raw : raw;
      if (size < 8 || size % 8 !== 0 || q + size > end) {
        binBreak[b] = q;
        break;
      }
      if (raw > 0) {
        freeStart.push(q);
        freeSize.push(size);
      }
      q += size;
    }
  }
  binFirst[bins.length] = freeStart.length;
  const index = { binFirst, binBreak, freeStart, freeSize };
  freeCellIndexes.set(bins, index);
  return index;
}

/** Indexes of the bins holding any of the cells at these hive offsets. */
function binsHolding(bins: readonly HiveBin[], offsets: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const off of offsets) {
    let lo = 0;
    let hi = bins.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (bins[mid].offset > off) hi = mid - 1;
      else if (bins[mid].offset + bins[mid].size <= off) lo = mid + 1;
      else {
        out.add(mid);
        break;
      }
    }
  }
  return out;
}
