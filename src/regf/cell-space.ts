/** Bounds-checked access to cells by hive-relative offset: the one place that turns pointers into bytes. */
import type { AnomalySink } from '../view/anomaly.js';
import { findBin, type HiveBin } from './hive-bins.js';
import { BASE_BLOCK_SIZE, HBIN_HEADER_SIZE, NO_OFFSET, WORK_BUDGET_MIN, WORK_BUDGET_PER_BYTE, WORK_UNIT_BYTES } from './spec.js';

/**
 * Default work budget of a hive of `fileBytes` bytes. A full read of a real hive (walk, values, data, security,
 * class names) costs about 0.025 units per byte, so one unit per byte leaves about forty full reads of headroom.
 */
export function defaultWorkBudget(fileBytes: number): number {
  return Math.max(WORK_BUDGET_MIN, WORK_BUDGET_PER_BYTE * fileBytes);
}

export class CellSpace {
  /** Data length of the cell returned by the last successful `cell()` call (size field excluded). */
  len = 0;
  /** Whether that cell was allocated (negative size). */
  allocated = true;
  private lastBin: HiveBin | null = null;
  /** Work units spent so far: one per cell resolved plus one per WORK_UNIT_BYTES of it (see `charge`). */
  spent = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly dv: DataView,
    readonly bins: readonly HiveBin[],
    readonly sink: AnomalySink,
    /** Work units this hive may cost in total; past it every pointer reads as missing (see spec.ts). */
    readonly workBudget = defaultWorkBudget(bytes.length),
  ) {}

  /** True once the budget ran out: from then on every pointer reads as missing. */
  get exhausted(): boolean {
    return this.spent > this.workBudget;
  }

  /**
   * Spends `units` of the work budget (callers charge big allocations, e.g. big-data assembly, before making
   * them); false, with one error anomaly naming the limit, when the budget is used up.
   */
  charge(units: number, what: string, fileOff: number): boolean {
    if (this.spent > this.workBudget) return false;
    this.spent += units;
    if (this.spent <= this.workBudget) return true;
    this.sink.add({
      code: 'hive-work-limit',
      severity: 'error',
      structure: what,
      offset: fileOff,
      message: `work limit reached: reading this ${this.bytes.length}-byte hive took more than ${this.workBudget} cell reads (its lists or values point at the same cells over and over); the rest reads as missing`,
    });
    return false;
  }

  /**
   * File offset of the data of the cell at hive offset `off` (just past its size field), or -1 when the pointer
   * does not lead to a cell inside a bin. `what` names the structure for the anomaly message.
   */
  cell(off: number, what: string): number {
    if (off === NO_OFFSET) return -1;
    if (this.spent > this.workBudget) return -1;
    if (off % 4 !== 0) return this.bad(off, what, 'is not 4-byte aligned');
    let bin = this.lastBin;
    if (!bin || off < bin.offset || off >= bin.offset + bin.size) {
      bin = findBin(this.bins, off);
      if (!bin) return this.bad(off, what, 'lies outside every hive bin');
      this.lastBin = bin;
    }
    if (off < bin.offset + HBIN_HEADER_SIZE) return this.bad(off, what, 'points into an hbin header');
    // A bin clipped by a truncated file can end at any byte: the size field itself must fit.
    if (off + 4 > bin.offset + bin.size) return this.bad(off, what, 'runs past the end of its (truncated) hive bin');
    const fileOff = off + BASE_BLOCK_SIZE;
    const raw = this.dv.getInt32(fileOff, true);
    const size = raw < 0 ? -raw : raw;
    if (size < 8 || off + size > bin.offset + bin.size) {
      return this.bad(off, what, `has an impossible cell size ${raw}`);
    }
    if (!this.charge(1 + Math.floor(size / WORK_UNIT_BYTES), what, fileOff)) return -1;
    this.allocated = raw < 0;
    if (!this.allocated) {
      this.sink.add({
        code: 'cell-free',
        severity: 'warning',
        structure: what,
        offset: fileOff,
        message: `${what} pointer 0x${off.toString(16)} leads to a free (unallocated) cell`,
      });
    }
    this.len = size - 4;
    return fileOff + 4;
  }

  private bad(off: number, what: string, why: string): number {
    this.sink.add({
      code: 'cell-invalid',
      severity: 'warning',
      structure: what,
      offset: off + BASE_BLOCK_SIZE,
      message: `${what} pointer 0x${off.toString(16)} ${why}`,
    });
    return -1;
  }
}
