/**
 * Every resource limit is hit on purpose and must end quickly with an anomaly (or a one-line refusal) naming it:
 * input size (CLI), per-hive work budget, big data, 4 GB size claims, key depth, walk size, list lengths.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../src/node/read-file.js';
import { openHive } from '../../src/regf/hive.js';
import { MAX_SUBKEYS_PER_KEY, MAX_VALUE_SIZE, MAX_VALUES_PER_KEY } from '../../src/regf/spec.js';
import { walkKeys, MAX_WALK_DEPTH } from '../../src/view/walk.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { RawHive } from './craft.js';
import { readHiveFully } from './targets.js';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

function messages(hive: { anomalies: readonly { code: string; message: string }[] }, code: string): string[] {
  return hive.anomalies.filter((a) => a.code === code).map((a) => a.message);
}

describe('limits', () => {
  it('CLI: a 2 GB (sparse) input is refused at once, naming the input limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdslic-limit-'));
    try {
      const f = join(dir, 'HUGE');
      writeFileSync(f, 'regf');
      truncateSync(f, 2 * 1024 * 1024 * 1024);
      const t0 = performance.now();
      const r = runCli(['info', f], { timeoutMs: 20_000 });
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`exceeds the ${MAX_INPUT_BYTES}-byte input limit`);
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('work budget: 1M keys sharing one 1M-value list stop at the budget, not after 10^12 reads', () => {
    const h = new RawHive();
    const vk = h.vk('v', 4, 0x80000004, 1);
    const list = h.offsets(new Uint32Array(1_000_000).fill(vk));
    const b = h.nk({ name: 'B', valueCount: 1_000_000, valueList: list });
    const li = h.list('li', new Array(65535).fill(b));
    h.rootNk({ name: 'ROOT', subkeyCount: 1, subkeyList: h.list('ri', new Array(16).fill(li)) });
    const bytes = h.bytes();
    const hive = openHive(bytes);
    const { ms } = timed(() => hive.walk((k) => void k.values().length));
    expect(ms).toBeLessThan(15_000);
    const m = messages(hive, 'hive-work-limit');
    expect(m).toHaveLength(1);
    expect(m[0]).toContain(`work limit reached: reading this ${bytes.length}-byte hive took more than ${hive.cells.workBudget} cell reads`);
    // The subkey list limit (MAX_SUBKEYS_PER_KEY) is hit on the way, with its own message.
    expect(messages(hive, 'subkey-limit')[0]).toContain(`${MAX_SUBKEYS_PER_KEY} subkeys or more`);
  });

  it('work budget: a full read of a real-sized honest hive stays far below it', () => {
    const hive = openHive(new RawHive().bytes());
    expect(hive.cells.workBudget).toBeGreaterThanOrEqual(4_000_000);
  });

  it('big data: 5000 values sharing one db claiming 64 MiB each are charged before allocating', () => {
    const h = new RawHive();
    const seg = h.cell(new Uint8Array(16344));
    const db = h.db(4096, h.offsets([seg]));
    const vks = Array.from({ length: 5000 }, (_, i) => h.vk(`v${i}`, 3, MAX_VALUE_SIZE, db));
    h.rootNk({ name: 'ROOT', valueCount: vks.length, valueList: h.offsets(vks) });
    const hive = openHive(h.bytes());
    const before = process.memoryUsage().arrayBuffers;
    const { ms } = timed(() => {
      let total = 0;
      for (const v of hive.root.values()) total += v.data.length;
      return total;
    });
    expect(ms).toBeLessThan(15_000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(512 * 1024 * 1024);
    expect(messages(hive, 'hive-work-limit')).toHaveLength(1);
  });

  it('value size: data claiming more than MAX_VALUE_SIZE is skipped with the limit in the message', () => {
    const h = new RawHive();
    const vk = h.vk('huge', 3, MAX_VALUE_SIZE + 1, h.cell(new Uint8Array(16)));
    h.rootNk({ name: 'ROOT', valueCount: 1, valueList: h.offsets([vk]) });
    const hive = openHive(h.bytes());
    expect(hive.root.values()[0].data.length).toBe(0);
    expect(messages(hive, 'value-data-invalid')[0]).toContain(`exceeds the ${MAX_VALUE_SIZE}-byte limit`);
  });

  it('4 GB claims: cell size, hbin size, hive-bins size, value size, counts — quick, anomalies, no big allocation', () => {
    const h = new RawHive();
    const vk = h.vk('v', 3, 0xfffffff0, h.cell(new Uint8Array(8)));
    const vkInline = h.vk('i', 4, 0xffffffff, 0);
    h.rootNk({ name: 'ROOT', subkeyCount: 0xffffffff, subkeyList: h.list('lh', [], 0xffff), valueCount: 0xffffffff, valueList: h.offsets([vk, vkInline]) });
    h.hiveBinsSize = 0xfffff000;
    h.binSize = 0xfffff000;
    const bytes = h.bytes();
    // And a cell whose size field claims ±2 GiB.
    const dv = new DataView(bytes.buffer);
    dv.setInt32(4096 + h.nextOffset, -0x7ffffff8, true);
    const before = process.memoryUsage().arrayBuffers;
    const { value, ms } = timed(() => readHiveFully(bytes));
    expect(ms).toBeLessThan(5_000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    expect(value.anomalies).toEqual(expect.arrayContaining(['hive-truncated', 'hbin-truncated', 'subkey-list-invalid', 'value-list-invalid', 'value-data-invalid']));
  });

  it('value count over MAX_VALUES_PER_KEY names the limit', () => {
    const h = new RawHive();
    const vk = h.vk('v', 4, 0x80000004, 7);
    h.rootNk({ name: 'ROOT', valueCount: MAX_VALUES_PER_KEY + 5, valueList: h.offsets(new Uint32Array(MAX_VALUES_PER_KEY + 5).fill(vk)) });
    const hive = openHive(h.bytes());
    expect(hive.root.values().length).toBe(MAX_VALUES_PER_KEY);
    expect(messages(hive, 'value-limit')[0]).toContain(`more than the ${MAX_VALUES_PER_KEY}-value limit`);
  });

  it('key depth: a 600-deep chain is walked to MAX_WALK_DEPTH and says so', () => {
    const h = new RawHive();
    let child = h.nk({ name: 'leaf' });
    for (let d = 0; d < 600; d++) child = h.nk({ name: `d${d}`, subkeyCount: 1, subkeyList: h.list('li', [child]) });
    h.rootNk({ name: 'ROOT', subkeyCount: 1, subkeyList: h.list('li', [child]) });
    const hive = openHive(h.bytes());
    let deepest = 0;
    hive.walk((_k, depth) => void (deepest = Math.max(deepest, depth)));
    expect(deepest).toBe(MAX_WALK_DEPTH);
    expect(messages(hive, 'key-depth-limit')[0]).toContain('deeper than the limit');
  });

  it('walk size: the key-count limit stops a walk with an error anomaly', () => {
    const h = new RawHive();
    const leaf = h.nk({ name: 'leaf' });
    const li = h.list('li', new Array(1000).fill(leaf));
    h.rootNk({ name: 'ROOT', subkeyCount: 1000, subkeyList: li });
    const hive = openHive(h.bytes());
    const problems: string[] = [];
    let n = 0;
    walkKeys(hive.root, () => n++, (p) => problems.push(p.kind), 100);
    expect(n).toBe(100);
    expect(problems).toContain('limit');
  });

  it('anomaly cap: a hive with more damage than the cap counts the rest', () => {
    const h = new RawHive();
    const li = h.list('li', Array.from({ length: 30_000 }, (_, i) => 0x10000000 + 8 * i));
    h.rootNk({ name: 'ROOT', subkeyCount: 30_000, subkeyList: li });
    const hive = openHive(h.bytes(), { maxAnomalies: 1000 });
    hive.root.subkeys();
    expect(hive.anomalies).toHaveLength(1000);
    expect(hive.droppedAnomalies).toBeGreaterThan(28_000);
  });
});
