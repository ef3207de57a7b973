/**
 * Command-line inputs → host plans, and a plan → HostEvidence, for Node.
 *
 * - `discoverHosts(inputs, { logs, extraLogs, limits })`: each input is a folder (walked; every `.zip` inside it
 *   is a collection of its own), a zip archive (read in place), or a loose file (all loose files together are
 *   one flat group, and the logs beside each loose hive on disk are picked up). Returns plans (no hive bytes),
 *   every ignored file with its reason, and anomalies. Throws UsageError only for an input path that does not
 *   exist or cannot be opened; everything found inside inputs is recorded, never thrown.
 * - `loadHost(plan, { logs })`: reads, hashes (SHA-256), opens and replays one host (see loadHostPlan).
 * Inputs are opened read-only and nothing is written anywhere.
 */
import { statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { loadHostPlan } from '../../evidence/load-host.js';
import { planHosts, type HostPlan } from '../../evidence/plan.js';
import { sniff } from '../../evidence/sniff.js';
import type { HostEvidence } from '../../evidence/types.js';
import type { Collection, IgnoredFile, VirtualFile } from '../../evidence/virtual-file.js';
import { DEFAULT_ZIP_LIMITS, type ZipEntry, type ZipLimits } from '../../evidence/zip/zip-archive.js';
import { zipCollection } from '../../evidence/zip/zip-collection.js';
import { fileStoreLabel } from '../../evidence/velociraptor.js';
import type { Anomaly } from '../../view/anomaly.js';
import { UsageError } from '../usage-error.js';
import { displayJoin, displayPath } from '../display-path.js';
import { logsBeside } from '../logs-beside.js';
import { sha256Overlapped } from '../hash-worker.js';
import { beginDiscovery, diskFile, fileAccess, type FileOrigin } from './file-access.js';
import { DEFAULT_WALK_LIMITS, walkDirectory, type WalkLimits } from './walk.js';

export type { HostPlan } from '../../evidence/plan.js';

export interface DiscoveryLimits {
  readonly walk: WalkLimits;
  readonly zip: ZipLimits;
}

export interface DiscoverOptions {
  /** Replay transaction logs into dirty hives when loading (default true). */
  readonly logs?: boolean;
  /** Log files named explicitly; each goes to the hives whose name it matches. */
  readonly extraLogs?: readonly string[];
  readonly limits?: { readonly walk?: Partial<WalkLimits>; readonly zip?: Partial<ZipLimits> };
}

export interface DiscoveryResult {
  readonly hosts: HostPlan[];
  readonly ignored: IgnoredFile[];
  readonly anomalies: Anomaly[];
}

const ZIP_NAME = /\.zip$/i;
const posix = (p: string) => p.split(sep).join('/');
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

function statInput(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot open (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The deepest folder holding every one of `dirs` (absolute paths); the first one when they share nothing (other drives). */
function commonFolder(dirs: readonly string[]): string {
  const split = dirs.map((d) => d.split(sep));
  const common: string[] = [];
  for (let i = 0; split.every((parts) => i < parts.length && parts[i] === split[0][i]); i++) common.push(split[0][i]);
  if (common.length === 0) return dirs[0];
  return common.length === 1 && common[0] === '' ? sep : common.join(sep);
}

function isZipFile(abs: string, size: number): boolean {
  if (ZIP_NAME.test(abs)) return true;
  try {
    return sniff(diskFile(abs, abs, basename(abs), size).head(4)).kind === 'zip';
  } catch {
    return false;
  }
}

export async function discoverHosts(inputs: readonly string[], options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  beginDiscovery();
  const limits: DiscoveryLimits = { walk: { ...DEFAULT_WALK_LIMITS, ...options.limits?.walk }, zip: { ...DEFAULT_ZIP_LIMITS, ...options.limits?.zip } };
  const collections: Collection[] = [];
  const archives: Collection[] = [];
  const ignored: IgnoredFile[] = [];
  const anomalies: Anomaly[] = [];
  const loose = new Map<string, VirtualFile>();

  const addZip = (abs: string, display: string, size: number) => {
    try {
      const origin = (entry: ZipEntry): FileOrigin => ({ kind: 'zip', abs, size, entry, limits: limits.zip });
      archives.push(zipCollection(display, basename(abs).replace(ZIP_NAME, ''), fileAccess(abs, size), limits.zip, origin));
    } catch (e) {
      ignored.push({ path: display, reason: message(e) });
      anomalies.push({ code: 'zip-refused', severity: 'error', message: `${display}: ${message(e)}` });
    }
  };

  for (const input of inputs) {
    const abs = resolve(input);
    const st = statInput(input);
    if (st.isDirectory()) {
      const walked = walkDirectory(abs, displayPath(input), limits.walk);
      ignored.push(...walked.ignored);
      anomalies.push(...walked.anomalies);
      const files: VirtualFile[] = [];
      for (const f of walked.files) {
        const display = displayJoin(input, f.relPath);
        if (ZIP_NAME.test(f.relPath)) addZip(f.abs, display, f.size);
        else files.push(diskFile(f.abs, display, f.relPath, f.size));
      }
      // A flow folder of Velociraptor's file store is named after its client and flow, not the bare flow id.
      collections.push({ name: fileStoreLabel(posix(abs).split('/')) ?? basename(abs), location: displayPath(input), files });
    } else if (st.isFile()) {
      if (isZipFile(abs, st.size)) {
        addZip(abs, displayPath(input), st.size);
        continue;
      }
      loose.set(abs, diskFile(abs, displayPath(input), posix(abs).replace(/^\/+/, ''), st.size));
      for (const log of siblingLogs(abs)) {
        if (loose.has(log.abs)) continue;
        loose.set(log.abs, diskFile(log.abs, displayJoin(dirname(input), basename(log.abs)), posix(log.abs).replace(/^\/+/, ''), log.size));
      }
    } else {
      ignored.push({ path: displayPath(input), reason: 'not a regular file or folder' });
    }
  }
  if (loose.size > 0) {
    // Named after the folder holding them all: loose files from several folders are not all labelled after the first's.
    const folder = commonFolder([...loose.keys()].map((k) => dirname(k)));
    collections.push({ name: basename(folder) || folder, location: displayPath(folder), loose: true, files: [...loose.values()] });
  }

  collections.push(...archives);
  const extraLogs: VirtualFile[] = [];
  for (const p of options.extraLogs ?? []) {
    const abs = resolve(p);
    const st = statInput(p);
    if (!st.isFile()) ignored.push({ path: displayPath(p), reason: 'extra log is not a file' });
    else extraLogs.push(diskFile(abs, displayPath(p), basename(abs), st.size));
  }

  const plan = planHosts(collections, { extraLogs, logs: options.logs !== false });
  ignored.push(...plan.ignored);
  ignored.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { hosts: plan.hosts, ignored, anomalies: [...anomalies, ...plan.anomalies] };
}

/** The transaction logs beside a hive given on its own (NAME.LOG1/.LOG2/.LOG, any case), with their sizes. */
function siblingLogs(abs: string): { abs: string; size: number }[] {
  const out: { abs: string; size: number }[] = [];
  for (const p of logsBeside(abs)) {
    try {
      const st = statSync(p);
      if (st.isFile()) out.push({ abs: p, size: st.size });
    } catch {
      // vanished or unreadable: the hive is loaded without it
    }
  }
  return out;
}

/** Reads, hashes and opens one planned host; `logs` overrides the plan's replay setting. */
export function loadHost(plan: HostPlan, options: { logs?: boolean } = {}): Promise<HostEvidence> {
  return loadHostPlan(plan, { hash: sha256Overlapped, ...(options.logs !== undefined ? { logs: options.logs } : {}) });
}
