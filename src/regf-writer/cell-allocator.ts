/**
 * Lays cells out in hive bins (regf-format.md §1.2–1.3): 8-byte-aligned cells with a negative size while
 * allocated, bins of 4096-byte multiples (one bin grows to hold a cell too big for 4096), and the unused tail
 * of each bin left as a single free cell. Offsets are relative to the hive-bins data, pointing at the size field.
 */
import { HBIN_ALIGNMENT, HBIN_HEADER_SIZE, SIG_HBIN } from '../regf/spec.js';

const CELL_ALIGNMENT = 8;
const CELL_SIZE_FIELD = 4;

export function cellSizeFor(payloadLength: number): number {
  return align(payloadLength + CELL_SIZE_FIELD, CELL_ALIGNMENT);
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export class CellAllocator {
  private buf = new Uint8Array(HBIN_ALIGNMENT * 4);
  private dv = new DataView(this.buf.buffer);
  /** End of the bins written so far (the open bin included). */
  private end = 0;
  private binStart = -1;
  private cursor = 0;

  /** `firstBinTime` is the FILETIME copied into the first bin's header (a backup of the base block's). */
  constructor(private readonly firstBinTime: bigint) {}

  /** Reserves an allocated cell for `payloadLength` bytes (zero-filled) and returns its offset. */
  alloc(payloadLength: number): number {
    const size = cellSizeFor(payloadLength);
    if (this.binStart < 0 || this.cursor + size > this.end) this.openBin(size);
    const offset = this.cursor;
    this.dv.setInt32(offset, -size, true);
    this.cursor += size;
    return offset;
  }

  /** Writes payload bytes into a reserved cell, after its size field. */
  fill(offset: number, payload: Uint8Array): void {
    const room = -this.dv.getInt32(offset, true) - CELL_SIZE_FIELD;
    if (payload.length > room) throw new RangeError(`payload of ${payload.length} bytes overflows cell at 0x${offset.toString(16)}`);
    this.buf.set(payload, offset + CELL_SIZE_FIELD);
  }

  /** Allocates a cell and fills it at once. */
  put(payload: Uint8Array): number {
    const offset = this.alloc(payload.length);
    this.fill(offset, payload);
    return offset;
  }

  /** Marks an allocated cell free (positive size) while keeping its content, as Windows leaves deleted records. */
  free(offset: number): void {
    const size = this.dv.getInt32(offset, true);
    if (size < 0) this.dv.setInt32(offset, -size, true);
  }

  /** Closes the open bin and returns the hive-bins data. */
  finish(): Uint8Array {
    this.closeBin();
    return this.buf.slice(0, this.end);
  }

  private openBin(cellSize: number): void {
    this.closeBin();
    const binSize = Math.max(HBIN_ALIGNMENT, align(HBIN_HEADER_SIZE + cellSize, HBIN_ALIGNMENT));
    const start = this.end;
    this.reserve(start + binSize);
    this.dv.setUint32(start, SIG_HBIN, true);
    this.dv.setUint32(start + 4, start, true);
    this.dv.setUint32(start + 8, binSize, true);
    if (start === 0) this.dv.setBigUint64(start + 20, this.firstBinTime, true);
    this.binStart = start;
    this.end = start + binSize;
    this.cursor = start + HBIN_HEADER_SIZE;
  }

  /** The rest of the open bin becomes one free cell (always a multiple of 8, hence at least 8 bytes). */
  private closeBin(): void {
    if (this.binStart < 0) return;
    const rest = this.end - this.cursor;
    if (rest > 0) this.dv.setInt32(this.cursor, rest, true);
    this.cursor = this.end;
    this.binStart = -1;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.buf.length) return;
    let n = this.buf.length;
    while (n < capacity) n *= 2;
    const next = new Uint8Array(n);
    next.set(this.buf.subarray(0, this.end));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
}
