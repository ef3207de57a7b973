/**
 * Zip archives read in place: the central directory is parsed from positioned reads, and one entry at a time is
 * inflated (fflate's streaming Inflate) into a buffer of its declared size, so an archive of any size is never
 * held whole and a zip bomb stops at a hard limit. Nothing is extracted anywhere.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32.js';

/** Positioned reads over the archive: a file descriptor in Node, a Uint8Array or a File's bytes in a browser. */
export interface RandomAccess {
  readonly size: number;
  /** `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Uint8Array;
}

export interface ZipLimits {
  /** Entries in the central directory. */
  readonly maxEntries: number;
  /** Declared uncompressed size of one entry. */
  readonly maxEntryBytes: number;
  /** Sum of all entries' declared uncompressed sizes. */
  readonly maxTotalBytes: number;
  /** Declared uncompressed / compressed size of one entry, checked for entries of at least `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** The archive or an entry cannot be read: bad structure (`format`), a hard limit (`limit`), or `unsupported`. */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly kind: 'format' | 'limit' | 'unsupported',
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  /** Member path as stored ('/'-separated; Windows tools' '\\' is turned into '/'). */
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly isDirectory: boolean;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
const ZIP64_EXTRA = 0x0001;
/** Compressed bytes fed to the inflater per step: bounds one step's output to ~1032 × this. */
const INFLATE_STEP = 16 * 1024;
const READ_STEP = 1024 * 1024;

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
/** u64 as a number; values past 2^53 are beyond any limit anyway. */
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 0x1_0000_0000;

function readExact(src: RandomAccess, offset: number, length: number, what: string): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > src.size) throw new ZipError(`${what} at offset ${offset} runs past the end of the archive`, 'format');
  const b = src.read(offset, length);
  if (b.length !== length) throw new ZipError(`${what} at offset ${offset}: short read`, 'format');
  return b;
}

/** Central directory of the archive, checked against the limits before any entry is inflated. */
export function readZipDirectory(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  if (src.size < EOCD_SIZE) throw new ZipError('not a zip archive (shorter than an end-of-central-directory record)', 'format');
  const tailLength = Math.min(src.size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = src.size - tailLength;
  const tail = readExact(src, tailStart, tailLength, 'archive tail');
  let e = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (u32(tail, i) === SIG_EOCD && i + EOCD_SIZE + u16(tail, i + 20) <= tail.length) {
      e = i;
      break;
    }
  }
  if (e < 0) throw new ZipError('not a zip archive (no end-of-central-directory record)', 'format');
  let count = u16(tail, e + 10);
  let cdSize = u32(tail, e + 12);
  let cdOffset = u32(tail, e + 16);
  if (e >= 20 && u32(tail, e - 20) === SIG_ZIP64_LOCATOR) {
    const z = u64(tail, e - 12);
    const rec = readExact(src, z, 56, 'zip64 end-of-central-directory record');
    if (u32(rec, 0) !== SIG_ZIP64_EOCD) throw new ZipError(`zip64 end-of-central-directory record missing at offset ${z}`, 'format');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (count > limits.maxEntries) throw new ZipError(`zip has ${count} entries, over the limit of ${limits.maxEntries}`, 'limit');
  // Each central record is at least 46 bytes: a larger count is a lie, however small the limit.
  if (cdSize > src.size || count * CENTRAL_SIZE > cdSize) throw new ZipError(`central directory of ${cdSize} bytes cannot hold ${count} entries`, 'format');
  const cd = readExact(src, cdOffset, cdSize, 'central directory');
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_SIZE > cd.length || u32(cd, p) !== SIG_CENTRAL) throw new ZipError(`central directory record ${i} is damaged (offset ${cdOffset + p})`, 'format');
    const flags = u16(cd, p + 8);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    const end = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new ZipError(`central directory record ${i} runs past the directory`, 'format');
    let compressedSize = u32(cd, p + 20);
    let size = u32(cd, p + 24);
    let localHeaderOffset = u32(cd, p + 42);
    const nameBytes = cd.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength);
    const extra = cd.subarray(p + CENTRAL_SIZE + nameLength, p + CENTRAL_SIZE + nameLength + extraLength);
    // zip64: the 0xFFFFFFFF fields come, in this order, from the 0x0001 extra field
    for (let x = 0; x + 4 <= extra.length; ) {
      const id = u16(extra, x);
      const len = u16(extra, x + 2);
      if (x + 4 + len > extra.length) break;
      if (id === ZIP64_EXTRA) {
        let q = x + 4;
        const take = () => {
          if (q + 8 > x + 4 + len) throw new ZipError(`zip64 extra field of entry ${i} is too short`, 'format');
          const v = u64(extra, q);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      x += 4 + len;
    }
    const name = decodeName(nameBytes, (flags & FLAG_UTF8) !== 0).replace(/\\/g, '/');
    const entry: ZipEntry = {
      name,
      method: u16(cd, p + 10),
      flags,
      crc: u32(cd, p + 16),
      compressedSize,
      size,
      localHeaderOffset,
      isDirectory: name.endsWith('/'),
    };
    checkEntryLimits(entry, limits);
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipError(`zip declares over ${limits.maxTotalBytes} bytes uncompressed in total (zip bomb?)`, 'limit');
    entries.push(entry);
    p = end;
  }
  return entries;
}

function checkEntryLimits(entry: ZipEntry, limits: ZipLimits): void {
  if (entry.size > limits.maxEntryBytes) {
    throw new ZipError(`zip member ${entry.name} declares ${entry.size} bytes, over the per-entry limit of ${limits.maxEntryBytes}`, 'limit');
  }
  if (entry.size >= limits.ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio) {
    const ratio = entry.compressedSize === 0 ? 'infinite' : (entry.size / entry.compressedSize).toFixed(0);
    throw new ZipError(`zip member ${entry.name} has a compression ratio of ${ratio}, over the limit of ${limits.maxRatio} (zip bomb?)`, 'limit');
  }
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  // Without the UTF-8 flag names are in the OEM code page; ASCII is the same in all of them.
  let ascii = true;
  for (const b of bytes) if (b >= 0x80) ascii = false;
  return new TextDecoder(ascii ? 'utf-8' : 'windows-1252').decode(bytes);
}

function dataOffset(src: RandomAccess, entry: ZipEntry): number {
  const h = readExact(src, entry.localHeaderOffset, LOCAL_SIZE, `local header of ${entry.name}`);
  if (u32(h, 0) !== SIG_LOCAL) throw new ZipError(`local header of ${entry.name} missing at offset ${entry.localHeaderOffset}`, 'format');
  return entry.localHeaderOffset + LOCAL_SIZE + u16(h, 26) + u16(h, 28);
}

function checkReadable(entry: ZipEntry): void {
  if (entry.flags & FLAG_ENCRYPTED) throw new ZipError(`zip member ${entry.name} is encrypted`, 'unsupported');
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw new ZipError(`zip member ${entry.name} uses compression method ${entry.method} (only stored and deflate are read)`, 'unsupported');
  }
}

/**
 * Inflates `entry` into at most `want` bytes (its whole declared size when `want` is omitted). Output past the
 * declared size is a zip bomb and stops at once; a wrong CRC or short output is a damaged entry.
 */
export function readZipEntry(src: RandomAccess, entry: ZipEntry, limits: ZipLimits = DEFAULT_ZIP_LIMITS, want?: number): Uint8Array {
  checkReadable(entry);
  checkEntryLimits(entry, limits);
  const whole = want === undefined || want >= entry.size;
  const outLength = whole ? entry.size : want;
  const start = dataOffset(src, entry);
  if (start + entry.compressedSize > src.size) throw new ZipError(`zip member ${entry.name} runs past the end of the archive`, 'format');
  if (entry.method === METHOD_STORED) {
    if (entry.compressedSize !== entry.size) throw new ZipError(`stored zip member ${entry.name} has compressed size ${entry.compressedSize} != size ${entry.size}`, 'format');
    const out = readExact(src, start, outLength, `data of ${entry.name}`);
    if (whole && crc32(out) !== entry.crc) throw new ZipError(`zip member ${entry.name}: CRC-32 mismatch`, 'format');
    return out;
  }
  const out = new Uint8Array(outLength);
  let written = 0;
  let overflow = false;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > entry.size) overflow = true;
    const n = Math.min(chunk.length, outLength - written);
    out.set(chunk.subarray(0, n), written);
    written += n;
    if (final) done = true;
  });
  let pos = 0;
  try {
    while (pos < entry.compressedSize && !overflow && !done && (whole || written < outLength)) {
      const block = readExact(src, start + pos, Math.min(READ_STEP, entry.compressedSize - pos), `data of ${entry.name}`);
      for (let i = 0; i < block.length && !overflow && !done && (whole || written < outLength); i += INFLATE_STEP) {
        const piece = block.subarray(i, Math.min(block.length, i + INFLATE_STEP));
        pos += piece.length;
        inflater.push(piece, pos === entry.compressedSize);
      }
    }
  } catch (e) {
    throw new ZipError(`zip member ${entry.name}: deflate data is damaged (${e instanceof Error ? e.message : String(e)})`, 'format');
  }
  if (overflow) throw new ZipError(`zip member ${entry.name} inflates past its declared ${entry.size} bytes (zip bomb?)`, 'limit');
  if (!whole) return out.subarray(0, written);
  if (written !== entry.size) throw new ZipError(`zip member ${entry.name} inflates to ${written} bytes, not its declared ${entry.size}`, 'format');
  if (crc32(out) !== entry.crc) throw new ZipError(`zip member ${entry.name}: CRC-32 mismatch`, 'format');
  return out;
}

/** A Uint8Array as RandomAccess (browser drops, tests). */
export function bytesAccess(bytes: Uint8Array): RandomAccess {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}
