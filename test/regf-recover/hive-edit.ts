/** Byte-level edits of written hives, to stage what Windows leaves behind: coalesced free cells, reuse, slack. */
import { BASE_BLOCK_SIZE, HBIN_HEADER_SIZE } from '../../src/regf/spec.js';

export interface Cell {
  /** File offset of the size field. */
  readonly at: number;
  readonly size: number;
  readonly free: boolean;
}

export function cells(bytes: Uint8Array): Cell[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: Cell[] = [];
  let bin = BASE_BLOCK_SIZE;
  while (bin + HBIN_HEADER_SIZE <= bytes.length) {
    const binSize = dv.getUint32(bin + 8, true);
    for (let q = bin + HBIN_HEADER_SIZE; q < bin + binSize; ) {
      const raw = dv.getInt32(q, true);
      out.push({ at: q, size: Math.abs(raw), free: raw > 0 });
      q += Math.abs(raw);
    }
    bin += binSize;
  }
  return out;
}

/** Merges every run of adjacent free cells in a bin into one, as the hive allocator does; returns the runs merged. */
export function coalesceFree(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const all = cells(bytes);
  let merged = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    let size = 0;
    const binOf = (c: Cell) => Math.floor((c.at - BASE_BLOCK_SIZE) / 4096);
    while (j < all.length && all[j].free && binOf(all[j]) === binOf(all[i]) && all[i].at + size === all[j].at) size += all[j++].size;
    if (j - i > 1) {
      dv.setInt32(all[i].at, size, true);
      merged++;
    }
    i = Math.max(j, i + 1);
  }
  return merged;
}

export function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(at, true);
}

export function setU32(bytes: Uint8Array, at: number, v: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.length).setUint32(at, v >>> 0, true);
}

export function setI32(bytes: Uint8Array, at: number, v: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.length).setInt32(at, v, true);
}

/** Seeded xorshift32, for repeatable fuzzing (one implementation for every fuzz loop). */
export { xorshift32 as rng } from '../helpers/prng.js';
