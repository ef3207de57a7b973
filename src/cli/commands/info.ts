/** `rdslic info <input>`: header fields, dirty or clean, checksum, version, logs applied, counts, anomalies. */
import { hiveStats } from '../../regf/hive-stats.js';
import type { Anomaly } from '../../view/anomaly.js';
import { walkKeys } from '../../view/walk.js';
import { openInput, type OpenedHive, type OpenedRegText } from '../../node/open-input.js';

export interface InfoOptions {
  json?: boolean;
  logs?: boolean;
  log?: string[];
}

export function infoCommand(path: string, opts: InfoOptions, out: (s: string) => void): void {
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
      `  name        ${JSON.stringify(info.fileName)}`,
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

export function formatAnomaly(a: Anomaly): string {
  const where = a.offset !== undefined ? ` @0x${a.offset.toString(16)}` : a.line !== undefined ? ` line ${a.line}${a.column ? `:${a.column}` : ''}` : '';
  return `[${a.severity}] ${a.code}${where}: ${a.message}`;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
