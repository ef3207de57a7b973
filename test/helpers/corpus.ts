/** The corpus manifest (../shared/corpus/MANIFEST.tsv): one row per file with reglookup's counts. */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CORPUS } from './oracles.js';

export interface CorpusEntry {
  path: string;
  abs: string;
  kind: string;
  dirty: string;
  hivex: boolean;
  reglookup: boolean;
  keys: number | null;
  values: number | null;
  notes: string;
  size: number;
}

export function corpusEntries(): CorpusEntry[] {
  const file = resolve(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const head = lines[0].split('\t');
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const f = l.split('\t');
    const num = (s: string) => (s && /^\d+$/.test(s) ? Number(s) : null);
    return {
      path: f[col('local_path')],
      abs: resolve(CORPUS, f[col('local_path')]),
      kind: f[col('kind')],
      dirty: f[col('dirty')],
      hivex: f[col('parses_with_hivex')] === 'yes',
      reglookup: f[col('parses_with_reglookup')] === 'yes',
      keys: num(f[col('key_count')]),
      values: num(f[col('value_count')]),
      notes: f[col('notes')] ?? '',
      size: Number(f[col('size_bytes')]),
    };
  });
}
