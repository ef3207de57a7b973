/**
 * Opens one input file for `dump` and `info`: a binary hive (with its transaction logs replayed in memory when it
 * is dirty) or a .reg export. Reads are read-only; the evidence is never written, and logs are looked up beside
 * the file or taken from the caller.
 */
import { UsageError } from './usage-error.js';
import { hasRegfSignature } from '../regf/base-block.js';
import { HiveFormatError, openHive, type RegfHive } from '../regf/hive.js';
import { replayLogs, type ReplayResult } from '../regf/log/replay.js';
import { parseRegText, type RegTextResult } from '../regtext/index.js';
import { displayPath } from './display-path.js';
import { logsBeside } from './logs-beside.js';
import { readEvidenceFile, sha256 } from './read-file.js';
import { archiveMember, isArchive, zipHint } from './archive-member.js';

export interface LogFileRead {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface OpenedHive {
  readonly format: 'regf';
  /** As shown (`/`-separated, see display-path.ts). */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** The view actually read: the replayed copy when logs were applied. */
  readonly hive: RegfHive;
  /** The primary as it is on disk (its header is what `info` shows as "before"). */
  readonly primary: RegfHive;
  readonly replay: ReplayResult | null;
  readonly logs: readonly LogFileRead[];
}

export interface OpenedRegText {
  readonly format: 'reg';
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly result: RegTextResult;
}

export type OpenedInput = OpenedHive | OpenedRegText;

export interface OpenInputOptions {
  /** Replay transaction logs of a dirty hive (default true). */
  readonly logs?: boolean;
  /** Log files given explicitly instead of looking beside the hive. */
  readonly logPaths?: readonly string[];
}

export function openInput(path: string, options: OpenInputOptions = {}): OpenedInput {
  // `x.zip!/inner/SYSTEM`, as `info` and the reports name a hive inside an archive: read in memory from the zip.
  const member = archiveMember(path);
  if (!member && isArchive(path)) throw new UsageError(`${path}: ${zipHint(path)}`);
  const bytes = member ? member.read() : readEvidenceFile(path);
  // Hashed on first use: `info` reports it, `dump` does not need it.
  let digest: string | null = null;
  const hash = () => (digest ??= sha256(bytes));
  if (!hasRegfSignature(bytes)) {
    const result = parseRegText(bytes, displayPath(path));
    if (result.refused) {
      // Neither a hive nor a .reg export: the hive reader's refusal says what it is (CREG, log, text…).
      try {
        openHive(bytes);
      } catch (e) {
        if (e instanceof HiveFormatError) throw new UsageError(`${path}: ${e.message}`);
      }
      throw new UsageError(`${path}: ${result.refused.message}`);
    }
    return { format: 'reg', path: displayPath(path), size: bytes.length, get sha256() { return hash(); }, result };
  }
  const primary = open(path, bytes);
  let hive = primary;
  let replay: ReplayResult | null = null;
  const logs: LogFileRead[] = [];
  if (primary.dirty && options.logs !== false) {
    const logPaths = options.logPaths ?? (member ? member.logsBeside() : logsBeside(path));
    const logInputs = logPaths.map((p) => {
      const b = member && options.logPaths === undefined ? member.readSibling(p) : readEvidenceFile(p);
      logs.push({ path: displayPath(p), sha256: sha256(b), size: b.length });
      return { name: displayPath(p), bytes: b };
    });
    if (logInputs.length > 0) {
      replay = replayLogs(bytes, logInputs);
      if (replay.applied.length > 0) hive = open(path, replay.bytes);
    }
  }
  return { format: 'regf', path: displayPath(path), size: bytes.length, get sha256() { return hash(); }, hive, primary, replay, logs };
}

function open(path: string, bytes: Uint8Array): RegfHive {
  try {
    return openHive(bytes);
  } catch (e) {
    if (e instanceof HiveFormatError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}
