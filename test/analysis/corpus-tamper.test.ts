/**
 * The real corpus hives ran none of the catalog's tamper tools: their execution artifacts (BAM/DAM, AppCompatCache,
 * UserAssist, Amcache) must give no tamper-tool-executed match, while the artifacts themselves are read (so the
 * test is not vacuous). The corpus holds no SOFTWARE hive (README), so tasks and Run values are not checked here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedHive } from '../../src/evidence/types.js';
import { gatherExecutions } from '../../src/facts/executions.js';
import { HiveSource } from '../../src/facts/source.js';
import { openHive } from '../../src/regf/hive.js';
import { CORPUS, requireOracle } from '../helpers/oracles.js';

interface Row {
  path: string;
  kind: string;
}

function rows(): Row[] {
  const manifest = resolve(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => ['SYSTEM', 'NTUSER', 'AMCACHE'].includes(c[7]) && c[11] === 'yes')
    .map((c) => ({ path: c[0], kind: c[7] }));
}

function source(r: Row, prefix: string): HiveSource {
  const bytes = readFileSync(resolve(CORPUS, r.path));
  const view = openHive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const hive: LoadedHive = {
    input: { path: r.path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'OTHER', format: 'regf', dirty: false, logsApplied: [], logsMissing: false, anomalies: [] },
    view,
    user: r.path,
  };
  return new HiveSource(hive, prefix, () => {});
}

describe('real corpus hives: no tamper-tool-executed', () => {
  it.skipIf(!requireOracle('corpus'))('no execution artifact of any corpus hive names a catalog tool, and the artifacts are read', () => {
    const all = rows();
    expect(all.length).toBeGreaterThan(20);
    const sources = new Set<string>();
    let hives = 0;
    for (const r of all) {
      const s = source(r, r.kind === 'AMCACHE' ? 'Amcache' : r.kind);
      const e =
        r.kind === 'SYSTEM'
          ? gatherExecutions({ system: s, users: [] })
          : r.kind === 'NTUSER'
            ? gatherExecutions({ system: null, users: [s] })
            : gatherExecutions({ system: null, users: [], amcache: { input: r.path, view: s.hive.view } });
      expect(e.matches.map((m) => `${r.path}: ${m.path}`)).toEqual([]);
      for (const x of e.sources) sources.add(x.replace(/ \(.*\)$/, ''));
      hives++;
    }
    expect(hives).toBe(all.length);
    // Every kind of execution artifact was present somewhere in the corpus and was searched.
    expect([...sources].sort()).toEqual(['AppCompatCache', 'BAM/DAM', 'Amcache', 'UserAssist'].sort());
  });
});
