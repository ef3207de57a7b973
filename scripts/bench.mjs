#!/usr/bin/env node
// Benchmarks rdslic against reglookup on the same hive in the same run and prints ratios.
// usage: npm run bench [-- --runs N] [--hive PATH] [--write docs/performance.md]
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const runs = Number(opt('--runs', '7'));
const hive = resolve(opt('--hive', resolve(root, '../shared/corpus/mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709')));
const writeTo = opt('--write', null);
if (!existsSync(hive)) {
  console.error(`bench: hive not found: ${hive}`);
  process.exit(2);
}

const { openHive } = await import(resolve(root, 'dist/regf/hive.js'));
const { walkKeys } = await import(resolve(root, 'dist/view/walk.js'));
const { dumpData } = await import(resolve(root, 'dist/view/value-types.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bytes = new Uint8Array(readFileSync(hive));
const mb = bytes.length / 1e6;

// 1. In-process: open, walk every key, decode every value (what dump does, minus the output).
const walkTimes = [];
let records = 0;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const h = openHive(bytes);
  records = 0;
  walkKeys(h.root, (k) => {
    records++;
    void k.lastWrite;
    for (const v of k.values()) {
      records++;
      dumpData(v.type, v.data);
    }
  });
  walkTimes.push(performance.now() - t);
}
const walkMs = median(walkTimes);

// 2. Whole commands to /dev/null, alternating so machine noise hits both alike.
function timeCmd(cmd, argv) {
  const devnull = openSync('/dev/null', 'w');
  const t = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', devnull, devnull] });
  const ms = performance.now() - t;
  closeSync(devnull);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}`);
  return ms;
}
const hasReglookup = spawnSync('reglookup', ['-h'], { stdio: 'ignore' }).error === undefined;
const ours = [];
const theirs = [];
const nodeStart = [];
for (let i = 0; i < runs; i++) {
  ours.push(timeCmd(process.execPath, [resolve(root, 'dist/cli.js'), 'dump', '--format', 'jsonl', hive]));
  if (hasReglookup) theirs.push(timeCmd('reglookup', [hive]));
  nodeStart.push(timeCmd(process.execPath, ['-e', '0']));
}
const oursMs = median(ours);
const theirsMs = hasReglookup ? median(theirs) : NaN;
const nodeMs = median(nodeStart);

const lines = [
  `hive: ${hive.replace(resolve(root, '..') + '/', '../')} (${mb.toFixed(1)} MB, ${records} keys+values)`,
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; median of ${runs} runs`,
  `in-process full walk (open + every key + every value decoded): ${walkMs.toFixed(0)} ms = ${(mb / (walkMs / 1000)).toFixed(1)} MB/s`,
  `rdslic dump > /dev/null: ${oursMs.toFixed(0)} ms`,
  hasReglookup ? `reglookup   > /dev/null: ${theirsMs.toFixed(0)} ms` : 'reglookup: not installed',
  hasReglookup ? `ratio rdslic/reglookup: ${(oursMs / theirsMs).toFixed(2)} (bar <= 1.0, goal 0.5)` : '',
  `node -e 0 start-up: ${nodeMs.toFixed(0)} ms`,
].filter(Boolean);
console.log(lines.join('\n'));

if (writeTo) {
  const file = resolve(root, writeTo);
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const block = `${begin}\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${end}`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const next = old.includes(begin) ? old.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block) : `${old}\n${block}\n`;
  writeFileSync(file, next);
  console.log(`figures written to ${writeTo}`);
}
