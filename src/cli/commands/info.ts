/** `rdslic info <input>`: header fields, dirty or clean, checksum, version, logs applied, counts, anomalies. */
import { hiveStats } from '../../regf/hive-stats.js';
import type { Anomaly } from '../../view/anomaly.js';
import { walkKeys } from '../../view/walk.js';
import { statSync } from 'node:fs';
import { discoverHosts, loadHost } from '../../node/discovery/index.js';
import { unaccountedInput } from '../../node/discovery/named-inputs.js';
import { UsageError } from '../../node/usage-error.js';
import { openInput, type OpenedHive, type OpenedRegText } from '../../node/open-input.js';
import { formatAnomaly } from '../format-anomaly.js';

function isCollection(path: string): boolean {
  try {
    return statSync(path).isDirectory() || /\.zip$/i.test(path);
  } catch {
    return false;
  }
}

export interface InfoOptions {
  json?: boolean;
  logs?: boolean;
  log?: string[];
}

/** Folders and zips: the hosts discovery finds, each with its inputs (kind, format, dirty state, logs). */
async function hostsInfo(path: string, opts: InfoOptions, out: (s: string) => void): Promise<void> {
  const d = await discoverHosts([path], { logs: opts.logs, extraLogs: opts.log ?? [] });
  // As analyze: a folder or archive with nothing to analyse is an input error, not "0 host(s)".
  if (d.hosts.length === 0) throw new UsageError(unaccountedInput([path], opts.log ?? [], d) ?? `${path}: no registry hives or .reg exports found`);
  const hosts = [];
  for (const plan of d.hosts) {
    const ev = await loadHost(plan);
    hosts.push({
      label: ev.label,
      inputs: ev.inputs.map((i) => ({ path: i.path, kind: i.kind, format: i.format, size: i.size, sha256: i.sha256, dirty: i.dirty, logsApplied: i.logsApplied, logsMissing: i.logsMissing, anomalies: i.anomalies.length })),
      auxiliary: ev.auxiliary.map((a) => ({ path: a.path, role: a.role })),
    });
  }
  if (opts.json) {
    out(JSON.stringify({ path, hosts, ignored: d.ignored, anomalies: d.anomalies }, null, 2) + '\n');
    return;
  }
  const lines = [`${path}: ${hosts.length} host(s)`];
  for (const h of hosts) {
    lines.push(`  ${h.label}`);
    for (const i of h.inputs) {
      const logs = i.logsApplied.length ? `, logs ${i.logsApplied.map((l) => `${l.path} (${l.entries} ${l.format === 'DIRT' ? 'pages' : 'entries'}, ${l.sequenceBefore}→${l.sequenceAfter})`).join(', ')}` : i.logsMissing ? ', DIRTY, no logs applied' : i.dirty ? ', dirty' : '';
      lines.push(`    ${i.kind.padEnd(8)} ${i.format.padEnd(4)} ${i.path}${logs}${i.anomalies ? `, ${i.anomalies} anomalies` : ''}`);
    }
    for (const a of h.auxiliary) lines.push(`    ${'DPAPI'.padEnd(8)} key  ${a.path}`);
  }
  if (d.ignored.length) lines.push(`  ignored: ${d.ignored.length} file(s)`, ...d.ignored.slice(0, 20).map((i) => `    ${i.path}: ${i.reason}`));
  if (d.ignored.length > 20) lines.push(`    … ${d.ignored.length - 20} more (use --json)`);
  out(lines.join('\n') + '\n');
}

export async function infoCommand(path: string, opts: InfoOptions, out: (s: string) => void): Promise<void> {
  if (isCollection(path)) return hostsInfo(path, opts, out);
  const input = openInput(path, { logs: opts.logs, logPaths: opts.log });
  const info = input.format === 'regf' ? hiveInfo(input) : regInfo(input);
  if (opts.json) out(JSON.stringify(info, null, 2) + '\n');
  else out(formatText(info) + '\n');
}

type Info = ReturnType<typeof hiveInfo> | ReturnType<typeof regInfo>;

function hiveInfo(input: OpenedHive) {
  const bb = input.primary.baseBlock;
  const stats = hiveStats(input.hive);
  const replay = input.replay;
  return {
    path: input.path,
    size: input.size,
    sha256: input.sha256,
    format: 'regf' as const,
    version: `${bb.majorVersion}.${bb.minorVersion}`,
    fileName: bb.fileName,
    lastWritten: bb.lastWritten?.toISOString() ?? null,
    sequence: { primary: bb.primarySequence, secondary: bb.secondarySequence },
    dirty: input.primary.dirty,
    checksum: { stored: hex(bb.storedChecksum), computed: hex(bb.computedChecksum), valid: bb.checksumValid },
    rootCellOffset: hex(bb.rootCellOffset),
    hiveBinsDataSize: bb.hiveBinsDataSize,
    offreg: bb.offreg,
    logs: {
      found: input.logs,
      applied: replay?.applied ?? [],
      skipped: replay?.skipped ?? [],
      sequenceAfter: replay && replay.applied.length > 0 ? replay.sequenceAfter : null,
      missing: input.primary.dirty && (replay?.applied.length ?? 0) === 0,
    },
    counts: stats,
    anomalies: [...input.hive.anomalies, ...(replay?.anomalies ?? [])] as Anomaly[],
    anomaliesDropped: input.hive.droppedAnomalies,
  };
}

function regInfo(input: OpenedRegText) {
  const r = input.result;
  return {
    path: input.path,
    size: input.size,
    sha256: input.sha256,
    format: 'reg' as const,
    dialect: r.dialect,
    encoding: r.encoding,
    hives: r.hives.map((h) => {
      let keys = 0;
      let values = 0;
      walkKeys(h.view.root, (k) => {
        keys++;
        values += k.values().length;
      });
      return { root: h.root, prefix: h.prefix, userSid: h.userSid ?? null, keys, values };
    }),
    anomalies: r.anomalies,
    anomaliesDropped: r.anomaliesDropped,
  };
}

function formatText(info: Info): string {
  const lines = [info.path, `  size        ${info.size} bytes, sha256 ${info.sha256}`];
  if (info.format === 'regf') {
    lines.push(
      `  format      regf ${info.version}${info.offreg ? ' (written by offreg.dll)' : ''}`,
      `  name        ${printable(info.fileName)}`,
      `  written     ${info.lastWritten ?? 'unknown'}`,
      `  sequence    ${info.sequence.primary} / ${info.sequence.secondary} (${info.dirty ? 'DIRTY' : 'clean'})`,
      `  checksum    ${info.checksum.stored} (${info.checksum.valid ? 'valid' : `INVALID, computed ${info.checksum.computed}`})`,
      `  root        ${info.rootCellOffset}, bins ${info.counts.bins}, hive-bins size ${info.hiveBinsDataSize}`,
    );
    for (const a of info.logs.applied) {
      lines.push(`  log applied ${a.name}: ${a.format}, ${a.entries} ${a.format === 'DIRT' ? 'pages' : 'entries'}, sequence ${a.sequenceBefore} → ${a.sequenceAfter}`);
    }
    for (const s of info.logs.skipped) lines.push(`  log skipped ${s.name}: ${s.reason}`);
    if (info.logs.missing) lines.push('  logs        none applied: the hive is dirty, its newest changes may be missing');
    lines.push(`  counts      ${info.counts.keys} keys, ${info.counts.values} values, depth ${info.counts.maxDepth}${info.logs.sequenceAfter ? ' (after replay)' : ''}`);
  } else {
    lines.push(`  format      .reg (${info.dialect}, ${info.encoding})`);
    for (const h of info.hives) lines.push(`  hive        ${h.root}${h.userSid ? ` (${h.userSid})` : ''}: ${h.keys} keys, ${h.values} values`);
  }
  lines.push(`  anomalies   ${info.anomalies.length + info.anomaliesDropped}`);
  for (const a of info.anomalies.slice(0, 50)) lines.push(`    ${formatAnomaly(a)}`);
  if (info.anomalies.length > 50) lines.push(`    … ${info.anomalies.length - 50} more (use --json)`);
  return lines.join('\n');
}

// In its own module so that `dump` can print warnings without loading `info` (and host discovery with it).
export { formatAnomaly };

/** Hive text as it reads (\REGISTRY\MACHINE\SYSTEM), with control and invisible characters shown as \u{…}. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
