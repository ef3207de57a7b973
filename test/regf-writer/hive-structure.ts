/**
 * A small, independent walk of a written hive for structural checks the oracles do not make: bin tiling, cell
 * alignment and state, nk parent/count fields, list order and hashes, sk list and reference counts.
 */
import { upcaseName } from '../../src/view/names.js';

export interface CellInfo {
  offset: number;
  size: number;
  allocated: boolean;
  signature: string;
}

export interface BinInfo {
  offset: number;
  size: number;
  cells: CellInfo[];
}

export class HiveBytes {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(rel: number, at: number): number {
    return this.dv.getUint16(4096 + rel + 4 + at, true);
  }
  u32(rel: number, at: number): number {
    return this.dv.getUint32(4096 + rel + 4 + at, true);
  }
  cellSize(rel: number): number {
    return this.dv.getInt32(4096 + rel, true);
  }
  sig(rel: number): string {
    return String.fromCharCode(this.bytes[4096 + rel + 4], this.bytes[4096 + rel + 5]);
  }
  payload(rel: number, at: number, length: number): Uint8Array {
    return this.bytes.subarray(4096 + rel + 4 + at, 4096 + rel + 4 + at + length);
  }

  bins(): BinInfo[] {
    const out: BinInfo[] = [];
    let off = 0;
    const end = this.dv.getUint32(40, true);
    while (off < end) {
      const abs = 4096 + off;
      if (this.dv.getUint32(abs, true) !== 0x6e696268) throw new Error(`no hbin at 0x${off.toString(16)}`);
      const size = this.dv.getUint32(abs + 8, true);
      const bin: BinInfo = { offset: this.dv.getUint32(abs + 4, true), size, cells: [] };
      let c = off + 32;
      while (c < off + size) {
        const raw = this.cellSize(c);
        const size = Math.abs(raw);
        if (size === 0) throw new Error(`zero-size cell at 0x${c.toString(16)}`);
        bin.cells.push({ offset: c, size, allocated: raw < 0, signature: this.sig(c) });
        c += size;
      }
      if (c !== off + size) throw new Error(`cells overrun bin at 0x${off.toString(16)}`);
      out.push(bin);
      off += size;
    }
    return out;
  }

  nkName(rel: number): string {
    const flags = this.u16(rel, 2);
    const len = this.u16(rel, 72);
    const raw = this.payload(rel, 76, len);
    return flags & 0x20 ? String.fromCharCode(...raw) : new TextDecoder('utf-16le').decode(raw);
  }

  /** nk offsets of a subkey list, following an ri into its leaves; records the leaf sizes. */
  listEntries(rel: number, leafSizes: number[]): { offset: number; hint: number }[] {
    const sig = this.sig(rel);
    const count = this.u16(rel, 2);
    if (sig === 'ri') {
      const out: { offset: number; hint: number }[] = [];
      for (let i = 0; i < count; i++) out.push(...this.listEntries(this.u32(rel, 4 + 4 * i), leafSizes));
      return out;
    }
    leafSizes.push(count);
    const stride = sig === 'li' ? 4 : 8;
    return Array.from({ length: count }, (_, i) => ({
      offset: this.u32(rel, 4 + stride * i),
      hint: stride === 8 ? this.u32(rel, 8 + stride * i) : 0,
    }));
  }
}

export interface KeyCheck {
  keys: number;
  skRefs: Map<number, number>;
  leafSizes: number[];
  problems: string[];
}

/** Walks live keys from the root and reports every field that disagrees with what it points at. */
export function checkKeys(h: HiveBytes): KeyCheck {
  const result: KeyCheck = { keys: 0, skRefs: new Map(), leafSizes: [], problems: [] };
  const root = h.dv.getUint32(36, true);
  const stack: [number, number][] = [[root, 0xffffffff]];
  while (stack.length) {
    const [nk, parent] = stack.pop() as [number, number];
    result.keys++;
    if (h.sig(nk) !== 'nk' || h.cellSize(nk) >= 0) result.problems.push(`0x${nk.toString(16)} is not an allocated nk`);
    if (h.u32(nk, 16) !== parent) result.problems.push(`${h.nkName(nk)}: parent 0x${h.u32(nk, 16).toString(16)}`);
    const sk = h.u32(nk, 44);
    result.skRefs.set(sk, (result.skRefs.get(sk) ?? 0) + 1);
    const count = h.u32(nk, 20);
    if (count === 0) {
      if (h.u32(nk, 28) !== 0xffffffff) result.problems.push(`${h.nkName(nk)}: list without subkeys`);
      continue;
    }
    const entries = h.listEntries(h.u32(nk, 28), result.leafSizes);
    if (entries.length !== count) result.problems.push(`${h.nkName(nk)}: ${entries.length} entries for ${count} subkeys`);
    const names = entries.map((e) => h.nkName(e.offset));
    for (let i = 1; i < names.length; i++) {
      if (!(upcaseName(names[i - 1]) < upcaseName(names[i]))) result.problems.push(`${h.nkName(nk)}: ${names[i - 1]} before ${names[i]}`);
    }
    const maxName = Math.max(...names.map((n) => n.length * 2));
    if ((h.u32(nk, 52) & 0xffff) !== maxName) result.problems.push(`${h.nkName(nk)}: max subkey name ${h.u32(nk, 52)} != ${maxName}`);
    for (const e of entries) stack.push([e.offset, nk]);
  }
  return result;
}
