/**
 * One transaction log file (.LOG/.LOG1/.LOG2): its base-block copy and either the new-format chain of HvLE
 * entries (Windows 8.1+) or the old-format DIRT bitmap with its 512-byte dirty pages (msuhanov/regf
 * "Format of transaction log files"). Parsing only: nothing here decides what gets applied to a hive.
 */
import type { Anomaly } from '../../view/anomaly.js';
import { type BaseBlock, hasRegfSignature, parseBaseBlock } from '../base-block.js';
import {
  DIRT_PAGE_SIZE,
  FILE_TYPE_LOG_NEW,
  FILE_TYPE_LOG_OLD,
  FILE_TYPE_LOG_VERY_OLD,
  HBIN_ALIGNMENT,
  HVLE_HEADER_SIZE,
  LOG_SECTOR_SIZE,
  SIG_DIRT,
  SIG_HVLE,
} from '../spec.js';
import { marvin32 } from './marvin32.js';

/** One page to write into the hive-bins data. `bytes` is a view into the log, never a copy. */
export interface DirtyPage {
  /** Offset relative to the start of the hive-bins data (file offset − 4096). */
  readonly hiveOffset: number;
  readonly bytes: Uint8Array;
  /** Where the page starts in the log file. */
  readonly logOffset: number;
}

/** An `HvLE` entry whose header, page references and both hashes checked out. */
export interface HvleEntry {
  readonly offset: number;
  readonly size: number;
  readonly flags: number;
  readonly sequence: number;
  readonly hiveBinsDataSize: number;
  readonly pages: readonly DirtyPage[];
}

interface LogCommon {
  readonly name: string;
  readonly baseBlock: BaseBlock;
  /** The first sector (the partial base-block copy), a view into the log. */
  readonly baseBlockBytes: Uint8Array;
  readonly anomalies: readonly Anomaly[];
}

export interface NewFormatLog extends LogCommon {
  readonly format: 'HvLE';
  /** Valid entries from offset 512 on, with sequence numbers counting up from the base block's. */
  readonly entries: readonly HvleEntry[];
  /** Where the chain ended and why (`end-of-file`, `no-signature`, `stale-entry`, or a damage reason). */
  readonly end: { readonly offset: number; readonly reason: string };
}

export interface OldFormatLog extends LogCommon {
  readonly format: 'DIRT';
  /** Hive-bins size the bitmap covers (from the log's base block). */
  readonly hiveBinsDataSize: number;
  /** Dirty pages in bitmap order (ascending hive offset). */
  readonly pages: readonly DirtyPage[];
}

export type LogFile = NewFormatLog | OldFormatLog;

export type LogParseResult =
  | { readonly ok: true; readonly log: LogFile }
  | { readonly ok: false; readonly reason: string; readonly anomalies: readonly Anomaly[] };

export interface LogParseLimits {
  /** Entries read from one new-format log before giving up (hostile logs can hold millions of tiny ones). */
  readonly maxEntries: number;
  /** Largest hive-bins size an entry or a DIRT bitmap may describe. */
  readonly maxHiveBinsDataSize: number;
}

export const DEFAULT_LOG_PARSE_LIMITS: LogParseLimits = {
  maxEntries: 100_000,
  maxHiveBinsDataSize: 2 * 1024 * 1024 * 1024 - HBIN_ALIGNMENT,
};

/** Parses a log's first sector and body; damage is reported as anomalies (offsets are within the log). */
export function parseLogFile(
  name: string,
  bytes: Uint8Array,
  limits: LogParseLimits = DEFAULT_LOG_PARSE_LIMITS,
): LogParseResult {
  const anomalies: Anomaly[] = [];
  const fail = (code: string, reason: string, offset: number, structure = 'base-block'): LogParseResult => {
    anomalies.push({ code, severity: 'warning', message: `${name}: ${reason}`, structure, offset });
    return { ok: false, reason, anomalies };
  };
  if (bytes.length < LOG_SECTOR_SIZE) return fail('log-too-short', `log is ${bytes.length} bytes, shorter than one sector`, 0);
  if (!hasRegfSignature(bytes)) return fail('log-signature', 'log does not start with "regf"', 0);
  const baseBlock = parseBaseBlock(bytes.subarray(0, LOG_SECTOR_SIZE));
  if (!baseBlock.checksumValid) {
    return fail(
      'log-base-block-checksum',
      `log base block checksum 0x${hex(baseBlock.storedChecksum)} != computed 0x${hex(baseBlock.computedChecksum)}`,
      508,
    );
  }
  if (baseBlock.sequenceMismatch) {
    return fail(
      'log-base-block-dirty',
      `log base block sequence numbers differ (${baseBlock.primarySequence}/${baseBlock.secondarySequence}): the log itself was not completely written`,
      4,
    );
  }
  if (baseBlock.majorVersion !== 1) return fail('log-version', `unsupported major version ${baseBlock.majorVersion}`, 20);
  if (baseBlock.clusteringFactor !== 1) {
    return fail('log-clustering-factor', `clustering factor ${baseBlock.clusteringFactor} (only 512-byte sectors are supported)`, 44);
  }
  const common = { name, baseBlock, baseBlockBytes: bytes.subarray(0, LOG_SECTOR_SIZE), anomalies };
  const fileType = baseBlock.fileType;
  if (fileType === FILE_TYPE_LOG_NEW) return { ok: true, log: parseHvleChain(common, bytes, limits) };
  if (fileType === FILE_TYPE_LOG_OLD || fileType === FILE_TYPE_LOG_VERY_OLD) {
    const r = parseDirt(common, bytes, limits);
    return r.ok ? { ok: true, log: r.log } : fail(r.code, r.reason, r.offset, 'DIRT');
  }
  return fail('log-file-type', `file type ${fileType} is not a transaction log (1, 2 or 6)`, 28);
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

type Common = Omit<LogCommon, 'anomalies'> & { anomalies: Anomaly[] };

/** Walks the HvLE chain from offset 512; stops at the first entry that is not the next valid one. */
function parseHvleChain(common: Common, bytes: Uint8Array, limits: LogParseLimits): NewFormatLog {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: HvleEntry[] = [];
  const warn = (code: string, message: string, offset: number) =>
    common.anomalies.push({ code, severity: 'warning', message: `${common.name}: ${message}`, structure: 'HvLE', offset });
  let expected = common.baseBlock.primarySequence;
  let off = LOG_SECTOR_SIZE;
  let reason = 'end-of-file';
  while (off + HVLE_HEADER_SIZE <= bytes.length) {
    if (dv.getUint32(off, true) !== SIG_HVLE) {
      reason = 'no-signature'; // free space or garbage after the last entry: normal
      break;
    }
    const size = dv.getUint32(off + 4, true);
    const sequence = dv.getUint32(off + 12, true);
    if (sequence !== expected) {
      // An older entry left over from an earlier use of the log is normal (spec note 4); a jump ahead is not.
      if (seqBefore(sequence, expected)) reason = 'stale-entry';
      else {
        reason = 'sequence-gap';
        warn('hvle-sequence-gap', `entry at ${off} has sequence ${sequence}, expected ${expected}`, off);
      }
      break;
    }
    if (size < LOG_SECTOR_SIZE || size % LOG_SECTOR_SIZE !== 0 || off + size > bytes.length) {
      reason = 'bad-size';
      warn('hvle-size', `entry ${sequence} at ${off} has size ${size} (file is ${bytes.length} bytes)`, off + 4);
      break;
    }
    const hiveBinsDataSize = dv.getUint32(off + 16, true);
    if (hiveBinsDataSize === 0 || hiveBinsDataSize % HBIN_ALIGNMENT !== 0 || hiveBinsDataSize > limits.maxHiveBinsDataSize) {
      reason = 'bad-hive-bins-size';
      warn('hvle-hive-bins-size', `entry ${sequence} at ${off} has hive-bins data size ${hiveBinsDataSize}`, off + 16);
      break;
    }
    const hash1 = dv.getBigUint64(off + 24, true);
    const hash2 = dv.getBigUint64(off + 32, true);
    if (marvin32(bytes.subarray(off, off + 32)) !== hash2 || marvin32(bytes.subarray(off + HVLE_HEADER_SIZE, off + size)) !== hash1) {
      reason = 'bad-hash';
      warn('hvle-hash', `entry ${sequence} at ${off}: Marvin32 Hash-1/Hash-2 mismatch`, off + 24);
      break;
    }
    const pages = readPageRefs(dv, bytes, off, size, hiveBinsDataSize);
    if (typeof pages === 'string') {
      reason = 'bad-page-reference';
      warn('hvle-page-reference', `entry ${sequence} at ${off}: ${pages}`, off + HVLE_HEADER_SIZE);
      break;
    }
    if (entries.length >= limits.maxEntries) {
      reason = 'entry-limit';
      warn('hvle-entry-limit', `more than ${limits.maxEntries} entries; the rest is ignored`, off);
      break;
    }
    entries.push({ offset: off, size, flags: dv.getUint32(off + 8, true), sequence, hiveBinsDataSize, pages });
    expected = (expected + 1) >>> 0;
    off += size;
  }
  return { ...common, format: 'HvLE', entries, end: { offset: off, reason } };
}

/** Page references and the pages behind them; a string says what is wrong. */
function readPageRefs(dv: DataView, bytes: Uint8Array, off: number, size: number, hiveBinsDataSize: number): DirtyPage[] | string {
  const count = dv.getUint32(off + 20, true);
  if (count === 0) return 'no dirty pages';
  if (count > (size - HVLE_HEADER_SIZE) / 8) return `${count} page references do not fit in ${size} bytes`;
  const pages: DirtyPage[] = [];
  let data = off + HVLE_HEADER_SIZE + count * 8;
  for (let i = 0; i < count; i++) {
    const ref = off + HVLE_HEADER_SIZE + i * 8;
    const hiveOffset = dv.getUint32(ref, true);
    const pageSize = dv.getUint32(ref + 4, true);
    if (pageSize === 0 || hiveOffset + pageSize > hiveBinsDataSize) {
      return `page ${i} (offset ${hiveOffset}, size ${pageSize}) lies outside the ${hiveBinsDataSize}-byte hive bins`;
    }
    if (data + pageSize > off + size) return `page ${i} (size ${pageSize}) runs past the end of the entry`;
    pages.push({ hiveOffset, bytes: bytes.subarray(data, data + pageSize), logOffset: data });
    data += pageSize;
  }
  return pages;
}

type DirtResult = { ok: true; log: OldFormatLog } | { ok: false; code: string; reason: string; offset: number };

/** Reads the DIRT bitmap (one bit per 512-byte page, LSB first) and the pages that follow it. */
function parseDirt(common: Common, bytes: Uint8Array, limits: LogParseLimits): DirtResult {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = LOG_SECTOR_SIZE;
  if (bytes.length < at + 4 || dv.getUint32(at, true) !== SIG_DIRT) {
    return { ok: false, code: 'dirt-signature', reason: 'no "DIRT" signature at offset 512', offset: at };
  }
  const hiveBinsDataSize = common.baseBlock.hiveBinsDataSize;
  if (hiveBinsDataSize === 0 || hiveBinsDataSize % HBIN_ALIGNMENT !== 0 || hiveBinsDataSize > limits.maxHiveBinsDataSize) {
    return { ok: false, code: 'dirt-hive-bins-size', reason: `hive-bins data size ${hiveBinsDataSize} in the log base block`, offset: 40 };
  }
  const bitmapBytes = hiveBinsDataSize / DIRT_PAGE_SIZE / 8;
  const bitmapStart = at + 4;
  if (bitmapStart + bitmapBytes > bytes.length) {
    return { ok: false, code: 'dirt-truncated', reason: `the ${bitmapBytes}-byte dirty bitmap runs past the end of the log`, offset: bitmapStart };
  }
  const pagesStart = Math.ceil((bitmapStart + bitmapBytes) / LOG_SECTOR_SIZE) * LOG_SECTOR_SIZE;
  const pages: DirtyPage[] = [];
  let logOffset = pagesStart;
  for (let byte = 0; byte < bitmapBytes; byte++) {
    const bits = bytes[bitmapStart + byte];
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) {
      if ((bits & (1 << bit)) === 0) continue;
      if (logOffset + DIRT_PAGE_SIZE > bytes.length) {
        // A partial set of pages would leave the hive half old, half new: reject the whole log.
        return { ok: false, code: 'dirt-truncated', reason: `dirty page ${pages.length} at ${logOffset} runs past the end of the log`, offset: logOffset };
      }
      const hiveOffset = (byte * 8 + bit) * DIRT_PAGE_SIZE;
      pages.push({ hiveOffset, bytes: bytes.subarray(logOffset, logOffset + DIRT_PAGE_SIZE), logOffset });
      logOffset += DIRT_PAGE_SIZE;
    }
  }
  if (pages.length === 0) return { ok: false, code: 'dirt-empty', reason: 'the dirty bitmap has no page set', offset: bitmapStart };
  return { ok: true, log: { ...common, format: 'DIRT', hiveBinsDataSize, pages } };
}

/** True when sequence `a` comes before `b`, allowing for uint32 wrap-around (yarp's rule). */
export function seqBefore(a: number, b: number): boolean {
  const d = (b - a) >>> 0;
  return d !== 0 && d <= 0x7fffffff;
}
