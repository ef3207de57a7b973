/** `analyze --shard i/n`: every host in exactly one shard, by host key; shards' findings.jsonl concatenate. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverHosts } from '../../src/node/discovery/index.js';
import { hostKey, parseShard, selectShard, shardOf } from '../../src/node/shard.js';
import { runCli } from '../helpers/cli.js';
import { ntuserHive, softwareHive, systemHive, TempTree } from '../evidence/fixtures.js';

const t = new TempTree();
afterAll(() => t.remove());
const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
for (const n of NAMES) {
  t.write(`fleet/${n}/SYSTEM`, systemHive(n.toUpperCase()));
  if (n < 'f') t.write(`fleet/${n}/SOFTWARE`, softwareHive());
  t.write(`fleet/${n}/Users/u/NTUSER.DAT`, ntuserHive());
}
// The same fleet grown by three hosts, under another root folder.
for (const n of [...NAMES, 'mike', 'november', 'oscar']) {
  t.write(`grown/${n}/SYSTEM`, systemHive(n.toUpperCase()));
  if (n < 'f') t.write(`grown/${n}/SOFTWARE`, softwareHive());
  t.write(`grown/${n}/Users/u/NTUSER.DAT`, ntuserHive());
}

/** A findings.jsonl line without the fields that number hosts and files within one run. */
const portable = (line: string) => {
  const { hostIndex: _i, reportFile: _f, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify(rest);
};
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('--shard', () => {
  it('parses i/n with 1 <= i <= n only', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', '1/4/2', 'a/b', '-1/4']) expect(parseShard(bad), bad).toBeNull();
    const r = runCli(['analyze', t.path('fleet'), '--shard', '0/4', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard "0\/4" must be i\/n/);
  });

  it('a host keeps its shard when the fleet changes around it or the folder is spelled differently', async () => {
    const whole = await discoverHosts([t.path('fleet')]);
    const grown = await discoverHosts([t.path('grown')]);
    const relative = await discoverHosts([t.path('fleet/../fleet')]);
    const byLabel = new Map(whole.hosts.map((h) => [h.label, shardOf(h, 4)]));
    expect(grown.hosts).toHaveLength(NAMES.length + 3);
    for (const h of grown.hosts) if (byLabel.has(h.label)) expect(shardOf(h, 4), h.label).toBe(byLabel.get(h.label));
    expect(relative.hosts.map(hostKey)).toEqual(whole.hosts.map(hostKey));
    // Not all in one shard: the key spreads hosts.
    expect(new Set(byLabel.values()).size).toBeGreaterThan(1);
    const picked = [1, 2, 3, 4].map((i) => selectShard(whole.hosts, { index: i, count: 4 }).map((h) => h.label));
    expect(picked.flat().sort()).toEqual(whole.hosts.map((h) => h.label).sort());
  });

  it('4 shards cover every host exactly once, and their findings.jsonl files concatenate to the whole run', () => {
    const full = runCli(['analyze', t.path('fleet'), '--format', 'json', '--out', t.path('out/full'), '--jobs', '1', '--quiet']);
    expect(full.code).toBe(0);
    const all = JSON.parse(readFileSync(t.path('out/full/report.json'), 'utf8')) as { hosts: { label: string }[] };
    expect(all.hosts).toHaveLength(NAMES.length);
    const seen: string[] = [];
    const concatenated: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const out = t.path(`out/shard-${i}`);
      const r = runCli(['analyze', t.path('fleet'), '--format', 'json', '--out', out, '--shard', `${i}/4`, '--jobs', '1']);
      expect(r.code, r.stderr).toBe(0);
      if (/holds none/.test(r.stderr)) continue;
      const rep = JSON.parse(readFileSync(`${out}/report.json`, 'utf8')) as { hosts: { label: string }[] };
      seen.push(...rep.hosts.map((h) => h.label));
      concatenated.push(...lines(`${out}/findings.jsonl`));
    }
    expect(seen.sort()).toEqual(all.hosts.map((h) => h.label).sort());
    expect(new Set(seen).size).toBe(seen.length);
    const whole = lines(t.path('out/full/findings.jsonl'));
    expect(whole.length).toBeGreaterThan(0);
    expect(concatenated.map(portable).sort()).toEqual(whole.map(portable).sort());
  });
});
