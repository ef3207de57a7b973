/** `rdslic dump <input> --format jsonl [--key PATH] [--no-logs] [--deleted]`: hives and .reg exports alike. */
// Artifact parsers and deleted-record recovery are imported when asked for: a plain dump does not load them.
import { ARTIFACT_NAMES, type ArtifactName } from '../../dump/artifact-names.js';
import { dumpJsonl } from '../../dump/jsonl.js';
import { parseUserKeyPath, resolveUserKey } from '../../dump/resolve-key.js';
import { openInput } from '../../node/open-input.js';
import type { HiveView } from '../../view/registry-view.js';
import { UsageError } from '../../node/usage-error.js';
import { formatAnomaly } from '../format-anomaly.js';

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

export async function dumpCommand(path: string, opts: DumpCommandOptions, out: (s: string | Uint8Array) => void, warn: (s: string) => void): Promise<void> {
  if (opts.format !== 'jsonl') throw new UsageError(`unknown dump format "${opts.format}" (supported: jsonl)`);
  if (opts.artifact !== undefined && !(ARTIFACT_NAMES as readonly string[]).includes(opts.artifact))
    throw new UsageError(`unknown artifact "${opts.artifact}" (supported: ${ARTIFACT_NAMES.join(', ')})`);
  if (opts.artifact !== undefined && opts.deleted) throw new UsageError('--artifact and --deleted cannot be combined');
  const input = openInput(path, { logs: opts.logs, logPaths: opts.log });
  const views: { view: HiveView; root?: string }[] = [];
  if (input.format === 'regf' && opts.deleted) {
    // Recovered records only, each marked deleted with its offset: never mixed into the live listing.
    const [{ recoverDeleted }, { dumpDeletedJsonl }] = await Promise.all([import('../../regf/recover/index.js'), import('../../dump/deleted.js')]);
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
    // A key path that names its hive (HKLM\SOFTWARE\…) picks it in a multi-hive export, as --hive would.
    const named = opts.key && !opts.hive ? parseUserKeyPath(opts.key) : null;
    const pick = opts.hive ?? (named && !('error' in named) && input.result.hives.some((h) => h.root.toUpperCase() === named.hive) ? named.hive : undefined);
    const hives = input.result.hives.filter((h) => !pick || h.root.toUpperCase() === pick.toUpperCase());
    if (hives.length === 0) throw new UsageError(`${path}: no ${opts.hive ?? ''} keys in this .reg file`.replace('  ', ' '));
    if (hives.length > 1 && opts.key) throw new UsageError(`${path}: holds several hives (${hives.map((h) => h.root).join(', ')}); choose one with --hive`);
    for (const h of hives) views.push({ view: h.view, root: hives.length > 1 ? h.root + (h.userSid ? `\\${h.userSid}` : '') : undefined });
  }
  if (opts.artifact) {
    // Execution artifacts of each hive (a .reg export's hives in turn); an absent artifact prints nothing.
    const { dumpArtifactJsonl } = await import('../../dump/artifacts.js');
    for (const { view } of views) for (const a of dumpArtifactJsonl(view, opts.artifact as ArtifactName, out).anomalies) warn(`${path}: ${formatAnomaly(a)}`);
    return;
  }
  let found = false;
  let notFound = `key not found: ${opts.key}`;
  for (const { view, root } of views) {
    // The paths rdslic prints (SYSTEM\…, HKLM\…, CurrentControlSet\…, / or \) name the same key.
    let keyPath: string | undefined;
    if (opts.key !== undefined) {
      const r = resolveUserKey(view, opts.key);
      if ('error' in r) {
        notFound = r.error;
        continue;
      }
      keyPath = r.path;
    }
    const problems = dumpJsonl(view, out, { keyPath, locations: opts.locations, hive: root });
    if (problems === null) continue;
    found = true;
    for (const a of [...view.anomalies, ...problems]) warn(`${path}: ${formatAnomaly(a)}`);
  }
  if (!found) throw new UsageError(`${path}: ${notFound}`);
}
