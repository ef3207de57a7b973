/** `rdslic dump <input> --format jsonl [--key PATH] [--no-logs]`. */
import { dumpJsonl } from '../../dump/jsonl.js';
import { openHive } from '../../regf/hive.js';
import { readEvidenceFile } from '../../node/read-file.js';
import { UsageError } from '../errors.js';
import { openHiveOrFail } from '../open.js';

export interface DumpCommandOptions {
  format: string;
  key?: string;
  logs: boolean;
  locations?: boolean;
}

export function dumpCommand(path: string, opts: DumpCommandOptions, out: (s: string | Uint8Array) => void, warn: (s: string) => void): void {
  if (opts.format !== 'jsonl') throw new UsageError(`unknown dump format "${opts.format}" (supported: jsonl)`);
  const bytes = readEvidenceFile(path);
  const hive = openHiveOrFail(path, () => openHive(bytes));
  const problems = dumpJsonl(hive, out, { keyPath: opts.key, locations: opts.locations });
  if (!problems) throw new UsageError(`${path}: key not found: ${opts.key}`);
  for (const a of [...hive.anomalies, ...problems]) warn(`${path}: ${a.code}${a.offset !== undefined ? ` at 0x${a.offset.toString(16)}` : ''}: ${a.message}`);
}
