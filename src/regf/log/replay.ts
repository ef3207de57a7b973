/**
 * Transaction-log replay for dirty hives, into a copy: the caller's bytes are never written. The result is a
 * clean hive (equal sequence numbers, hive-bins size of the last applied write, fresh checksum) that any
 * reader opens with the newest data, where reglookup, hivex and RegRipper would silently show stale data.
 */
import { AnomalySink, type Anomaly } from '../../view/anomaly.js';
import { baseBlockChecksum, hasRegfSignature, parseBaseBlock } from '../base-block.js';
import {
  BASE_BLOCK_CHECKSUM_OFFSET,
  BASE_BLOCK_SIZE,
  DIRT_PAGE_SIZE,
  FILE_TYPE_PRIMARY,
  HBIN_ALIGNMENT,
  LOG_SECTOR_SIZE,
  SIG_HBIN,
} from '../spec.js';
import { DEFAULT_LOG_PARSE_LIMITS, type DirtyPage, type HvleEntry, type LogFile, type OldFormatLog, parseLogFile } from './log-file.js';
import { type PlannedLog, type PrimaryState, planReplay, rawLastWritten, type SkippedLog } from './replay-plan.js';

export interface AppliedLog {
  readonly name: string;
  readonly format: 'HvLE' | 'DIRT';
  /** HvLE entries applied, or DIRT 512-byte pages applied. */
  readonly entries: number;
  readonly sequenceBefore: number;
  readonly sequenceAfter: number;
}

export interface SequencePair {
  readonly primary: number;
  readonly secondary: number;
}

export interface ReplayResult {
  /** The replayed copy, or the caller's own array when nothing was applied. */
  readonly bytes: Uint8Array;
  /** The primary was dirty (bad checksum or sequence numbers differ) before replay. */
  readonly dirty: boolean;
  readonly applied: readonly AppliedLog[];
  readonly skipped: readonly SkippedLog[];
  readonly anomalies: readonly Anomaly[];
  readonly sequenceBefore: SequencePair;
  readonly sequenceAfter: SequencePair;
}

export interface ReplayOptions {
  /** Largest image replay may build (base block + hive bins); default 2 GiB. */
  readonly maxImageBytes?: number;
  /** Most HvLE entries applied in total, and read per log; default 100,000. */
  readonly maxEntries?: number;
}

const DEFAULT_MAX_IMAGE = 2 * 1024 * 1024 * 1024;

/** Replays `logs` (a hive's .LOG/.LOG1/.LOG2, any order) onto a copy of `primary`. Never throws on bad input. */
export function replayLogs(
  primary: Uint8Array,
  logs: readonly { name: string; bytes: Uint8Array }[],
  options: ReplayOptions = {},
): ReplayResult {
  const maxImage = options.maxImageBytes ?? DEFAULT_MAX_IMAGE;
  const maxEntries = options.maxEntries ?? DEFAULT_LOG_PARSE_LIMITS.maxEntries;
  const sink = new AnomalySink(1000);
  const skipped: SkippedLog[] = [];
  const nothing = (seq: SequencePair, dirty: boolean): ReplayResult => ({
    bytes: primary,
    dirty,
    applied: [],
    skipped,
    anomalies: sink.items,
    sequenceBefore: seq,
    sequenceAfter: seq,
  });

  if (primary.length < LOG_SECTOR_SIZE || !hasRegfSignature(primary)) {
    sink.add({ code: 'primary-not-regf', severity: 'error', message: 'primary file has no regf base block; logs not replayed', structure: 'base-block', offset: 0 });
    for (const l of logs) skipped.push({ name: l.name, reason: 'primary is not a hive' });
    return nothing({ primary: 0, secondary: 0 }, false);
  }
  const bb = parseBaseBlock(primary);
  const before = { primary: bb.primarySequence, secondary: bb.secondarySequence };
  const dirty = !bb.checksumValid || bb.sequenceMismatch;
  if (!dirty) {
    for (const l of logs) skipped.push({ name: l.name, reason: 'hive is clean: logs are ignored' });
    return nothing(before, false);
  }
  if (!bb.checksumValid) {
    sink.add({
      code: 'primary-base-block-checksum',
      severity: 'warning',
      message: `primary base block checksum 0x${bb.storedChecksum.toString(16)} != computed 0x${bb.computedChecksum.toString(16)}: base block is taken from a log`,
      structure: 'base-block',
      offset: BASE_BLOCK_CHECKSUM_OFFSET,
    });
  }

  const parsed: LogFile[] = [];
  for (const l of logs) {
    if (l.bytes.length === 0) {
      skipped.push({ name: l.name, reason: 'empty file' }); // an empty .LOG beside .LOG1/.LOG2 is normal
      continue;
    }
    const r = parseLogFile(l.name, l.bytes, { ...DEFAULT_LOG_PARSE_LIMITS, maxEntries, maxHiveBinsDataSize: maxImage - BASE_BLOCK_SIZE });
    if (r.ok) {
      parsed.push(r.log);
      for (const a of r.log.anomalies) sink.add(a);
    } else {
      skipped.push({ name: l.name, reason: r.reason });
      for (const a of r.anomalies) sink.add(a);
    }
  }

  const state: PrimaryState = {
    baseBlockValid: bb.checksumValid,
    secondarySequence: bb.secondarySequence,
    lastWritten: rawLastWritten(primary),
    fileName: bb.fileName,
    firstBinTimestamp: firstBinTimestamp(primary),
  };
  const plan = planReplay(state, parsed);
  skipped.push(...plan.skipped);
  for (const a of plan.anomalies) sink.add(a);

  let out: { bytes: Uint8Array; applied: AppliedLog[] } | null = null;
  if (plan.format === 'HvLE') out = applyNew(primary, bb.secondarySequence, plan.steps, plan.baseBlockFrom?.baseBlockBytes ?? null, maxImage, maxEntries, sink, skipped);
  else if (plan.format === 'DIRT') out = applyOld(primary, bb.checksumValid, bb.secondarySequence, plan.log, maxImage, sink, skipped);

  if (out === null || out.applied.length === 0) {
    sink.add({ code: 'dirty-hive-not-replayed', severity: 'warning', message: 'hive is dirty and no transaction log could be applied: its newest changes may be missing', structure: 'base-block', offset: 4 });
    return nothing(before, true);
  }
  const fixed = parseBaseBlock(out.bytes);
  return {
    bytes: out.bytes,
    dirty: true,
    applied: out.applied,
    skipped,
    anomalies: sink.items,
    sequenceBefore: before,
    sequenceAfter: { primary: fixed.primarySequence, secondary: fixed.secondarySequence },
  };
}

function firstBinTimestamp(primary: Uint8Array): bigint | null {
  if (primary.length < BASE_BLOCK_SIZE + 28) return null;
  const dv = new DataView(primary.buffer, primary.byteOffset + BASE_BLOCK_SIZE, 28);
  return dv.getUint32(0, true) === SIG_HBIN ? dv.getBigUint64(20, true) : null;
}

/** New format: entries in plan order, the image grown to each entry's hive-bins size. */
function applyNew(
  primary: Uint8Array,
  secondary: number,
  steps: readonly PlannedLog[],
  logBaseBlock: Uint8Array | null,
  maxImage: number,
  maxEntries: number,
  sink: AnomalySink,
  skipped: SkippedLog[],
): { bytes: Uint8Array; applied: AppliedLog[] } {
  // First pass: what fits within the limits, and how large the image must be.
  const chosen: { step: PlannedLog; entries: HvleEntry[] }[] = [];
  let total = 0;
  let size = Math.max(primary.length, BASE_BLOCK_SIZE);
  let limited = false;
  for (const step of steps) {
    const take: HvleEntry[] = [];
    for (const e of step.entries) {
      const need = BASE_BLOCK_SIZE + e.hiveBinsDataSize;
      if (total >= maxEntries || need > maxImage) {
        sink.add({
          code: 'replay-limit',
          severity: 'error',
          message: `${step.log.name}: entry ${e.sequence} ${need > maxImage ? `needs a ${need}-byte image (limit ${maxImage})` : `exceeds the ${maxEntries}-entry limit`}; replay stops before it`,
          structure: 'HvLE',
          offset: e.offset,
        });
        limited = true;
        break;
      }
      take.push(e);
      total++;
      size = Math.max(size, need);
    }
    if (take.length > 0) chosen.push({ step, entries: take });
    if (limited) break;
  }
  for (const s of steps) {
    if (!chosen.some((c) => c.step === s)) skipped.push({ name: s.log.name, reason: 'replay limit reached' });
  }
  if (chosen.length === 0) return { bytes: primary, applied: [] };
  // Growth that no page writes would be zeros: a 90 KB log must not turn a small hive into a 1 GiB image.
  let backed = Math.max(primary.length, BASE_BLOCK_SIZE);
  for (const { entries } of chosen) for (const e of entries) for (const p of e.pages) backed = Math.max(backed, BASE_BLOCK_SIZE + p.hiveOffset + p.bytes.length);
  backed = Math.ceil(backed / HBIN_ALIGNMENT) * HBIN_ALIGNMENT;
  if (size > backed) {
    sink.add({
      code: 'replay-unbacked-growth',
      severity: 'warning',
      message: `log entries claim ${size - BASE_BLOCK_SIZE} bytes of hive bins but the primary and the logged pages cover ${backed - BASE_BLOCK_SIZE}; the image is not grown past what was written`,
      structure: 'HvLE',
      offset: LOG_SECTOR_SIZE,
    });
    size = backed;
  }

  const image = new Uint8Array(size);
  image.set(primary.subarray(0, Math.min(primary.length, size)));
  if (logBaseBlock !== null) {
    image.fill(0, 0, BASE_BLOCK_SIZE);
    image.set(logBaseBlock, 0);
  }
  const applied: AppliedLog[] = [];
  let seq = secondary;
  let last: HvleEntry | null = null;
  for (const { step, entries } of chosen) {
    const from = last === null ? (logBaseBlock !== null ? parseBaseBlock(image).secondarySequence : secondary) : seq;
    for (const e of entries) {
      for (const p of e.pages) image.set(p.bytes, BASE_BLOCK_SIZE + p.hiveOffset);
      seq = e.sequence;
      last = e;
    }
    applied.push({ name: step.log.name, format: 'HvLE', entries: entries.length, sequenceBefore: from, sequenceAfter: seq });
  }
  const lastEntry = last as HvleEntry;
  // Only bit 0 of the entry flags is carried into the base block (spec note 11).
  finishBaseBlock(image, seq, lastEntry.hiveBinsDataSize, (flags) => (flags & ~1) | (lastEntry.flags & 1));
  checkBins(image, lastEntry.hiveBinsDataSize, sink);
  return { bytes: image, applied };
}

/** Old format: DIRT pages bin by bin; an invalid dirty bin stops recovery there. */
function applyOld(
  primary: Uint8Array,
  baseBlockValid: boolean,
  secondary: number,
  log: OldFormatLog,
  maxImage: number,
  sink: AnomalySink,
  skipped: SkippedLog[],
): { bytes: Uint8Array; applied: AppliedLog[] } {
  const hbins = log.hiveBinsDataSize;
  const need = BASE_BLOCK_SIZE + hbins;
  if (need > maxImage) {
    sink.add({ code: 'replay-limit', severity: 'error', message: `${log.name}: needs a ${need}-byte image (limit ${maxImage})`, structure: 'DIRT', offset: 40 });
    skipped.push({ name: log.name, reason: 'replay limit reached' });
    return { bytes: primary, applied: [] };
  }
  const stopAt = verifyDirtyBins(primary, log, sink);
  const pages = log.pages.filter((p) => p.hiveOffset < stopAt);
  if (pages.length === 0) {
    skipped.push({ name: log.name, reason: 'first dirty hive bin is invalid' });
    return { bytes: primary, applied: [] };
  }
  // As for HvLE: never grow past what the primary and the dirty pages hold.
  let backed = Math.max(primary.length, BASE_BLOCK_SIZE);
  for (const p of pages) backed = Math.max(backed, BASE_BLOCK_SIZE + p.hiveOffset + p.bytes.length);
  backed = Math.ceil(backed / HBIN_ALIGNMENT) * HBIN_ALIGNMENT;
  if (need > backed) {
    sink.add({ code: 'replay-unbacked-growth', severity: 'warning', message: `${log.name}: claims ${hbins} bytes of hive bins but the primary and the dirty pages cover ${backed - BASE_BLOCK_SIZE}; the image is not grown past what was written`, structure: 'DIRT', offset: 40 });
  }
  const image = new Uint8Array(Math.max(primary.length, Math.min(need, backed), BASE_BLOCK_SIZE));
  image.set(primary);
  if (!baseBlockValid) {
    image.fill(0, 0, BASE_BLOCK_SIZE);
    image.set(log.baseBlockBytes, 0);
  }
  for (const p of pages) image.set(p.bytes, BASE_BLOCK_SIZE + p.hiveOffset);
  const seq = log.baseBlock.primarySequence;
  finishBaseBlock(image, seq, hbins, (flags) => flags);
  return { bytes: image, applied: [{ name: log.name, format: 'DIRT', entries: pages.length, sequenceBefore: secondary, sequenceAfter: seq }] };
}

/** Sets what makes the copy a clean primary: file type 0, equal sequence numbers, size, flags, checksum. */
function finishBaseBlock(image: Uint8Array, seq: number, hbins: number, flags: (old: number) => number): void {
  const dv = new DataView(image.buffer, image.byteOffset, BASE_BLOCK_SIZE);
  dv.setUint32(4, seq, true);
  dv.setUint32(8, seq, true);
  dv.setUint32(28, FILE_TYPE_PRIMARY, true);
  dv.setUint32(40, hbins, true);
  dv.setUint32(144, flags(dv.getUint32(144, true)) >>> 0, true);
  dv.setUint32(BASE_BLOCK_CHECKSUM_OFFSET, baseBlockChecksum(image), true);
}

/**
 * Walks the bins as they will be after the DIRT pages are written (each header read from its dirty page, or
 * from the primary when clean) and returns the hive offset where recovery must stop: the first invalid bin.
 */
function verifyDirtyBins(primary: Uint8Array, log: OldFormatLog, sink: AnomalySink): number {
  const byPage = new Map<number, DirtyPage>();
  for (const p of log.pages) byPage.set(p.hiveOffset / DIRT_PAGE_SIZE, p);
  const pdv = new DataView(primary.buffer, primary.byteOffset, primary.byteLength);
  const u32 = (hiveOff: number): number | null => {
    const page = byPage.get(Math.floor(hiveOff / DIRT_PAGE_SIZE));
    if (page !== undefined) return new DataView(page.bytes.buffer, page.bytes.byteOffset, DIRT_PAGE_SIZE).getUint32(hiveOff % DIRT_PAGE_SIZE, true);
    const at = BASE_BLOCK_SIZE + hiveOff;
    return at + 4 <= primary.length ? pdv.getUint32(at, true) : null;
  };
  const hbins = log.hiveBinsDataSize;
  let pos = 0;
  while (pos < hbins) {
    const sig = u32(pos);
    const off = u32(pos + 4);
    const size = u32(pos + 8);
    const ok = sig === SIG_HBIN && off === pos && size !== null && size >= HBIN_ALIGNMENT && size % HBIN_ALIGNMENT === 0 && pos + size <= hbins;
    if (!ok) {
      const page = byPage.get(pos / DIRT_PAGE_SIZE);
      const hasLaterPages = log.pages.some((p) => p.hiveOffset >= pos);
      if (hasLaterPages) {
        sink.add({
          code: 'dirt-hbin-invalid',
          severity: 'warning',
          message: `${log.name}: hive bin at hive offset ${pos} is invalid ${page ? 'in the dirty page' : 'in the primary'}; dirty pages from there on are not applied`,
          structure: 'DIRT',
          offset: page ? page.logOffset : BASE_BLOCK_SIZE + pos,
        });
      }
      return pos;
    }
    pos += size as number;
  }
  return hbins;
}

/** After new-format replay, reports the first hive bin whose header is not valid (Windows would heal it). */
function checkBins(image: Uint8Array, hbins: number, sink: AnomalySink): void {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let pos = 0;
  while (pos < hbins) {
    const at = BASE_BLOCK_SIZE + pos;
    const size = at + 12 <= image.length ? dv.getUint32(at + 8, true) : 0;
    if (at + 12 > image.length || dv.getUint32(at, true) !== SIG_HBIN || dv.getUint32(at + 4, true) !== pos || size < HBIN_ALIGNMENT || size % HBIN_ALIGNMENT !== 0) {
      sink.add({
        code: 'hbin-invalid-after-replay',
        severity: 'warning',
        message: `replayed image has no valid hive bin at hive offset ${pos} (file offset ${at})`,
        structure: 'hbin',
        offset: at,
      });
      return;
    }
    pos += size;
  }
}
