#!/usr/bin/env node
// Benchmarks rdslic against reglookup on the same hive in the same run and prints ratios.
// usage: npm run bench [-- --runs N] [--hive PATH] [--write docs/performance.md]
// Ratios pair runs taken back to back, so a loaded machine slows both sides alike: each ratio is the median of the
// pairs' ratios (a drifting machine moves both sides of a pair, not the medians of two separate series); medians are shown.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { bigSoftware } from './bench-big-hive.mjs';
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
// Peak RSS of a command through GNU time (-f %M, KiB), where installed.
const hasGnuTime = existsSync('/usr/bin/time');
function timeWithRss(cmd, argv) {
  if (!hasGnuTime) return { ms: timeCmd(cmd, argv), rssMb: NaN };
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}`);
  return { ms, rssMb: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}
// 3. One host's analysis (a real 11.8 MB SYSTEM) against a bare node start-up. Alone: beside the sample SOFTWARE it
// would be two hosts now (their computer names differ: evidence-mixed-hosts), and two hosts start a worker pool.
const work = mkdtempSync(resolve(tmpdir(), 'rdslic-bench-'));
const systemHive = resolve(root, '../shared/corpus/mkorman90_regipy/regipy_tests/data/SYSTEM');
const hostDir = resolve(work, 'host');
mkdirSync(hostDir);
copyFileSync(existsSync(systemHive) ? systemHive : hive, resolve(hostDir, 'SYSTEM'));
const cli = resolve(root, 'dist/cli.js');
// The floor: node reading every input and computing its SHA-256, which any tool recording its inputs' hashes must do.
const FLOOR = "const {readFileSync}=require('fs'),{createHash}=require('crypto');for(const f of process.argv.slice(1))createHash('sha256').update(readFileSync(f)).digest('hex')";
// The same over every file below the folders given (a fleet's floor).
const TREE_FLOOR = "const fs=require('fs'),p=require('path'),{createHash}=require('crypto');const w=(d)=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else createHash('sha256').update(fs.readFileSync(f)).digest('hex')}};for(const d of process.argv.slice(1))w(d)";
const analyzeOne = [];
const nodeBare = [];
const oneFloor = [];
for (let i = 0; i < runs; i++) {
  analyzeOne.push(timeCmd(process.execPath, [cli, 'analyze', hostDir, '--format', 'json', '--quiet']));
  nodeBare.push(timeCmd(process.execPath, ['-e', '0']));
  oneFloor.push(timeCmd(process.execPath, ['-e', FLOOR, resolve(hostDir, 'SYSTEM')]));
}

// 4. Fleets: 100 and 1,000 host folders made from the bundled samples, against one of those hosts alone, with the
// peak RSS of each run (GNU time's maximum resident set size, main process; pool workers are threads of it).
const FLEET = Number(opt("--fleet", "1000"));
const fleetDir = resolve(work, 'fleet');
const sampleHosts = readdirSync(resolve(root, 'samples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
for (let i = 0; i < FLEET; i++) cpSync(resolve(root, 'samples', sampleHosts[i % sampleHosts.length]), resolve(fleetDir, `host-${String(i).padStart(4, '0')}`), { recursive: true });
const smallFleetDir = resolve(work, 'fleet100');
mkdirSync(smallFleetDir);
for (let i = 0; i < FLEET / 10; i++) cpSync(resolve(fleetDir, `host-${String(i).padStart(4, '0')}`), resolve(smallFleetDir, `host-${String(i).padStart(4, '0')}`), { recursive: true });
// Twice the fleet, for its peak RSS: what memory does with more hosts once a run's heaps have grown to their working
// size (a run of 100 hosts ends within a second, before they have).
const doubleFleetDir = resolve(work, 'fleet2x');
for (let i = 0; i < 2 * FLEET; i++) cpSync(resolve(root, 'samples', sampleHosts[i % sampleHosts.length]), resolve(doubleFleetDir, `host-${String(i).padStart(4, '0')}`), { recursive: true });
const fleetRuns = Math.max(1, Math.min(3, runs));
const fleetTimes = [];
const fleetRss = [];
const smallFleetRss = [];
const doubleFleetRss = [];
const singleTimes = [];
const fleetFloor = [];
for (let i = 0; i < fleetRuns; i++) {
  rmSync(resolve(work, 'out'), { recursive: true, force: true });
  const big = timeWithRss(process.execPath, [cli, 'analyze', fleetDir, '--out', resolve(work, 'out'), '--quiet']);
  fleetTimes.push(big.ms);
  fleetRss.push(big.rssMb);
  rmSync(resolve(work, 'out100'), { recursive: true, force: true });
  smallFleetRss.push(timeWithRss(process.execPath, [cli, 'analyze', smallFleetDir, '--out', resolve(work, 'out100'), '--quiet']).rssMb);
  rmSync(resolve(work, 'out2x'), { recursive: true, force: true });
  doubleFleetRss.push(timeWithRss(process.execPath, [cli, 'analyze', doubleFleetDir, '--out', resolve(work, 'out2x'), '--quiet']).rssMb);
  // The fleet ratio's denominator is a 0.2 s run, which this VM moves by ±30 %: the median of three, taken beside the fleet run.
  singleTimes.push(median([0, 1, 2].map(() => timeCmd(process.execPath, [cli, 'analyze', resolve(fleetDir, 'host-0000'), '--out', resolve(work, 'out1'), '--quiet']))));
  fleetFloor.push(timeCmd(process.execPath, ['-e', TREE_FLOOR, fleetDir]));
}
const fleetReports = readdirSync(resolve(work, 'out')).filter((f) => f.endsWith('.html') && f !== 'index.html').length;

// 5. The big-hive host of issue 18: a SOFTWARE of a few hundred MB (bench-big-hive.mjs) beside a sample SYSTEM,
// against the floor: node reading and hashing both inputs (SHA-256), what any tool recording their hashes must do.
const corpusData = resolve(root, '../shared/corpus/mkorman90_regipy/regipy_tests/data');
const bigSources = ['SYSTEM_WIN_10_1709', 'SYSTEM_B', 'SYSTEM'].map((f) => resolve(corpusData, f)).filter((f) => existsSync(f));
const bigHost = resolve(work, 'big');
mkdirSync(bigHost);
copyFileSync(resolve(root, 'samples/healthy-per-user/SYSTEM'), resolve(bigHost, 'SYSTEM'));
const bigHive = await bigSoftware(root, { sources: bigSources.length > 0 ? bigSources : [hive], copies: 6, workDir: tmpdir() });
copyFileSync(bigHive, resolve(bigHost, 'SOFTWARE'));
const bigMb = statSync(resolve(bigHost, 'SOFTWARE')).size / 1e6;
const bigTimes = [];
const floorTimes = [];
for (let i = 0; i < runs; i++) {
  bigTimes.push(timeCmd(process.execPath, [cli, 'analyze', bigHost, '--format', 'json', '--quiet']));
  floorTimes.push(timeCmd(process.execPath, ['-e', FLOOR, resolve(bigHost, 'SYSTEM'), resolve(bigHost, 'SOFTWARE')]));
}
const bigRatios = bigTimes.map((t, i) => t / floorTimes[i]);

// 5b. Fleets of big hosts: 6 and 12 folders, each the big host's SYSTEM and a copy of its SOFTWARE (copies, not
// links: the same file twice is read once). Memory must not grow with the fleet here either: large reads take the
// paths (shared memory and the hash thread in discovery, ordinary buffers in the pool) that the small hosts of
// section 4 never reach.
// Twelve against six: a pool run that kept a buffer per host it had loaded held more for twelve than for six (and
// more again for 24 and 48) where three against six showed nothing.
const BIG_FLEET = 12;
const bigFleetDir = resolve(work, 'bigfleet');
for (let i = 0; i < BIG_FLEET; i++) {
  mkdirSync(resolve(bigFleetDir, `host-${i}`), { recursive: true });
  copyFileSync(resolve(bigHost, 'SYSTEM'), resolve(bigFleetDir, `host-${i}`, 'SYSTEM'));
  copyFileSync(resolve(bigHost, 'SOFTWARE'), resolve(bigFleetDir, `host-${i}`, 'SOFTWARE'));
}
// The copies' dirty pages written back before timing, so the writeback does not run beside the analysis (where
// there is no sync command, spawnSync reports it and the bench goes on).
spawnSync('sync');
const halfBigFleet = Array.from({ length: BIG_FLEET / 2 }, (_, i) => resolve(bigFleetDir, `host-${i}`));
const bigFleetTimes = [];
const bigFleetRss = [];
const halfBigFleetRss = [];
const bigFleetFloor = [];
for (let i = 0; i < Math.max(1, Math.min(2, runs)); i++) {
  rmSync(resolve(work, 'outbig'), { recursive: true, force: true });
  const whole = timeWithRss(process.execPath, [cli, 'analyze', bigFleetDir, '--format', 'json', '--out', resolve(work, 'outbig'), '--quiet']);
  bigFleetTimes.push(whole.ms);
  bigFleetRss.push(whole.rssMb);
  rmSync(resolve(work, 'outbighalf'), { recursive: true, force: true });
  halfBigFleetRss.push(timeWithRss(process.execPath, [cli, 'analyze', ...halfBigFleet, '--format', 'json', '--out', resolve(work, 'outbighalf'), '--quiet']).rssMb);
  bigFleetFloor.push(timeCmd(process.execPath, ['-e', TREE_FLOOR, bigFleetDir]));
}
rmSync(bigFleetDir, { recursive: true, force: true });

// 6. The single-file executables (npm run build:exe), where built: start-up (--version) and the one host above
// against `node dist/cli.js` on the machine's Node, alternated. The Windows one runs under Wine with --wine (a
// fresh prefix takes minutes: it is kept in the temp folder), its wineserver kept running so each run does not
// start one; under Wine a pipe fails, so stdout goes to a file. Its figures include Wine's own start-up.
const exeLines = [];
{
  const linuxExe = resolve(root, 'dist/exe/rdslic-linux-x64');
  const winExe = resolve(root, 'dist/exe/rdslic-win-x64.exe');
  const oneHost = ['analyze', hostDir, '--format', 'json', '--quiet'];
  const rows = [['node dist/cli.js', (a) => timeCmd(process.execPath, [cli, ...a])]];
  if (existsSync(linuxExe)) rows.push(['rdslic-linux-x64', (a) => timeCmd(linuxExe, a)]);
  let stopWine = null;
  if (existsSync(winExe) && args.includes('--wine') && spawnSync('wine', ['--version'], { stdio: 'ignore' }).status === 0) {
    const prefix = resolve(tmpdir(), 'rdslic-bench-wineprefix');
    const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', DISPLAY: '' };
    if (!existsSync(resolve(prefix, 'system.reg'))) {
      spawnSync('wineboot', ['-i'], { env, stdio: 'ignore', timeout: 600_000 });
      spawnSync('wine', ['winecfg', '/v', 'win10'], { env, stdio: 'ignore', timeout: 300_000 });
    }
    spawnSync('wineserver', ['-p'], { env, stdio: 'ignore' });
    stopWine = () => spawnSync('wineserver', ['-k'], { env, stdio: 'ignore', timeout: 60_000 });
    const outFile = resolve(work, 'wine-out');
    rows.push(['wine rdslic-win-x64.exe', (a) => {
      const t = performance.now();
      const r = spawnSync('sh', ['-c', 'wine "$@" >"$OUT" 2>&1', 'wine', winExe, ...a], { env: { ...env, OUT: outFile }, stdio: 'ignore' });
      // What the run printed says whether Wine or the executable failed (a Wine start-up hiccup once ended a bench).
      if (r.status !== 0) throw new Error(`wine ${winExe} ${a.join(' ')} exited ${r.status}: ${existsSync(outFile) ? readFileSync(outFile, 'utf8').slice(0, 400) : '(no output)'}`);
      return performance.now() - t;
    }]);
  }
  const times = rows.map(() => ({ version: [], analyze: [] }));
  const bare = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timeCmd(process.execPath, ['-e', '0']));
    rows.forEach(([, run], j) => {
      times[j].version.push(run(['--version']));
      times[j].analyze.push(run(oneHost));
    });
  }
  stopWine?.();
  exeLines.push(`executables (median of ${runs}; node -e 0: ${median(bare).toFixed(0)} ms)${existsSync(linuxExe) ? '' : ': not built (npm run build:exe)'}${existsSync(winExe) && !args.includes('--wine') ? '; Windows one under Wine with --wine' : ''}`);
  rows.forEach(([name], j) => exeLines.push(`  ${name.padEnd(24)} --version ${median(times[j].version).toFixed(0).padStart(5)} ms   analyze one host (JSON) ${median(times[j].analyze).toFixed(0).padStart(5)} ms = ${(median(times[j].analyze) / median(bare)).toFixed(1)}x node -e 0`));
}
rmSync(work, { recursive: true, force: true });

const hasReglookup = spawnSync('reglookup', ['-h'], { stdio: 'ignore' }).error === undefined;
const ours = [];
const theirs = [];
const nodeStart = [];
const dumpFloor = [];
for (let i = 0; i < runs; i++) {
  ours.push(timeCmd(process.execPath, [resolve(root, 'dist/cli.js'), 'dump', '--format', 'jsonl', hive]));
  if (hasReglookup) theirs.push(timeCmd('reglookup', [hive]));
  nodeStart.push(timeCmd(process.execPath, ['-e', '0']));
  dumpFloor.push(timeCmd(process.execPath, ['-e', FLOOR, hive]));
}
const oursMs = median(ours);
const theirsMs = hasReglookup ? median(theirs) : NaN;
const nodeMs = median(nodeStart);

// 6. Dump of the big SOFTWARE of section 5 against reglookup (issue 18: keep <= 0.3x), alternating; reglookup takes
// tens of seconds on it, so at most 3 runs.
const bigDump = [];
const bigReglookup = [];
for (let i = 0; i < Math.max(1, Math.min(3, runs)); i++) {
  bigDump.push(timeCmd(process.execPath, [cli, 'dump', '--format', 'jsonl', bigHive]));
  if (hasReglookup) bigReglookup.push(timeCmd('reglookup', [bigHive]));
}
const bigDumpLine = hasReglookup
  ? `rdslic dump of the ${bigMb.toFixed(0)} MB SOFTWARE > /dev/null: ${median(bigDump).toFixed(0)} ms vs reglookup ${median(bigReglookup).toFixed(0)} ms: ratio ${median(bigDump.map((t, i) => t / bigReglookup[i])).toFixed(2)} (bar <= 1.0, goal <= 0.3)`
  : `rdslic dump of the ${bigMb.toFixed(0)} MB SOFTWARE > /dev/null: ${median(bigDump).toFixed(0)} ms (reglookup not installed)`;

const lines = [
  `hive: ${hive.replace(resolve(root, '..') + '/', '../')} (${mb.toFixed(1)} MB, ${records} keys+values)`,
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; median of ${runs} runs`,
  `in-process full walk (open + every key + every value decoded): ${walkMs.toFixed(0)} ms = ${(mb / (walkMs / 1000)).toFixed(1)} MB/s`,
  `rdslic dump > /dev/null: ${oursMs.toFixed(0)} ms (floor: node reading + SHA-256 of the hive ${median(dumpFloor).toFixed(0)} ms)`,
  hasReglookup ? `reglookup   > /dev/null: ${theirsMs.toFixed(0)} ms` : 'reglookup: not installed',
  hasReglookup ? `ratio rdslic/reglookup: ${(oursMs / theirsMs).toFixed(2)} (bar <= 1.0, goal 0.5)` : '',
  `node -e 0 start-up: ${nodeMs.toFixed(0)} ms`,
  bigDumpLine,
  `analyze one host (11.8 MB SYSTEM, JSON): ${median(analyzeOne).toFixed(0)} ms = ${median(analyzeOne.map((t, i) => t / nodeBare[i])).toFixed(1)}x node -e 0 (${median(nodeBare).toFixed(0)} ms) (bar 3x, goal 2x); floor (node reading + SHA-256 of the input) ${median(oneFloor).toFixed(0)} ms`,
  `analyze ${FLEET}-host fleet (HTML+MD, ${fleetReports} host reports + summary): ${median(fleetTimes).toFixed(0)} ms = ${median(fleetTimes.map((t, i) => t / singleTimes[i])).toFixed(1)}x one of those hosts alone (${median(singleTimes).toFixed(0)} ms) (bar 25x); peak RSS ${median(fleetRss).toFixed(0)} MB (${FLEET / 10} hosts: ${median(smallFleetRss).toFixed(0)} MB; ${2 * FLEET} hosts: ${median(doubleFleetRss).toFixed(0)} MB = ${(median(doubleFleetRss) / median(fleetRss)).toFixed(2)}x for twice the hosts); floor (node reading + SHA-256 of every file) ${median(fleetFloor).toFixed(0)} ms`,
  `analyze big host (SYSTEM + ${bigMb.toFixed(0)} MB SOFTWARE, JSON): ${median(bigTimes).toFixed(0)} ms = ${median(bigRatios).toFixed(2)}x the floor (node reading + SHA-256 of both inputs: ${median(floorTimes).toFixed(0)} ms) (bar 1.6x, goal 1.15x)`,
  `analyze ${BIG_FLEET} big hosts (SYSTEM + ${bigMb.toFixed(0)} MB SOFTWARE each, JSON): ${median(bigFleetTimes).toFixed(0)} ms = ${median(bigFleetTimes.map((t, i) => t / bigFleetFloor[i])).toFixed(2)}x the floor (${median(bigFleetFloor).toFixed(0)} ms); peak RSS ${median(bigFleetRss).toFixed(0)} MB (${BIG_FLEET / 2} hosts: ${median(halfBigFleetRss).toFixed(0)} MB = ${(median(bigFleetRss) / median(halfBigFleetRss)).toFixed(2)}x for twice the hosts)`,
  ...exeLines,
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
