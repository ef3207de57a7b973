/** `rdslic info <hive>`: header fields, dirty or clean, checksum, version, counts, anomalies. */
import { openHive } from '../../regf/hive.js';
import { hiveStats } from '../../regf/hive-stats.js';
import { readEvidenceFile, sha256 } from '../../node/read-file.js';
import { openHiveOrFail } from '../open.js';

export interface InfoOptions {
  json?: boolean;
}

export function infoCommand(path: string, opts: InfoOptions, out: (s: string) => void): void {
  const bytes = readEvidenceFile(path);
  const hive = openHiveOrFail(path, () => openHive(bytes));
  const bb = hive.baseBlock;
  const stats = hiveStats(hive);
  const info = {
    path,
    size: bytes.length,
    sha256: sha256(bytes),
    format: 'regf',
    version: `${bb.majorVersion}.${bb.minorVersion}`,
    fileName: bb.fileName,
    lastWritten: bb.lastWritten?.toISOString() ?? null,
    sequence: { primary: bb.primarySequence, secondary: bb.secondarySequence },
    dirty: hive.dirty,
    checksum: { stored: hex(bb.storedChecksum), computed: hex(bb.computedChecksum), valid: bb.checksumValid },
    rootCellOffset: hex(bb.rootCellOffset),
    hiveBinsDataSize: bb.hiveBinsDataSize,
    offreg: bb.offreg,
    counts: stats,
    anomalies: hive.anomalies,
    anomaliesDropped: hive.droppedAnomalies,
  };
  if (opts.json) {
    out(JSON.stringify(info, null, 2) + '\n');
    return;
  }
  const lines = [
    `${path}`,
    `  format      regf ${info.version}${bb.offreg ? ' (written by offreg.dll)' : ''}`,
    `  size        ${info.size} bytes, sha256 ${info.sha256}`,
    `  name        ${JSON.stringify(bb.fileName)}`,
    `  written     ${info.lastWritten ?? 'unknown'}`,
    `  sequence    ${bb.primarySequence} / ${bb.secondarySequence} (${hive.dirty ? 'DIRTY' : 'clean'})`,
    `  checksum    ${info.checksum.stored} (${bb.checksumValid ? 'valid' : `INVALID, computed ${info.checksum.computed}`})`,
    `  root        ${info.rootCellOffset}, bins ${stats.bins}, hive-bins size ${bb.hiveBinsDataSize}`,
    `  counts      ${stats.keys} keys, ${stats.values} values, depth ${stats.maxDepth}`,
    `  anomalies   ${hive.anomalies.length + hive.droppedAnomalies}`,
    ...hive.anomalies.slice(0, 50).map((a) => `    [${a.severity}] ${a.code}${a.offset !== undefined ? ` @0x${a.offset.toString(16)}` : ''}: ${a.message}`),
  ];
  if (hive.anomalies.length > 50) lines.push(`    … ${hive.anomalies.length - 50} more (use --json)`);
  out(lines.join('\n') + '\n');
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
