/** SAM alias parsing checked against RegRipper's samparse on the corpus' real SAM hives, and on a written hive. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedHive } from '../../src/evidence/types.js';
import { allAliases, builtinAlias } from '../../src/facts/sam-aliases.js';
import { HiveSource } from '../../src/facts/source.js';
import { openHive } from '../../src/regf/hive.js';
import { writeHive } from '../../src/regf-writer/index.js';
import { corpusEntries } from '../helpers/corpus.js';
import { requireOracle } from '../helpers/oracles.js';
import { samWithAliases } from '../scenarios/sam.js';

function source(bytes: Uint8Array, path: string): HiveSource {
  const view = openHive(bytes);
  const hive: LoadedHive = {
    input: { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'SAM', format: 'regf', dirty: false, logsApplied: [], logsMissing: false, anomalies: [] },
    view,
  };
  return new HiveSource(hive, 'SAM', () => {});
}

/** samparse's "Group Membership Information": name → sorted member SIDs (count from the header). */
function ripGroups(path: string): Map<string, { count: number; members: string[] }> {
  const out = execFileSync('/usr/bin/regripper', ['-r', path, '-p', 'samparse'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const groups = new Map<string, { count: number; members: string[] }>();
  let cur: { count: number; members: string[] } | null = null;
  for (const line of out.split('\n')) {
    const g = line.match(/^Group Name\s+: (.*) \[(\d+)\]$/);
    if (g) groups.set(g[1], (cur = { count: Number(g[2]), members: [] }));
    else if (cur && /^ {2}S-1-/.test(line)) cur.members.push(line.trim());
  }
  for (const v of groups.values()) v.members.sort();
  return groups;
}

const sams = corpusEntries().filter((e) => e.kind === 'SAM' && e.reglookup && e.hivex && !e.path.endsWith('.xz'));

describe('SAM aliases against RegRipper samparse (real hives)', () => {
  it.skipIf(!requireOracle('corpus'))('the corpus has SAM hives to compare', () => expect(sams.length).toBeGreaterThanOrEqual(3));
  for (const e of sams) {
    it.skipIf(!requireOracle('corpus') || !requireOracle('regripper'))(`${e.path}: same Builtin aliases, counts and members`, () => {
      const bytes = new Uint8Array(readFileSync(e.abs));
      const ours = new Map(allAliases(source(bytes, e.path)).filter((a) => a.domain === 'Builtin').map((a) => [a.name, { count: a.memberCount, members: [...a.members].sort() }]));
      const rip = ripGroups(e.abs);
      expect(rip.size).toBeGreaterThan(0);
      expect(ours).toEqual(rip);
    });
  }
  it.skipIf(!requireOracle('corpus'))('a real Windows Server SAM has an empty RDS Endpoint Servers alias (RID 0x240)', () => {
    const e = sams.find((x) => x.path === 'EricZimmerman_Registry/Registry.Test/Hives/SAM')!;
    const a = builtinAlias(source(new Uint8Array(readFileSync(e.abs)), e.path), 0x240);
    expect(a).toMatchObject({ name: 'RDS Endpoint Servers', memberCount: 0, members: [] });
  });
});

describe('SAM aliases written by the hive writer', () => {
  it.skipIf(!requireOracle('regripper'))('RegRipper reads our alias C values as we do', () => {
    const root = samWithAliases([
      { rid: 0x240, name: 'RDS Endpoint Servers', members: ['S-1-5-21-1004336348-1177238915-682003330-1105', 'S-1-5-21-1004336348-1177238915-682003330-1106'] },
      { rid: 0x220, name: 'Administrators', members: ['S-1-5-21-1-2-3-500'] },
    ]);
    const bytes = writeHive(root);
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-sam-'));
    try {
      const file = join(dir, 'SAM');
      writeFileSync(file, bytes);
      const rip = ripGroups(file);
      expect(rip.get('RDS Endpoint Servers')).toEqual({ count: 2, members: ['S-1-5-21-1004336348-1177238915-682003330-1105', 'S-1-5-21-1004336348-1177238915-682003330-1106'] });
      const ours = builtinAlias(source(bytes, 'SAM'), 0x240)!;
      expect({ count: ours.memberCount, members: [...ours.members].sort() }).toEqual(rip.get('RDS Endpoint Servers'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
