/**
 * A regf hive opened from bytes: the HiveView over a binary hive. Opening parses the base block and the bin
 * index only; keys and values are decoded when asked for, straight from the caller's bytes (no copy).
 */
import { AnomalySink, type Anomaly } from '../view/anomaly.js';
import { namesEqual, upcaseName } from '../view/names.js';
import { joinPath, lookupPath, type HiveView, type RegKey, type RegValue } from '../view/registry-view.js';
import { walkAnomaly, walkKeys } from '../view/walk.js';
import type { SecurityDescriptor } from '../view/security-descriptor.js';
import { hasRegfSignature, parseBaseBlock, type BaseBlock } from './base-block.js';
import { CellSpace } from './cell-space.js';
import { filetimePartsToMs } from './filetime.js';
import { scanBins, type HiveBin } from './hive-bins.js';
import { NK_LAST_WRITE, NK_NAME, NK_PARENT, NK_SECURITY, NK_SUBKEY_LIST, NK_VALUE_COUNT, NK_VALUE_LIST, nkClassName, nkLastWrite, nkNameAt, locateNk, readNk, NK_FLAGS, type NkLocation, type NkRecord } from './key-node.js';
import { decodeSecurityDescriptor } from './security-descriptor.js';
import { BASE_BLOCK_SIZE, FILE_TYPE_PRIMARY, KEY_COMP_NAME, HBIN_HEADER_SIZE, KEY_HIVE_ENTRY, KEY_SYM_LINK, MAX_SUBKEYS_PER_KEY, MAX_VALUES_PER_KEY, SIG_NK, SIG_SK } from './spec.js';
import { findSubkey } from './subkey-index.js';
import { lhCandidates, lhHash, readSubkeyList } from './subkey-list.js';
import { readValueData, readVk, type VkRecord } from './value-key.js';

/** The input cannot be read as a hive at all (not a regf file, a log, truncated before the first bin). */
export class HiveFormatError extends Error {
  constructor(
    message: string,
    readonly offset = 0,
  ) {
    super(message);
    this.name = 'HiveFormatError';
  }
}

const SIG_CREG = 0x47455243; // 'CREG': Windows 9x/ME registry

function refuse(bytes: Uint8Array): never {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length >= 4 && dv.getUint32(0, true) === SIG_CREG) {
    throw new HiveFormatError('a Windows 9x/ME registry file (CREG), not an NT registry hive (regf)');
  }
  const text = head.replace(/\0/g, '').replace(/^\uFEFF|^ÿþ|^ï»¿/, '');
  if (/^(Windows Registry Editor|REGEDIT4)/i.test(text)) {
    throw new HiveFormatError('a .reg text export, not a binary hive');
  }
  if (bytes.length === 0) throw new HiveFormatError('empty file, not a registry hive');
  throw new HiveFormatError('not a registry hive (no "regf" signature at offset 0)');
}

export interface OpenHiveOptions {
  /** Anomaly cap (a hostile hive cannot exhaust memory through anomalies). */
  readonly maxAnomalies?: number;
  /** Work units the hive may cost over its life (default: defaultWorkBudget of its size; see spec.ts). */
  readonly workBudget?: number;
}

export function openHive(bytes: Uint8Array, options: OpenHiveOptions = {}): RegfHive {
  return new RegfHive(bytes, options);
}

export class RegfHive implements HiveView {
  readonly kind = 'regf' as const;
  readonly capabilities = { lastWrite: true, security: true, className: true } as const;
  readonly baseBlock: BaseBlock;
  readonly bins: readonly HiveBin[];
  readonly cells: CellSpace;
  readonly root: RegKey;
  /** End of the last hive bin read (file offset). */
  readonly dataEnd: number;
  private readonly sink: AnomalySink;
  private readonly sdCache = new Map<number, SecurityDescriptor | null>();

  constructor(
    readonly bytes: Uint8Array,
    options: OpenHiveOptions = {},
  ) {
    if (!hasRegfSignature(bytes)) refuse(bytes);
    if (bytes.length < 512) throw new HiveFormatError(`truncated: ${bytes.length} bytes, shorter than a base block`);
    const bb = parseBaseBlock(bytes);
    if (bb.fileType !== FILE_TYPE_PRIMARY) {
      throw new HiveFormatError(
        `a transaction log (base block file type ${bb.fileType}), not a primary hive: give the hive, its logs are found beside it`,
        28,
      );
    }
    if (bb.majorVersion !== 1) throw new HiveFormatError(`unsupported regf major version ${bb.majorVersion}`, 20);
    if (bytes.length < BASE_BLOCK_SIZE + HBIN_HEADER_SIZE) {
      throw new HiveFormatError(`truncated: ${bytes.length} bytes, no hive bins after the base block`);
    }
    this.baseBlock = bb;
    this.sink = new AnomalySink(options.maxAnomalies);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.checkBaseBlock(bb);
    this.bins = scanBins(dv, this.binsLimit(bb), this.sink);
    const last = this.bins[this.bins.length - 1];
    this.dataEnd = last ? BASE_BLOCK_SIZE + last.offset + last.size : BASE_BLOCK_SIZE;
    this.cells = new CellSpace(bytes, dv, this.bins, this.sink, options.workBudget);
    this.root = this.findRoot(bb.rootCellOffset);
  }

  get anomalies(): readonly Anomaly[] {
    return this.sink.items;
  }
  /** Anomalies beyond the cap, counted only. */
  get droppedAnomalies(): number {
    return this.sink.dropped;
  }
  get minorVersion(): number {
    return this.baseBlock.minorVersion;
  }
  /** Sequence numbers differ or the checksum is bad: the newest changes may be in the logs. */
  get dirty(): boolean {
    return this.baseBlock.sequenceMismatch || !this.baseBlock.checksumValid;
  }

  key(path: string): RegKey | null {
    return lookupPath(this.root, path);
  }

  /** Records an anomaly found by a consumer of this hive (e.g. a walk). */
  addAnomaly(a: Anomaly): void {
    this.sink.add(a);
  }

  /**
   * Depth-first walk of the whole hive (see walkKeys); damage met on the way (cycles, keys under two parents,
   * parent pointers that disagree with the list holding the key) is recorded as anomalies.
   */
  walk(visit: (key: RegfKey, depth: number) => void): void {
    walkKeys(
      this.root,
      (key, depth, parent) => {
        const k = key as RegfKey;
        if (parent instanceof RegfKey && k.parentOffset !== parent.cellOffset) {
          this.sink.add({ code: 'nk-parent-mismatch', severity: 'info', structure: 'nk', offset: k.offset, message: `key ${k.path} records parent 0x${k.parentOffset.toString(16)}, but is listed under 0x${parent.cellOffset.toString(16)}` });
        }
        visit(k, depth);
      },
      (p) => this.sink.add(walkAnomaly(p)),
    );
  }

  /**
   * The keys' LastWrite times without RegKey objects, dates, names or paths unless asked for: one entry per key, in
   * the order of a depth-first walk that visits a key before its subkeys, in list order. At most `limit` keys;
   * returns how many were visited. The same cells are read, and the same damage recorded, as a walk over subkeys().
   */
  scanKeyTimes(limit: number, visit: (entry: KeyTimeEntry) => void): number {
    const root = this.root;
    if (!(root instanceof RegfKey)) {
      if (limit <= 0) return 0;
      visit({ lastWriteMs: null, name: () => root.name, nameEndsWith: (x) => endsWithFolded(root.name, x), key: () => root });
      return 1;
    }
    const stack: ScanEntry[] = [new ScanEntry(this, root.record.offset, { p: root.record.p, len: root.record.len, nameLen: root.name.length * 2 }, null, root)];
    let n = 0;
    while (stack.length > 0 && n < limit) {
      const e = stack.pop()!;
      n++;
      visit(e);
      // Read in list order (as subkeys() does, so damage is recorded in the same order), pushed in reverse.
      const start = stack.length;
      for (const off of subkeyOffsetsOf(this, e.loc.p, e.offset, e)) {
        const loc = locateNk(this.cells, off);
        if (loc) stack.push(new ScanEntry(this, off, loc, e, null));
      }
      for (let i = start, j = stack.length - 1; i < j; i++, j--) [stack[i], stack[j]] = [stack[j], stack[i]];
    }
    return n;
  }

  /** Security descriptor of the sk cell at hive offset `off`, decoded once per sk (keys share them). */
  securityAt(off: number): SecurityDescriptor | null {
    let sd = this.sdCache.get(off);
    if (sd !== undefined) return sd;
    sd = null;
    const p = this.cells.cell(off, 'sk');
    if (p >= 0) {
      const len = this.cells.len;
      const dv = this.cells.dv;
      if (len >= 20 && dv.getUint16(p, true) === SIG_SK) {
        const size = dv.getUint32(p + 16, true);
        if (20 + size > len) {
          this.sink.add({ code: 'sk-invalid', severity: 'warning', structure: 'sk', offset: p - 4, message: `security descriptor size ${size} runs past its cell` });
        }
        sd = decodeSecurityDescriptor(this.bytes.subarray(p + 20, p + Math.min(len, 20 + size)));
      } else {
        this.sink.add({ code: 'sk-invalid', severity: 'warning', structure: 'sk', offset: p - 4, message: `expected a security record (sk) at 0x${(p - 4).toString(16)}` });
      }
    }
    this.sdCache.set(off, sd);
    return sd;
  }

  private checkBaseBlock(bb: BaseBlock): void {
    if (!bb.checksumValid) {
      this.sink.add({ code: 'base-block-checksum', severity: 'warning', structure: 'base-block', offset: 508, message: `base block checksum 0x${bb.storedChecksum.toString(16)} != computed 0x${bb.computedChecksum.toString(16)}` });
    }
    if (bb.sequenceMismatch) {
      this.sink.add({ code: 'hive-dirty', severity: 'warning', structure: 'base-block', offset: 4, message: `sequence numbers differ (${bb.primarySequence} / ${bb.secondarySequence}): the hive is dirty, its newest changes may be in transaction logs` });
    }
    if (bb.minorVersion < 3 || bb.minorVersion > 6) {
      this.sink.add({ code: 'base-block-version', severity: 'warning', structure: 'base-block', offset: 24, message: `unusual regf version 1.${bb.minorVersion} (1.3–1.6 expected); read as 1.${bb.minorVersion < 3 ? 3 : 5}` });
    }
  }

  /** Where the bins end: the header's size when plausible, else the file's end (truncated copies, bad headers). */
  private binsLimit(bb: BaseBlock): number {
    const fileEnd = this.bytes.length;
    const claimed = bb.hiveBinsDataSize;
    if (claimed === 0 || claimed % 4096 !== 0) {
      this.sink.add({ code: 'base-block-size', severity: 'warning', structure: 'base-block', offset: 40, message: `hive-bins size 0x${claimed.toString(16)} is not a positive multiple of 4096; bins read up to the end of the file` });
      return fileEnd;
    }
    if (BASE_BLOCK_SIZE + claimed > fileEnd) {
      this.sink.add({ code: 'hive-truncated', severity: 'warning', structure: 'base-block', offset: 40, message: `the base block claims 0x${claimed.toString(16)} bytes of bins but the file holds 0x${(fileEnd - BASE_BLOCK_SIZE).toString(16)}; the hive is truncated` });
      return fileEnd;
    }
    return BASE_BLOCK_SIZE + claimed;
  }

  private findRoot(off: number): RegKey {
    const rec = readNk(this.cells, off);
    if (rec) return new RegfKey(this, rec, '');
    // Scan for a key node flagged as hive entry: a bad root pointer must not hide an intact tree.
    for (const bin of this.bins) {
      let q = bin.offset + HBIN_HEADER_SIZE;
      const end = bin.offset + bin.size;
      while (q + 8 <= end) {
        const raw = this.cells.dv.getInt32(q + BASE_BLOCK_SIZE, true);
        const size = raw < 0 ? -raw : raw;
        if (size < 8 || size % 8 !== 0 || q + size > end) break;
        const p = q + BASE_BLOCK_SIZE + 4;
        if (raw < 0 && size >= 80 && this.cells.dv.getUint16(p, true) === SIG_NK && this.cells.dv.getUint16(p + NK_FLAGS, true) & KEY_HIVE_ENTRY) {
          const found = readNk(this.cells, q);
          if (found) {
            this.sink.add({ code: 'root-relocated', severity: 'warning', structure: 'base-block', offset: 36, message: `root cell offset 0x${off.toString(16)} is not a key node; using the hive-entry key at 0x${q.toString(16)}` });
            return new RegfKey(this, found, '');
          }
        }
        q += size;
      }
    }
    this.sink.add({ code: 'root-missing', severity: 'error', structure: 'base-block', offset: 36, message: 'no root key found: the hive has no readable keys' });
    return new EmptyRoot();
  }
}

/** ASCII letters to lowercase, nothing else: what /i folds without the u flag (no non-ASCII character folds to ASCII). */
const asciiFold = (c: number) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);

function endsWithFolded(name: string, suffix: string): boolean {
  if (name.length < suffix.length) return false;
  for (let i = 0, u = name.length - suffix.length; i < suffix.length; i++, u++) if (asciiFold(name.charCodeAt(u)) !== asciiFold(suffix.charCodeAt(i))) return false;
  return true;
}

/** One key met by RegfHive.scanKeyTimes. */
export interface KeyTimeEntry {
  /** LastWrite as epoch ms (null when zero or beyond Date), as RegKey.lastWrite dates it. */
  readonly lastWriteMs: number | null;
  name(): string;
  /** Whether the name ends in `suffix` (ASCII letters and digits), case-insensitively: /suffix$/i on name(), without decoding it. */
  nameEndsWith(suffix: string): boolean;
  key(): RegKey;
}

class ScanEntry implements KeyTimeEntry {
  readonly lastWriteMs: number | null;
  constructor(
    private readonly hive: RegfHive,
    readonly offset: number,
    readonly loc: NkLocation,
    private readonly parent: ScanEntry | null,
    private made: RegfKey | null,
  ) {
    const dv = hive.cells.dv;
    this.lastWriteMs = filetimePartsToMs(dv.getUint32(loc.p + NK_LAST_WRITE, true), dv.getUint32(loc.p + NK_LAST_WRITE + 4, true));
  }
  name(): string {
    return this.made ? this.made.name : nkNameAt(this.hive.cells.bytes, this.hive.cells.dv, this.loc.p, this.loc.nameLen);
  }
  nameEndsWith(suffix: string): boolean {
    if (this.made) return endsWithFolded(this.made.name, suffix);
    const { bytes, dv } = this.hive.cells;
    const start = this.loc.p + NK_NAME;
    const wide = (dv.getUint16(this.loc.p + NK_FLAGS, true) & KEY_COMP_NAME) === 0;
    // UTF-16 names: the code units before an odd last byte, which the decoder drops.
    const units = wide ? this.loc.nameLen >>> 1 : this.loc.nameLen;
    if (units < suffix.length) return false;
    for (let i = 0, u = units - suffix.length; i < suffix.length; i++, u++) {
      const c = wide ? bytes[start + 2 * u] | (bytes[start + 2 * u + 1] << 8) : bytes[start + u];
      if (asciiFold(c) !== asciiFold(suffix.charCodeAt(i))) return false;
    }
    return true;
  }
  key(): RegKey {
    return (this.made ??= new RegfKey(this.hive, { offset: this.offset, p: this.loc.p, len: this.loc.len, name: this.name() }, null, this.parent?.key() as RegfKey));
  }
}

/** The cell offsets a key's subkey list holds, up to the per-key limit (an anomaly naming the key when reached). */
function subkeyOffsetsOf(hive: RegfHive, p: number, offset: number, key: RegfKey | ScanEntry): number[] {
  const out: number[] = [];
  const listOff = hive.cells.dv.getUint32(p + NK_SUBKEY_LIST, true);
  if (hive.cells.dv.getUint32(p + 20, true) === 0 && listOff === 0xffffffff) return out;
  readSubkeyList(hive.cells, listOff, out, MAX_SUBKEYS_PER_KEY);
  if (out.length >= MAX_SUBKEYS_PER_KEY) {
    hive.addAnomaly({ code: 'subkey-limit', severity: 'error', structure: 'subkey-list', offset: offset + BASE_BLOCK_SIZE, message: `key ${(key instanceof RegfKey ? key : key.key()).path} lists ${MAX_SUBKEYS_PER_KEY} subkeys or more (the per-key limit); the rest are not read` });
  }
  return out;
}

export class RegfKey implements RegKey {
  private valueCache: RegfValue[] | null = null;
  // The path is joined on first use: a walk that only reads names and times (the image clock) builds none.
  private fullPath: string | null;
  constructor(
    private readonly hive: RegfHive,
    private readonly rec: NkRecord,
    path: string | null,
    private readonly parent: RegfKey | null = null,
  ) {
    this.fullPath = path;
  }

  get path(): string {
    if (this.fullPath === null) this.fullPath = joinPath(this.parent?.path ?? '', this.rec.name);
    return this.fullPath;
  }

  get name(): string {
    return this.rec.name;
  }
  /** Hive-relative offset of the nk cell. */
  get cellOffset(): number {
    return this.rec.offset;
  }
  /** Absolute file offset of the nk cell. */
  get offset(): number {
    return this.rec.offset + BASE_BLOCK_SIZE;
  }
  get parentOffset(): number {
    return this.hive.cells.dv.getUint32(this.rec.p + NK_PARENT, true);
  }
  get flags(): number {
    return this.hive.cells.dv.getUint16(this.rec.p + NK_FLAGS, true);
  }
  get isSymlink(): boolean {
    return (this.flags & KEY_SYM_LINK) !== 0;
  }
  get lastWrite(): Date | null {
    return nkLastWrite(this.hive.cells, this.rec.p);
  }
  get className(): string | null {
    return nkClassName(this.hive.cells, this.rec.p);
  }

  /** The nk record (scanKeyTimes starts from the root's). */
  get record(): NkRecord {
    return this.rec;
  }

  subkeyOffsets(): number[] {
    return subkeyOffsetsOf(this.hive, this.rec.p, this.rec.offset, this);
  }

  subkeys(): RegKey[] {
    const out: RegfKey[] = [];
    for (const off of this.subkeyOffsets()) {
      const rec = readNk(this.hive.cells, off);
      if (rec) out.push(new RegfKey(this.hive, rec, null, this));
    }
    return out;
  }

  subkey(name: string): RegKey | null {
    const cells = this.hive.cells;
    const listOff = cells.dv.getUint32(this.rec.p + NK_SUBKEY_LIST, true);
    if (listOff === 0xffffffff) return null;
    const wanted = upcaseName(name);
    const candidates = lhCandidates(cells, listOff, lhHash(wanted));
    if (candidates) {
      for (const off of candidates) {
        const rec = readNk(cells, off);
        if (rec && namesEqual(rec.name, wanted)) return new RegfKey(this.hive, rec, null, this);
      }
    }
    // Not an lh list, or the hash did not lead to it: every name counts (hashes never hide a key), through a
    // per-list index so repeated lookups in a big li/lf list do not rescan it.
    const off = findSubkey(cells, listOff, () => this.subkeyOffsets(), wanted);
    const rec = off >= 0 ? readNk(cells, off) : null;
    return rec ? new RegfKey(this.hive, rec, null, this) : null;
  }

  values(): RegValue[] {
    if (this.valueCache) return this.valueCache;
    const cells = this.hive.cells;
    const dv = cells.dv;
    const out: RegfValue[] = [];
    let count = dv.getUint32(this.rec.p + NK_VALUE_COUNT, true);
    if (count > 0) {
      const l = cells.cell(dv.getUint32(this.rec.p + NK_VALUE_LIST, true), 'value-list');
      if (l >= 0) {
        const fit = Math.min(Math.floor(cells.len / 4), MAX_VALUES_PER_KEY);
        if (count > fit) {
          this.hive.addAnomaly(
            fit === MAX_VALUES_PER_KEY
              ? { code: 'value-limit', severity: 'error', structure: 'value-list', offset: l - 4, message: `key ${this.path} claims ${count} values, more than the ${MAX_VALUES_PER_KEY}-value limit; the first ${fit} are read` }
              : { code: 'value-list-invalid', severity: 'warning', structure: 'value-list', offset: l - 4, message: `key ${this.path} claims ${count} values but its list holds ${fit}` },
          );
          count = fit;
        }
        const offsets: number[] = [];
        for (let i = 0; i < count; i++) offsets.push(dv.getUint32(l + 4 * i, true));
        for (const off of offsets) {
          const vk = readVk(cells, off);
          if (vk) out.push(new RegfValue(this.hive, vk));
        }
      }
    }
    this.valueCache = out;
    return out;
  }

  value(name: string): RegValue | null {
    for (const v of this.values()) if (namesEqual(v.name, name)) return v;
    return null;
  }

  security(): SecurityDescriptor | null {
    return this.hive.securityAt(this.hive.cells.dv.getUint32(this.rec.p + NK_SECURITY, true));
  }
}

export class RegfValue implements RegValue {
  private bytesCache: Uint8Array | null = null;
  constructor(
    private readonly hive: RegfHive,
    private readonly vk: VkRecord,
  ) {}
  get name(): string {
    return this.vk.name;
  }
  get type(): number {
    return this.vk.type;
  }
  get offset(): number {
    return this.vk.offset + BASE_BLOCK_SIZE;
  }
  get data(): Uint8Array {
    if (!this.bytesCache) this.bytesCache = readValueData(this.hive.cells, this.vk, this.hive.minorVersion);
    return this.bytesCache;
  }
}

/** The root of a hive whose root key could not be found: empty, so callers need no special case. */
class EmptyRoot implements RegKey {
  readonly name = '';
  readonly path = '';
  readonly lastWrite = null;
  readonly className = null;
  subkeys(): RegKey[] {
    return [];
  }
  subkey(): RegKey | null {
    return null;
  }
  values(): RegValue[] {
    return [];
  }
  value(): RegValue | null {
    return null;
  }
  security(): SecurityDescriptor | null {
    return null;
  }
}

