/**
 * Hand-laid regf files for hostile-structure tests: cells are appended one after another in a single hive bin,
 * with no checks at all, so a test can build what no writer would (shared lists, self-references, huge claims).
 */
import { baseBlockChecksum } from '../../src/regf/base-block.js';
import { KEY_COMP_NAME, KEY_HIVE_ENTRY, NO_OFFSET, SIG_HBIN, SIG_REGF } from '../../src/regf/spec.js';

export interface NkFields {
  name?: string;
  flags?: number;
  parent?: number;
  subkeyCount?: number;
  subkeyList?: number;
  valueCount?: number;
  valueList?: number;
  security?: number;
  classOffset?: number;
  classLength?: number;
  /** Overrides the name length field (a lie about the name). */
  nameLength?: number;
}

export class RawHive {
  private readonly cells: Uint8Array[] = [];
  private next = 32;
  /** Fields of the base block a test may falsify. */
  root = NO_OFFSET;
  hiveBinsSize: number | null = null;
  binSize: number | null = null;

  /** Appends an allocated cell holding `payload`; returns its hive-relative offset. */
  cell(payload: Uint8Array): number {
    const size = (payload.length + 4 + 7) & ~7;
    const c = new Uint8Array(size);
    new DataView(c.buffer).setInt32(0, -size, true);
    c.set(payload, 4);
    const off = this.next;
    this.cells.push(c);
    this.next += size;
    return off;
  }

  /** Offset the next cell will get. */
  get nextOffset(): number {
    return this.next;
  }

  nk(f: NkFields): number {
    const name = new TextEncoder().encode(f.name ?? 'k');
    const p = new Uint8Array(76 + name.length);
    const dv = new DataView(p.buffer);
    p.set([0x6e, 0x6b]);
    dv.setUint16(2, f.flags ?? KEY_COMP_NAME, true);
    dv.setUint32(16, f.parent ?? NO_OFFSET, true);
    dv.setUint32(20, f.subkeyCount ?? 0, true);
    dv.setUint32(28, f.subkeyList ?? NO_OFFSET, true);
    dv.setUint32(32, NO_OFFSET, true);
    dv.setUint32(36, f.valueCount ?? 0, true);
    dv.setUint32(40, f.valueList ?? NO_OFFSET, true);
    dv.setUint32(44, f.security ?? NO_OFFSET, true);
    dv.setUint32(48, f.classOffset ?? NO_OFFSET, true);
    dv.setUint16(72, f.nameLength ?? name.length, true);
    dv.setUint16(74, f.classLength ?? 0, true);
    p.set(name, 76);
    return this.cell(p);
  }

  rootNk(f: NkFields): number {
    this.root = this.nk({ ...f, flags: (f.flags ?? KEY_COMP_NAME) | KEY_HIVE_ENTRY });
    return this.root;
  }

  vk(name: string, type: number, dataSize: number, dataOffset: number): number {
    const n = new TextEncoder().encode(name);
    const p = new Uint8Array(20 + n.length);
    const dv = new DataView(p.buffer);
    p.set([0x76, 0x6b]);
    dv.setUint16(2, n.length, true);
    dv.setUint32(4, dataSize >>> 0, true);
    dv.setUint32(8, dataOffset >>> 0, true);
    dv.setUint32(12, type >>> 0, true);
    dv.setUint16(16, 1, true); // VALUE_COMP_NAME
    p.set(n, 20);
    return this.cell(p);
  }

  /** li/ri (4-byte entries) or lf/lh (8-byte entries, hash 0) list with a free count field. */
  list(sig: 'li' | 'ri' | 'lf' | 'lh', offsets: readonly number[], count = offsets.length): number {
    const stride = sig === 'li' || sig === 'ri' ? 4 : 8;
    const p = new Uint8Array(4 + stride * offsets.length);
    const dv = new DataView(p.buffer);
    p.set([sig.charCodeAt(0), sig.charCodeAt(1)]);
    dv.setUint16(2, count, true);
    offsets.forEach((o, i) => dv.setUint32(4 + stride * i, o >>> 0, true));
    return this.cell(p);
  }

  /** A plain offset array (value list, db segment list). */
  offsets(offsets: ArrayLike<number>): number {
    const p = new Uint8Array(4 * offsets.length);
    const dv = new DataView(p.buffer);
    for (let i = 0; i < offsets.length; i++) dv.setUint32(4 * i, offsets[i] >>> 0, true);
    return this.cell(p);
  }

  db(count: number, segmentList: number): number {
    const p = new Uint8Array(8);
    const dv = new DataView(p.buffer);
    p.set([0x64, 0x62]);
    dv.setUint16(2, count, true);
    dv.setUint32(4, segmentList >>> 0, true);
    return this.cell(p);
  }

  bytes(): Uint8Array {
    const used = this.next;
    // The file holds the cells; the bin and base block may claim more (binSize, hiveBinsSize).
    const held = Math.ceil((used + 8) / 4096) * 4096;
    const bin = this.binSize ?? held;
    const file = new Uint8Array(4096 + held);
    const dv = new DataView(file.buffer);
    dv.setUint32(0, SIG_REGF, true);
    dv.setUint32(4, 1, true);
    dv.setUint32(8, 1, true);
    dv.setUint32(20, 1, true);
    dv.setUint32(24, 5, true);
    dv.setUint32(36, this.root >>> 0, true);
    dv.setUint32(40, (this.hiveBinsSize ?? bin) >>> 0, true);
    dv.setUint32(44, 1, true);
    dv.setUint32(4096, SIG_HBIN, true);
    dv.setUint32(4096 + 8, bin >>> 0, true);
    let at = 4096 + 32;
    for (const c of this.cells) {
      file.set(c, at);
      at += c.length;
    }
    // The rest of the bin is one free cell, as Windows leaves it.
    if (file.length - at >= 8) dv.setInt32(at, file.length - at, true);
    dv.setUint32(508, baseBlockChecksum(file), true);
    return file;
  }
}
