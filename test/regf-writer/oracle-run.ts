/** Runs the oracle tools on hives written to a temp dir, and builds the dump the tree should produce. */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinPath } from '../../src/view/registry-view.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import { dumpData, typeName } from '../../src/view/value-types.js';
import { hivexDump } from '../helpers/oracles.js';

const dir = mkdtempSync(join(tmpdir(), 'rdslic-regf-writer-'));
let counter = 0;

/** Test files call this from afterAll: the hives are megabytes each. */
export function removeTemp(): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeTemp(bytes: Uint8Array, name = 'hive'): string {
  const path = join(dir, `${counter++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** One canonical string per record, so dumps compare as sets. */
function record(o: { type: string; path: string; name?: string; valueType?: string; data?: unknown }): string {
  return JSON.stringify(o.type === 'key' ? ['key', o.path] : ['value', o.path, o.name, o.valueType, o.data]);
}

export function expectedDump(root: TreeKey): string[] {
  const out: string[] = [];
  const walk = (k: TreeKey, path: string): void => {
    out.push(record({ type: 'key', path }));
    for (const v of k.values) {
      out.push(record({ type: 'value', path, name: v.name, valueType: typeName(v.type), data: dumpData(v.type, v.data) }));
    }
    for (const c of k.subkeys) walk(c, joinPath(path, c.name));
  };
  walk(root, '');
  return out.sort();
}

export function oracleDump(hivePath: string): string[] {
  return hivexDump(hivePath)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => record(JSON.parse(l)))
    .sort();
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** stdout goes through a file: hivexml opens /dev/stdout by name, which fails on the socket Node gives a child. */
export function run(cmd: string, args: string[]): ToolRun {
  const outPath = join(dir, `${counter++}-stdout`);
  const fd = openSync(outPath, 'w');
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 30 });
    return { status: r.status, stdout: readFileSync(outPath, 'utf8'), stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

/** reglookup's CSV rows (header dropped), split into fields; its %XX quoting keeps commas out of fields. */
export function reglookupRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

export function countTree(root: TreeKey): { keys: number; values: number } {
  let keys = 0;
  let values = 0;
  const stack = [root];
  while (stack.length) {
    const k = stack.pop() as TreeKey;
    keys++;
    values += k.values.length;
    for (const c of k.subkeys) stack.push(c);
  }
  return { keys, values };
}
