/** reglookup-recover as an oracle: its CSV rows, decoded, in terms comparable with RecoveryResult. */
import { spawnSync } from 'node:child_process';

export interface OracleRow {
  /** File offset of the record's cell. */
  readonly offset: number;
  readonly type: 'KEY' | 'VALUE' | 'SK' | 'RAW';
  /** Path components: for a key, its parent's path plus its name; for a value, its key's path ([] when none). */
  readonly path: string[];
  readonly name: string;
  /** KEY: "YYYY-MM-DD HH:MM:SS"; VALUE: the type name without REG_. */
  readonly mtime: string;
  readonly valueType: string;
  readonly dataLength: number | null;
}

/** reglookup quotes bytes as %XX (UTF-8 of the text): decode runs of them together. */
export function unquote(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '').map(unquote);
}

/** Runs reglookup-recover; `rootName` is dropped from the front of its paths (ours are relative to the root). */
export function reglookupRecover(hivePath: string, rootName: string): { rows: OracleRow[]; status: number | null } {
  const r = spawnSync('reglookup-recover', [hivePath], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const rows: OracleRow[] = [];
  for (const line of r.stdout.split('\n').slice(1)) {
    if (line === '') continue;
    // OFFSET,REC_LENGTH,REC_TYPE,PATH,NAME,NK_MTIME,NK_NVAL,VK_TYPE,VK_VALUE,VK_DATA_LEN,...
    const f = line.split(',');
    let path = components(f[3]);
    if (f[3].startsWith('/') && path[0] === rootName) path = path.slice(1);
    const name = unquote(f[4]);
    rows.push({
      offset: parseInt(f[0], 16),
      type: f[2] as OracleRow['type'],
      path: f[2] === 'KEY' ? [...path, name] : path,
      name,
      mtime: f[5],
      valueType: f[7],
      dataLength: f[9] === '' ? null : parseInt(f[9], 10),
    });
  }
  return { rows, status: r.status };
}
