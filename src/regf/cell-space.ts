/** Bounds-checked access to cells by hive-relative offset: the one place that turns pointers into bytes. */
import type { AnomalySink } from '../view/anomaly.js';
import { findBin, type HiveBin } from './hive-bins.js';
import { BASE_BLOCK_SIZE, HBIN_HEADER_SIZE, NO_OFFSET } from './spec.js';

export class CellSpace {
  /** Data length of the cell returned by the last successful `cell()` call (size field excluded). */
  len = 0;
  /** Whether that cell was allocated (negative size). */
  allocated = true;
  private lastBin: HiveBin | null = null;

  constructor(
    readonly bytes: Uint8Array,
    readonly dv: DataView,
    readonly bins: readonly HiveBin[],
    readonly sink: AnomalySink,
  ) {}

  /**
   * File offset of the data of the cell at hive offset `off` (just past its size field), or -1 when the pointer
   * does not lead to a cell inside a bin. `what` names the structure for the anomaly message.
   */
  cell(off: number, what: string): number {
    if (off === NO_OFFSET) return -1;
    if (off % 4 !== 0) return this.bad(off, what, 'is not 4-byte aligned');
    let bin = this.lastBin;
    if (!bin || off < bin.offset || off >= bin.offset + bin.size) {
      bin = findBin(this.bins, off);
      if (!bin) return this.bad(off, what, 'lies outside every hive bin');
      this.lastBin = bin;
    }
    if (off < bin.offset + HBIN_HEADER_SIZE) return this.bad(off, what, 'points into an hbin header');
    const fileOff = off + BASE_BLOCK_SIZE;
    const raw = this.dv.getInt32(fileOff, true);
    const size = raw < 0 ? -raw : raw;
    if (size < 8 || off + size > bin.offset + bin.size) {
      return this.bad(off, what, `has an impossible cell size ${raw}`);
    }
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
