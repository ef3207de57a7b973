/** `rdslic dump <input> --format jsonl [--key PATH] [--no-logs] [--deleted]`: hives and .reg exports alike. */
import { ARTIFACT_NAMES, dumpArtifactJsonl, type ArtifactName } from '../../dump/artifacts.js';
import { dumpDeletedJsonl } from '../../dump/deleted.js';
import { dumpJsonl } from '../../dump/jsonl.js';
import { recoverDeleted } from '../../regf/recover/index.js';
import { openInput } from '../../node/open-input.js';
import type { HiveView } from '../../view/registry-view.js';
import { UsageError } from '../errors.js';
import { formatAnomaly } from './info.js';

export interface DumpCommandOptions {
  format: string;
  key?: string;
  logs: boolean;
  log?: string[];
  locations?: boolean;
  hive?: string;
  deleted?: boolean;
  artifact?: string;
}

export function dumpCommand(path: string, opts: DumpCommandOptions, out: (s: string | Uint8Array) => void, warn: (s: string) => void): void {
  if (opts.format !== 'jsonl') throw new UsageError(`unknown dump format "${opts.format}" (supported: jsonl)`);
  if (opts.artifact !== undefined && !(ARTIFACT_NAMES as readonly string[]).includes(opts.artifact))
    throw new UsageError(`unknown artifact "${opts.artifact}" (supported: ${ARTIFACT_NAMES.join(', ')})`);
  if (opts.artifact !== undefined && opts.deleted) throw new UsageError('--artifact and --deleted cannot be combined');
  const input = openInput(path, { logs: opts.logs, logPaths: opts.log });
  const views: { view: HiveView; root?: string }[] = [];
  if (input.format === 'regf' && opts.deleted) {
    // Recovered records only, each marked deleted with its offset: never mixed into the live listing.
    const r = recoverDeleted(input.hive);
    dumpDeletedJsonl(r, out);
    for (const a of r.anomalies) warn(`${path}: ${formatAnomaly(a)}`);
    return;
  }
  if (opts.deleted) throw new UsageError(`${path}: --deleted needs a binary hive (.reg exports hold no deleted records)`);
  if (input.format === 'regf') {
    views.push({ view: input.hive });
    for (const a of input.replay?.anomalies ?? []) warn(`${path}: ${formatAnomaly(a)}`);
  } else {
    const hives = input.result.hives.filter((h) => !opts.hive || h.root.toUpperCase() === opts.hive.toUpperCase());
    if (hives.length === 0) throw new UsageError(`${path}: no ${opts.hive ?? ''} keys in this .reg file`.replace('  ', ' '));
    if (hives.length > 1 && opts.key) throw new UsageError(`${path}: holds several hives (${hives.map((h) => h.root).join(', ')}); choose one with --hive`);
    for (const h of hives) views.push({ view: h.view, root: hives.length > 1 ? h.root + (h.userSid ? `\\${h.userSid}` : '') : undefined });
  }
  if (opts.artifact) {
    // Execution artifacts of each hive (a .reg export's hives in turn); an absent artifact prints nothing.
    for (const { view } of views) for (const a of dumpArtifactJsonl(view, opts.artifact as ArtifactName, out).anomalies) warn(`${path}: ${formatAnomaly(a)}`);
    return;
  }
  let found = false;
  for (const { view, root } of views) {
    const problems = dumpJsonl(view, out, { keyPath: opts.key, locations: opts.locations, hive: root });
    if (problems === null) continue;
    found = true;
    for (const a of [...view.anomalies, ...problems]) warn(`${path}: ${formatAnomaly(a)}`);
  }
  if (!found) throw new UsageError(`${path}: key not found: ${opts.key}`);
}
