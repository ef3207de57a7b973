/**
 * Every input named on the command line is accounted for: a file, archive or folder the user named that gave
 * nothing to analyse ends the run with one line naming it and why (exit 2), instead of the rest getting a verdict
 * as if it had been read. Files found inside a folder or archive input may be ignored: they are listed in the
 * report with their reason.
 */
import { statSync } from 'node:fs';
import type { IgnoredFile } from '../../evidence/virtual-file.js';
import { displayJoin, displayPath } from '../display-path.js';
import type { DiscoveryResult } from './discover.js';

function kind(path: string): 'dir' | 'file' | null {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Every path discovery put into a host (hives, their logs, key material). */
function usedPaths(d: DiscoveryResult): string[] {
  const out: string[] = [];
  for (const h of d.hosts) {
    for (const hive of h.hives) {
      out.push(hive.file.path);
      for (const l of hive.logs) out.push(l.path);
    }
    for (const a of h.auxiliary) out.push(a.file.path);
  }
  return out;
}

function summary(ignored: readonly IgnoredFile[], prefix: string): string {
  if (ignored.length === 0) return 'no files in it';
  if (ignored.every((i) => /encrypted/i.test(i.reason))) {
    return `its ${ignored.length === 1 ? 'member is' : `${ignored.length} members are`} encrypted (a password-protected zip); rdslic takes no passwords: extract it first and analyse the folder`;
  }
  const first = ignored[0];
  const name = first.path.startsWith(prefix) ? first.path.slice(prefix.length) : first.path;
  return `${ignored.length} file(s) ignored, e.g. ${name}: ${first.reason}`;
}

/**
 * The one-line reason a named input gave nothing, or null when every named input was used. `inputs` as given
 * on the command line; `logs` are the files named with --log.
 */
export function unaccountedInput(inputs: readonly string[], logs: readonly string[], d: DiscoveryResult): string | null {
  const used = usedPaths(d);
  const ignoredAt = (p: string) => d.ignored.find((i) => i.path === p);
  for (const named of inputs) {
    const k = kind(named);
    // Reports show paths with `/` on every platform (display-path.ts); so does this comparison.
    const input = displayPath(named);
    if (k === 'dir') {
      // Files inside are shown as displayJoin(input, relPath): this is the part before relPath.
      const prefix = displayJoin(input, 'x').slice(0, -1);
      if (used.some((p) => p.startsWith(prefix))) continue;
      return `${input}: no registry hive or .reg export in this folder: ${summary(d.ignored.filter((i) => i.path.startsWith(prefix)), prefix)}`;
    }
    if (k !== 'file') continue;
    const archivePrefix = `${input}!/`;
    if (used.some((p) => p === input || p.startsWith(archivePrefix))) continue;
    const own = ignoredAt(input);
    const members = d.ignored.filter((i) => i.path.startsWith(archivePrefix));
    if (own && members.length === 0) return `${input}: ${own.reason}`;
    if (members.length > 0 || own) return `${input}: no registry hive or .reg export could be read in this archive: ${summary(members, archivePrefix)}`;
    return `${input}: not used (no host could be formed from it)`;
  }
  for (const named of logs) {
    const log = displayPath(named);
    if (used.includes(log)) continue;
    const own = ignoredAt(log);
    return `--log ${log}: ${own ? own.reason : 'not used: it matches no hive of this run'}`;
  }
  return null;
}
