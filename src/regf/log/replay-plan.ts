/**
 * Which logs, and which of their entries, a dirty hive is recovered from, and in what order — the decision
 * half of replay, kept apart so it can be tested on logs whose primary is missing (python-registry new_log_*).
 * Rules: msuhanov/regf "Format of transaction log files" and "Multiple transaction log files"; ordering by
 * base-block sequence number, not by file name (regipy#97 applied .LOG1 before .LOG2 and lost a key).
 */
import type { Anomaly } from '../../view/anomaly.js';
import type { HvleEntry, LogFile, NewFormatLog, OldFormatLog } from './log-file.js';
import { seqBefore } from './log-file.js';

/** What the plan needs to know about the primary file. */
export interface PrimaryState {
  /** Checksum of the primary's base block is right (otherwise the base block comes from a log). */
  readonly baseBlockValid: boolean;
  readonly secondarySequence: number;
  /** Raw last-written FILETIME of the primary's base block. */
  readonly lastWritten: bigint;
  readonly fileName: string;
  /** Timestamp of the first hbin, the stand-in when the base block is invalid; null if there is no bin. */
  readonly firstBinTimestamp: bigint | null;
}

export interface SkippedLog {
  readonly name: string;
  readonly reason: string;
}

export interface PlannedLog {
  readonly log: NewFormatLog;
  readonly entries: readonly HvleEntry[];
}

export type ReplayPlan =
  | { readonly format: 'HvLE'; readonly steps: readonly PlannedLog[]; readonly baseBlockFrom: NewFormatLog | null; readonly skipped: SkippedLog[]; readonly anomalies: Anomaly[] }
  | { readonly format: 'DIRT'; readonly log: OldFormatLog; readonly skipped: SkippedLog[]; readonly anomalies: Anomaly[] }
  | { readonly format: null; readonly skipped: SkippedLog[]; readonly anomalies: Anomaly[] };

/** Raw FILETIME at offset 12 of a base block (or its first sector). */
export function rawLastWritten(baseBlockBytes: Uint8Array): bigint {
  return new DataView(baseBlockBytes.buffer, baseBlockBytes.byteOffset, 20).getBigUint64(12, true);
}

/** Plans the replay of parsed logs (each parsed without error) onto a dirty primary. */
export function planReplay(primary: PrimaryState, logs: readonly LogFile[]): ReplayPlan {
  const skipped: SkippedLog[] = [];
  const anomalies: Anomaly[] = [];
  const own = logs.filter((log) => {
    const why = foreignReason(primary, log);
    if (why === null) return true;
    skipped.push({ name: log.name, reason: `foreign log: ${why}` });
    anomalies.push({ code: 'log-foreign', severity: 'warning', message: `${log.name}: not a log of this hive (${why})`, structure: 'base-block', offset: 0 });
    return false;
  });
  const newLogs = own.filter((l): l is NewFormatLog => l.format === 'HvLE');
  const oldLogs = own.filter((l): l is OldFormatLog => l.format === 'DIRT');
  if (newLogs.length > 0) {
    for (const l of oldLogs) skipped.push({ name: l.name, reason: 'old-format log ignored: the hive has new-format logs' });
    return primary.baseBlockValid ? planNew(primary, newLogs, skipped, anomalies) : planNewFromLogBaseBlock(newLogs, skipped, anomalies);
  }
  if (oldLogs.length > 0) {
    // Several applicable old logs: the one written last (highest sequence number) holds the newest pages.
    const chosen = oldLogs.reduce((a, b) => (seqBefore(a.baseBlock.primarySequence, b.baseBlock.primarySequence) ? b : a));
    for (const l of oldLogs) if (l !== chosen) skipped.push({ name: l.name, reason: `${chosen.name} is newer (sequence ${chosen.baseBlock.primarySequence})` });
    return { format: 'DIRT', log: chosen, skipped, anomalies };
  }
  return { format: null, skipped, anomalies };
}

/** Why a log belongs to another hive (or another write cycle of this one), or null if it is ours. */
function foreignReason(primary: PrimaryState, log: LogFile): string | null {
  const logTime = rawLastWritten(log.baseBlockBytes);
  if (primary.baseBlockValid) {
    // Both formats copy the base block from memory: the timestamp and the name must be the primary's.
    if (logTime !== primary.lastWritten) return `last-written timestamp 0x${logTime.toString(16)} != hive's 0x${primary.lastWritten.toString(16)}`;
    if (log.baseBlock.fileName !== primary.fileName) return `file name "${log.baseBlock.fileName}" != hive's "${primary.fileName}"`;
    return null;
  }
  // The first bin keeps an older copy of the timestamp (seen in yarp BadBaseBlockHive): accept logs not older.
  if (primary.firstBinTimestamp !== null && logTime < primary.firstBinTimestamp) {
    return `last-written timestamp 0x${logTime.toString(16)} is older than the hive's first bin (0x${primary.firstBinTimestamp.toString(16)})`;
  }
  return null;
}

/** Valid primary: entries from the primary's secondary sequence on, across logs in sequence order, no gaps. */
function planNew(primary: PrimaryState, logs: NewFormatLog[], skipped: SkippedLog[], anomalies: Anomaly[]): ReplayPlan {
  const ordered = [...logs].sort((a, b) => seqCompare(a.baseBlock.primarySequence, b.baseBlock.primarySequence));
  const steps: PlannedLog[] = [];
  let next: number | null = null;
  let stopped = false;
  for (const log of ordered) {
    if (stopped) {
      skipped.push({ name: log.name, reason: 'replay stopped at a sequence gap' });
      continue;
    }
    const take: HvleEntry[] = [];
    for (const e of log.entries) {
      if (next === null) {
        // Entries before the primary's secondary sequence number are already in the primary file.
        if (seqBefore(e.sequence, primary.secondarySequence)) continue;
        next = e.sequence;
      }
      if (e.sequence === next) {
        take.push(e);
        next = (next + 1) >>> 0;
      } else if (seqBefore(e.sequence, next)) {
        continue; // also in the log applied before this one
      } else {
        anomalies.push({
          code: 'hvle-sequence-gap',
          severity: 'warning',
          message: `${log.name}: entry ${e.sequence} does not follow ${(next - 1) >>> 0}; replay stops there`,
          structure: 'HvLE',
          offset: e.offset,
        });
        stopped = true;
        break;
      }
    }
    if (take.length > 0) steps.push({ log, entries: take });
    else if (!stopped) skipped.push({ name: log.name, reason: log.entries.length === 0 ? 'no valid entries' : 'all entries are already in the hive' });
    else skipped.push({ name: log.name, reason: 'replay stopped at a sequence gap' });
  }
  return { format: 'HvLE', steps, baseBlockFrom: null, skipped, anomalies };
}

/** Invalid primary base block: Windows takes the base block from the newest log and replays that log alone. */
function planNewFromLogBaseBlock(logs: NewFormatLog[], skipped: SkippedLog[], anomalies: Anomaly[]): ReplayPlan {
  const newest = logs.reduce((a, b) => (seqBefore(a.baseBlock.primarySequence, b.baseBlock.primarySequence) ? b : a));
  for (const l of logs) if (l !== newest) skipped.push({ name: l.name, reason: `primary base block invalid: only the newest log (${newest.name}) is replayed` });
  if (newest.entries.length === 0) {
    skipped.push({ name: newest.name, reason: 'no valid entries' });
    return { format: null, skipped, anomalies };
  }
  return { format: 'HvLE', steps: [{ log: newest, entries: newest.entries }], baseBlockFrom: newest, skipped, anomalies };
}

function seqCompare(a: number, b: number): number {
  if (a === b) return 0;
  return seqBefore(a, b) ? -1 : 1;
}
