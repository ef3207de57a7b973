/** Builds small synthetic hives and transaction logs for replay tests (little-endian, 512-byte sectors). */
import { baseBlockChecksum } from '../../src/regf/base-block.js';
import { marvin32 } from '../../src/regf/log/marvin32.js';
import { concatBytes } from '../../src/bytes/concat.js';

export interface BaseBlockSpec {
  seq1: number;
  seq2: number;
  fileType: number;
  hbins: number;
  timestamp?: bigint;
  name?: string;
  minor?: number;
}

/** A base block of `length` bytes (4096 for a primary, 512 for a log's first sector) with a valid checksum. */
export function baseBlock(spec: BaseBlockSpec, length: number): Uint8Array {
  const b = new Uint8Array(length);
  const dv = new DataView(b.buffer);
  b.set([0x72, 0x65, 0x67, 0x66], 0); // regf
  dv.setUint32(4, spec.seq1, true);
  dv.setUint32(8, spec.seq2, true);
  dv.setBigUint64(12, spec.timestamp ?? 0x01d2950000000000n, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24, spec.minor ?? 5, true);
  dv.setUint32(28, spec.fileType, true);
  dv.setUint32(32, 1, true);
  dv.setUint32(36, 0x20, true);
  dv.setUint32(40, spec.hbins, true);
  dv.setUint32(44, 1, true);
  const name = spec.name ?? 'TEST';
  for (let i = 0; i < name.length && i < 31; i++) dv.setUint16(48 + 2 * i, name.charCodeAt(i), true);
  dv.setUint32(508, baseBlockChecksum(b), true);
  return b;
}

/** A primary hive: base block plus `hbins / 4096` one-page bins, each one free cell filled with `fill`. */
export function primaryHive(spec: Omit<BaseBlockSpec, 'fileType'>, fill = 0): Uint8Array {
  const b = new Uint8Array(4096 + spec.hbins);
  b.set(baseBlock({ ...spec, fileType: 0 }, 4096), 0);
  for (let off = 0; off < spec.hbins; off += 4096) b.set(hbin(off, 4096, fill), 4096 + off);
  return b;
}

/** One hive bin of `size` bytes with a single free cell. */
export function hbin(offset: number, size: number, fill = 0): Uint8Array {
  const b = new Uint8Array(size).fill(fill);
  const dv = new DataView(b.buffer);
  b.set([0x68, 0x62, 0x69, 0x6e], 0); // hbin
  dv.setUint32(4, offset, true);
  dv.setUint32(8, size, true);
  dv.setBigUint64(12, 0n, true);
  dv.setBigUint64(20, 0n, true);
  dv.setUint32(28, 0, true);
  dv.setInt32(32, size - 32, true);
  return b;
}

export interface EntrySpec {
  seq: number;
  hbins: number;
  flags?: number;
  pages: { offset: number; bytes: Uint8Array }[];
}

/** An HvLE entry with correct Marvin32 hashes, padded to a multiple of 512 bytes. */
export function hvleEntry(spec: EntrySpec): Uint8Array {
  const raw = 40 + spec.pages.length * 8 + spec.pages.reduce((n, p) => n + p.bytes.length, 0);
  const size = Math.ceil(raw / 512) * 512;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b.set([0x48, 0x76, 0x4c, 0x45], 0); // HvLE
  dv.setUint32(4, size, true);
  dv.setUint32(8, spec.flags ?? 0, true);
  dv.setUint32(12, spec.seq, true);
  dv.setUint32(16, spec.hbins, true);
  dv.setUint32(20, spec.pages.length, true);
  let data = 40 + spec.pages.length * 8;
  spec.pages.forEach((p, i) => {
    dv.setUint32(40 + i * 8, p.offset, true);
    dv.setUint32(44 + i * 8, p.bytes.length, true);
    b.set(p.bytes, data);
    data += p.bytes.length;
  });
  dv.setBigUint64(24, marvin32(b.subarray(40)), true);
  dv.setBigUint64(32, marvin32(b.subarray(0, 32)), true);
  return b;
}

/** A new-format log: first sector (seq/seq, type 6) then the entries back to back. */
export function newLog(seq: number, hbins: number, entries: Uint8Array[], extra: Partial<BaseBlockSpec> = {}): Uint8Array {
  return concat([baseBlock({ seq1: seq, seq2: seq, fileType: 6, hbins, ...extra }, 512), ...entries]);
}

/** An old-format log: first sector (type 1), DIRT + bitmap, then the 512-byte pages in bit order. */
export function dirtLog(seq: number, hbins: number, pages: Map<number, Uint8Array>, extra: Partial<BaseBlockSpec> = {}): Uint8Array {
  const bitmapBytes = hbins / 512 / 8;
  const head = Math.ceil((512 + 4 + bitmapBytes) / 512) * 512;
  const indices = [...pages.keys()].sort((a, b) => a - b);
  const b = new Uint8Array(head + indices.length * 512);
  b.set(baseBlock({ seq1: seq, seq2: seq, fileType: 1, hbins, ...extra }, 512), 0);
  b.set([0x44, 0x49, 0x52, 0x54], 512); // DIRT
  indices.forEach((page, i) => {
    b[516 + (page >> 3)] |= 1 << (page & 7);
    b.set(pages.get(page) as Uint8Array, head + i * 512);
  });
  return b;
}

export const concat = (parts: Uint8Array[]): Uint8Array => concatBytes(...parts);

/** Seeded xorshift32, for repeatable fuzzing (one implementation for every fuzz loop). */
export { xorshift32 as prng } from '../helpers/prng.js';
