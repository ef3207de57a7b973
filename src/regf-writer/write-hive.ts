/**
 * Serialises a TreeKey tree into a regf primary file. Cells are reserved in depth-first order (a key's nk, its sk
 * on first use, class, value list, values and data, subkey list, then its children), and filled once the offsets
 * they point at are known. Same tree and options → same bytes.
 */
import { dateToFiletime } from '../regf/filetime.js';
import {
  BASE_BLOCK_SIZE,
  BIG_DATA_SEGMENT_SIZE,
  KEY_COMP_NAME,
  KEY_HIVE_ENTRY,
  KEY_NO_DELETE,
  KEY_SYM_LINK,
  NO_OFFSET,
} from '../regf/spec.js';
import { upcaseName } from '../view/names.js';
import { joinPath, splitPath } from '../view/registry-view.js';
import type { SecurityDescriptor } from '../view/security-descriptor.js';
import type { TreeKey, TreeValue } from '../view/tree-view.js';
import { toHex } from '../view/value-types.js';
import { encodeBaseBlock } from './base-block.js';
import { DB_PAYLOAD_SIZE, encodeDb, encodeOffsetList, needsBigData, segmentCount } from './big-data.js';
import { CellAllocator } from './cell-allocator.js';
import { encodeName, utf16le, type EncodedName } from './name-encoding.js';
import { encodeNk, nkPayloadLength } from './nk.js';
import { encodeSecurityDescriptor } from './security-descriptor.js';
import { encodeSk, skPayloadLength } from './sk.js';
import {
  compareNames,
  encodeIndexRoot,
  encodeLeaf,
  indexRootPayloadLength,
  leafPayloadLength,
  MAX_LIST_COUNT,
  type LeafKind,
} from './subkey-lists.js';
import { encodeVk, VK_INLINE_MAX, vkPayloadLength } from './vk.js';
import { HKLM_KEY_SD } from './well-known-security.js';

/** Records written as real cells, then freed, for deleted-record recovery tests. */
export interface DeletedRecords {
  /** Path of the live key the deleted keys name as their parent ('' = root); case-insensitive. */
  readonly parent: string;
  /**
   * Whole deleted subtrees: nk, sk (shared with live keys when equal), values, lists, data. Give them a lastWrite:
   * carvers drop nk records with implausible times (reglookup-recover skips FILETIME 0).
   */
  readonly keys?: readonly TreeKey[];
  /** Loose deleted values: vk and data cells only. */
  readonly values?: readonly TreeValue[];
}

export interface WriteHiveOptions {
  /** Format minor version: 3 (no db, no lh), 4, 5 (default), 6. */
  readonly minorVersion?: 3 | 4 | 5 | 6;
  /** Leaf kind of subkey lists; 'lh' for minor ≥ 5, else 'lf'. */
  readonly subkeyList?: LeafKind;
  /** A key with more subkeys than this gets an `ri` of leaves of at most this many (default 512). */
  readonly maxLeafSize?: number;
  /** Base block (and first bin) timestamp; defaults to the latest key LastWrite. */
  readonly lastWritten?: Date;
  /** Base block file-name field (the tail is kept, as Windows does). */
  readonly hiveName?: string;
  /** LastWrite of keys without one; FILETIME 0 when absent too. */
  readonly defaultLastWrite?: Date;
  /** Descriptor of keys without one (default HKLM_KEY_SD). */
  readonly defaultSecurity?: SecurityDescriptor;
  /** Base block sequence numbers (default 1/1); unequal makes a dirty hive. */
  readonly primarySequence?: number;
  readonly secondarySequence?: number;
  readonly deleted?: readonly DeletedRecords[];
}

/** Where records landed, for tests that check offsets (hive-bins-relative, pointing at the cell size field). */
export interface HiveLayout {
  readonly bytes: Uint8Array;
  /** Live keys by path as given (first of case-insensitive duplicates). */
  readonly keyOffsets: ReadonlyMap<string, number>;
  readonly deletedKeyOffsets: readonly { readonly parent: string; readonly path: string; readonly offset: number }[];
  readonly deletedValueOffsets: readonly { readonly parent: string; readonly name: string; readonly offset: number }[];
}

export function writeHive(root: TreeKey, options: WriteHiveOptions = {}): Uint8Array {
  return writeHiveLayout(root, options).bytes;
}

export function writeHiveLayout(root: TreeKey, options: WriteHiveOptions = {}): HiveLayout {
  return new HiveWriter(options).write(root);
}

interface SkSlot {
  readonly offset: number;
  readonly descriptor: Uint8Array;
  references: number;
}

const MAX_DATA_LENGTH = 0x7fff_ffff;

class HiveWriter {
  private readonly minor: number;
  private readonly leafKind: LeafKind;
  private readonly maxLeaf: number;
  private readonly defaultTime: bigint;
  private readonly defaultSecurity: SecurityDescriptor;
  private cells = new CellAllocator(0n);
  private readonly liveSk = new Map<string, SkSlot>();
  private readonly liveSkOrder: SkSlot[] = [];
  private readonly deletedSk = new Map<string, number>();
  private readonly nkByPath = new Map<string, number>();
  private readonly keyOffsets = new Map<string, number>();
  private readonly sdCache = new WeakMap<SecurityDescriptor, Uint8Array>();

  constructor(private readonly options: WriteHiveOptions) {
    this.minor = options.minorVersion ?? 5;
    if (![3, 4, 5, 6].includes(this.minor)) throw new RangeError(`unsupported minor version ${this.minor}`);
    this.leafKind = options.subkeyList ?? (this.minor >= 5 ? 'lh' : 'lf');
    this.maxLeaf = options.maxLeafSize ?? 512;
    if (!Number.isInteger(this.maxLeaf) || this.maxLeaf < 1 || this.maxLeaf > MAX_LIST_COUNT) {
      throw new RangeError(`maxLeafSize must be 1..${MAX_LIST_COUNT}`);
    }
    this.defaultTime = options.defaultLastWrite ? dateToFiletime(options.defaultLastWrite) : 0n;
    this.defaultSecurity = options.defaultSecurity ?? HKLM_KEY_SD;
  }

  write(root: TreeKey): HiveLayout {
    // The first bin carries a copy of the base block time, so it is settled before any cell is placed.
    const lastWritten = this.options.lastWritten ? dateToFiletime(this.options.lastWritten) : latestTime(root, this.defaultTime);
    this.cells = new CellAllocator(lastWritten);

    const rootOffset = this.writeKey(root, NO_OFFSET, '', true, null);
    const freed: number[] = [];
    const deletedKeyOffsets: { parent: string; path: string; offset: number }[] = [];
    const deletedValueOffsets: { parent: string; name: string; offset: number }[] = [];
    for (const d of this.options.deleted ?? []) {
      const parentOffset = this.nkByPath.get(pathKey(d.parent));
      if (parentOffset === undefined) throw new RangeError(`deleted records' parent '${d.parent}' is not a live key`);
      for (const k of d.keys ?? []) {
        const offset = this.writeKey(k, parentOffset, joinPath(d.parent, k.name), false, freed);
        deletedKeyOffsets.push({ parent: d.parent, path: joinPath(d.parent, k.name), offset });
      }
      for (const v of d.values ?? []) {
        deletedValueOffsets.push({ parent: d.parent, name: v.name, offset: this.writeValue(v, freed) });
      }
    }
    this.linkSecurityList();
    for (const offset of freed) this.cells.free(offset);

    const bins = this.cells.finish();
    const base = encodeBaseBlock({
      primarySequence: this.options.primarySequence ?? 1,
      secondarySequence: this.options.secondarySequence ?? 1,
      lastWritten,
      minorVersion: this.minor,
      rootCellOffset: rootOffset,
      hiveBinsDataSize: bins.length,
      fileName: this.options.hiveName ?? '',
    });
    const bytes = new Uint8Array(BASE_BLOCK_SIZE + bins.length);
    bytes.set(base, 0);
    bytes.set(bins, BASE_BLOCK_SIZE);
    return { bytes, keyOffsets: this.keyOffsets, deletedKeyOffsets, deletedValueOffsets };
  }

  /** Writes a key and its subtree; `freed` collects every cell of a deleted subtree (null for live keys). */
  private writeKey(key: TreeKey, parent: number, path: string, isRoot: boolean, freed: number[] | null): number {
    const name = encodeName(key.name);
    const nkOffset = this.cells.alloc(nkPayloadLength(name));
    freed?.push(nkOffset);
    if (!freed) {
      const k = pathKey(path);
      if (!this.nkByPath.has(k)) {
        this.nkByPath.set(k, nkOffset);
        this.keyOffsets.set(path, nkOffset);
      }
    }

    const security = this.securityCell(key.security ?? this.defaultSecurity, freed);

    let classOffset = NO_OFFSET;
    let classLength = 0;
    if (key.className) {
      const bytes = utf16le(key.className);
      if (bytes.length > 0xffff) throw new RangeError(`class name of ${bytes.length} bytes exceeds 65535`);
      classOffset = this.cells.put(bytes);
      classLength = bytes.length;
      freed?.push(classOffset);
    }

    let valueList = NO_OFFSET;
    if (key.values.length > 0) {
      valueList = this.cells.alloc(key.values.length * 4);
      freed?.push(valueList);
      const vks = key.values.map((v) => this.writeValue(v, freed));
      this.cells.fill(valueList, encodeOffsetList(vks));
    }

    const children = [...key.subkeys].sort((a, b) => compareNames(a.name, b.name));
    const subkeyList = this.writeSubkeyList(children, nkOffset, path, freed);

    let flags = name.compressed ? KEY_COMP_NAME : 0;
    if (isRoot) flags |= KEY_HIVE_ENTRY | KEY_NO_DELETE;
    if (key.symlink) flags |= KEY_SYM_LINK;
    const lastWrite = key.lastWrite ? dateToFiletime(key.lastWrite) : this.defaultTime;
    this.cells.fill(
      nkOffset,
      encodeNk({
        flags,
        lastWrite,
        parent,
        subkeyCount: children.length,
        subkeyList,
        valueCount: key.values.length,
        valueList,
        security,
        classOffset,
        classLength,
        maxSubkeyName: max(children.map((c) => c.name.length * 2)),
        maxSubkeyClass: max(children.map((c) => (c.className ?? '').length * 2)),
        maxValueName: max(key.values.map((v) => v.name.length * 2)),
        maxValueData: max(key.values.map((v) => v.data.length)),
        name,
      }),
    );
    return nkOffset;
  }

  /** One leaf, or an `ri` over leaves of at most maxLeafSize entries; children are written in between. */
  private writeSubkeyList(children: TreeKey[], nkOffset: number, path: string, freed: number[] | null): number {
    if (children.length === 0) return NO_OFFSET;
    const chunks: TreeKey[][] = [];
    for (let i = 0; i < children.length; i += this.maxLeaf) chunks.push(children.slice(i, i + this.maxLeaf));
    if (chunks.length > MAX_LIST_COUNT) throw new RangeError(`too many subkeys (${children.length}) for one ri`);
    const ri = chunks.length > 1 ? this.cells.alloc(indexRootPayloadLength(chunks.length)) : NO_OFFSET;
    const leaves = chunks.map((c) => this.cells.alloc(leafPayloadLength(this.leafKind, c.length)));
    if (freed) freed.push(...leaves, ...(ri === NO_OFFSET ? [] : [ri]));
    chunks.forEach((chunk, i) => {
      const entries = chunk.map((c) => ({ name: c.name, offset: this.writeKey(c, nkOffset, joinPath(path, c.name), false, freed) }));
      this.cells.fill(leaves[i], encodeLeaf(this.leafKind, entries));
    });
    if (ri === NO_OFFSET) return leaves[0];
    this.cells.fill(ri, encodeIndexRoot(leaves));
    return ri;
  }

  /** vk, then its data: inline (≤ 4 bytes), one cell, or db + segment list + 16344-byte segments. */
  private writeValue(value: TreeValue, freed: number[] | null): number {
    const name: EncodedName = encodeName(value.name);
    const data = value.data;
    if (data.length > MAX_DATA_LENGTH) throw new RangeError(`value data of ${data.length} bytes is too long`);
    const vkOffset = this.cells.alloc(vkPayloadLength(name));
    freed?.push(vkOffset);
    let dataOffset = NO_OFFSET;
    let inline: Uint8Array | null = null;
    if (data.length <= VK_INLINE_MAX) {
      inline = data;
    } else if (needsBigData(this.minor, data.length)) {
      const count = segmentCount(data.length);
      if (count > MAX_LIST_COUNT) throw new RangeError(`value data of ${data.length} bytes needs more than 65535 segments`);
      const db = this.cells.alloc(DB_PAYLOAD_SIZE);
      const list = this.cells.alloc(count * 4);
      // Windows allocates every segment at full size, the last one included.
      const segments: number[] = [];
      for (let i = 0; i < count; i++) {
        const seg = this.cells.alloc(BIG_DATA_SEGMENT_SIZE);
        this.cells.fill(seg, data.subarray(i * BIG_DATA_SEGMENT_SIZE, (i + 1) * BIG_DATA_SEGMENT_SIZE));
        segments.push(seg);
      }
      this.cells.fill(list, encodeOffsetList(segments));
      this.cells.fill(db, encodeDb(count, list));
      freed?.push(db, list, ...segments);
      dataOffset = db;
    } else {
      dataOffset = this.cells.put(data);
      freed?.push(dataOffset);
    }
    this.cells.fill(vkOffset, encodeVk({ name, type: value.type, dataLength: data.length, dataOffset, inline }));
    return vkOffset;
  }

  /** Live keys share one sk per distinct descriptor; a deleted key reuses a live one or gets its own freed sk. */
  private securityCell(sd: SecurityDescriptor, freed: number[] | null): number {
    const descriptor = this.encodeSd(sd);
    const id = toHex(descriptor);
    const live = this.liveSk.get(id);
    if (!freed) {
      if (live) {
        live.references++;
        return live.offset;
      }
      const slot: SkSlot = { offset: this.cells.alloc(skPayloadLength(descriptor)), descriptor, references: 1 };
      this.liveSk.set(id, slot);
      this.liveSkOrder.push(slot);
      return slot.offset;
    }
    if (live) return live.offset;
    let offset = this.deletedSk.get(id);
    if (offset === undefined) {
      offset = this.cells.alloc(skPayloadLength(descriptor));
      this.cells.fill(offset, encodeSk({ flink: offset, blink: offset, referenceCount: 1, descriptor }));
      this.deletedSk.set(id, offset);
      freed.push(offset);
    }
    return offset;
  }

  private encodeSd(sd: SecurityDescriptor): Uint8Array {
    let bytes = this.sdCache.get(sd);
    if (!bytes) {
      bytes = encodeSecurityDescriptor(sd);
      this.sdCache.set(sd, bytes);
    }
    return bytes;
  }

  /** Circular list in allocation order: Flink to the next sk, Blink to the previous one. */
  private linkSecurityList(): void {
    const n = this.liveSkOrder.length;
    this.liveSkOrder.forEach((slot, i) => {
      this.cells.fill(
        slot.offset,
        encodeSk({
          flink: this.liveSkOrder[(i + 1) % n].offset,
          blink: this.liveSkOrder[(i + n - 1) % n].offset,
          referenceCount: slot.references,
          descriptor: slot.descriptor,
        }),
      );
    });
  }
}

/** The latest LastWrite in the tree (keys without one count as the default). */
function latestTime(root: TreeKey, fallback: bigint): bigint {
  let latest = 0n;
  const stack = [root];
  while (stack.length > 0) {
    const k = stack.pop() as TreeKey;
    const t = k.lastWrite ? dateToFiletime(k.lastWrite) : fallback;
    if (t > latest) latest = t;
    for (const c of k.subkeys) stack.push(c);
  }
  return latest;
}

function pathKey(path: string): string {
  return splitPath(path).map(upcaseName).join('\\');
}

function max(ns: number[]): number {
  let m = 0;
  for (const n of ns) if (n > m) m = n;
  return m;
}
