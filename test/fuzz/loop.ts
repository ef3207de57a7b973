/**
 * The fuzz loop shared by the CI test and `npm run fuzz`: seeds (real corpus hives, writer-made hives, dirty
 * hives with their logs, .reg fixtures), one seeded mutation per case, the outcome of each case, and the
 * crashing inputs written as regression fixtures named after target and case seed.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeHive } from '../../src/regf-writer/index.js';
import { CORPUS, ROOT } from '../helpers/oracles.js';
import { sampleTree } from '../regf-writer/sample-tree.js';
import { binary, dword, multiSz, qword, rawValue, sz } from '../../src/regf-writer/index.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import { mapHive, mutateHive, mutateLog, mutateRegText, type HiveMap, type Mutation } from './mutate.js';
import { caseSeed, Rng } from './rng.js';
import { runCase, type FuzzInput, type Outcome, type TargetName } from './targets.js';

export const FIXTURES = resolve(ROOT, 'test/fixtures/fuzz');

/** Small real hives: many per second, covering lists, big data, Unicode, damage, security descriptors. */
export const SMALL_HIVES = [
  'msuhanov_yarp/hives_for_tests/BigDataHive',
  'msuhanov_yarp/hives_for_tests/UnicodeHive',
  'msuhanov_yarp/hives_for_tests/CompHive',
  'msuhanov_yarp/hives_for_tests/TwoOwnersHive',
  'msuhanov_yarp/hives_for_tests/BadListHive',
  'msuhanov_yarp/hives_for_tests/MultiSzHive',
  'msuhanov_yarp/hives_for_tests/DeletedTreeHive',
  'libguestfs_hivex/images/special',
  'libguestfs_hivex/images/rlenvalue_test_hive',
  'williballenthin_python-registry/tests/reg_samples/UNICODE_TESTS',
  'log2timeline_plaso/test_data/regf/100_sub_keys.hiv',
  'log2timeline_plaso/test_data/regf/corrupt_sub_key_list.hiv',
  'EricZimmerman_Registry/Registry.Test/Hives/SAM_hasBigEndianDWord',
  'mkorman90_regipy/regipy_tests/data/SECURITY',
  'mkorman90_regipy/regipy_tests/data/BCD',
];

/** Slower real hives (5000-key ri lists, megabytes) for long runs: `npm run fuzz -- --large`. */
export const LARGE_HIVES = [
  'msuhanov_yarp/hives_for_tests/ManySubkeysHive',
  'msuhanov_yarp/hives_for_tests/DuplicateSubkeysHive',
  'mkorman90_regipy/regipy_tests/data/SYSTEM',
  'mkorman90_regipy/regipy_tests/data/NTUSER.DAT',
  'log2timeline_plaso/test_data/NTUSER-WIN7.DAT',
  'Velocidex_velociraptor/artifacts/testdata/files/UsrClass.dat',
];

/** Dirty hives with their logs (new format, and the old DIRT format). */
export const LOG_SETS = [
  ['msuhanov_yarp/hives_for_tests/NewDirtyHive1/NewDirtyHive', 'NewDirtyHive.LOG1', 'NewDirtyHive.LOG2'],
  ['msuhanov_yarp/hives_for_tests/OldDirtyHive/OldDirtyHive', 'OldDirtyHive.LOG1'],
  ['msuhanov_yarp/hives_for_tests/BadLogHive3/BadLogHive', 'BadLogHive.LOG1', 'BadLogHive.LOG2'],
];
export const LARGE_LOG_SETS = [
  ['mkorman90_regipy/regipy_tests/data/UsrClass.dat', 'UsrClass.dat.LOG1', 'UsrClass.dat.LOG2'],
  ['mkorman90_regipy/regipy_tests/data/SYSTEM_B', 'SYSTEM_B.LOG1', 'SYSTEM_B.LOG2'],
];

interface HiveSeed {
  /** Corpus-relative path, or `writer:…` / `reg:…` for project-made inputs. */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly map: HiveMap;
}
interface LogSeed {
  readonly name: string;
  readonly primary: HiveSeed;
  readonly logs: { name: string; bytes: Uint8Array; path: string }[];
}
interface RegSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface Seeds {
  readonly hives: HiveSeed[];
  readonly logSets: LogSeed[];
  readonly regs: RegSeed[];
}

function hiveSeed(name: string, bytes: Uint8Array): HiveSeed {
  return { name, bytes, map: mapHive(bytes) };
}

export function loadSeeds(large = false): Seeds {
  const read = (p: string) => new Uint8Array(readFileSync(join(CORPUS, p)));
  const have = (p: string) => existsSync(join(CORPUS, p));
  const hives = [...SMALL_HIVES, ...(large ? LARGE_HIVES : [])].filter(have).map((p) => hiveSeed(p, read(p)));
  // Writer-made hives: every list kind, ri lists, big data, Unicode names, versions 1.3 and 1.5.
  const tree = large ? sampleTree() : fuzzTree();
  hives.push(hiveSeed('writer:1.5-lh', writeHive(tree)), hiveSeed('writer:1.3-li', writeHive(tree, { minorVersion: 3, subkeyList: 'li', maxLeafSize: 64 })));
  const logSets = [...LOG_SETS, ...(large ? LARGE_LOG_SETS : [])]
    .filter(([p]) => have(p))
    .map(([p, ...logs]) => {
      const dir = p.slice(0, p.lastIndexOf('/') + 1);
      return { name: p, primary: hiveSeed(p, read(p)), logs: logs.filter((l) => have(dir + l)).map((l) => ({ name: l, bytes: read(dir + l), path: dir + l })) };
    });
  const regDir = resolve(ROOT, 'test/fixtures/reg');
  const regs = readdirSync(regDir)
    .filter((f) => f.endsWith('.reg'))
    .sort()
    .map((f) => ({ name: `reg:${f}`, bytes: new Uint8Array(readFileSync(join(regDir, f))) }));
  if (have('Velocidex_velociraptor/artifacts/testdata/windows/init.reg')) regs.push({ name: 'init.reg', bytes: read('Velocidex_velociraptor/artifacts/testdata/windows/init.reg') });
  return { hives, logSets, regs };
}

/** A compact writer tree (cheap to read per case): a 300-key list, big data, every value type, Unicode names. */
function fuzzTree(): TreeKey {
  const big = new Uint8Array(40_000).map((_, i) => (i * 31) & 0xff);
  const values = [sz('', 'default'), sz('Name', 'Wert ü 中'), dword('D', 7), qword('Q', -1n), multiSz('M', ['a', '', 'b']), binary('Big', big), rawValue('Odd', 0x12345, Uint8Array.of(1, 2, 3)), rawValue('Link', 6, Uint8Array.of(0x41, 0))];
  const wide: TreeKey[] = Array.from({ length: 300 }, (_, i) => ({ name: `Sub${i}-ä`, values: i % 50 === 0 ? [dword('N', i)] : [], subkeys: [] }));
  let deep: TreeKey = { name: 'Leaf', values: [sz('x', 'y')], subkeys: [] };
  for (let d = 0; d < 20; d++) deep = { name: `D${d}`, values: [], subkeys: [deep] };
  return { name: 'ROOT', values, subkeys: [{ name: 'Wide', values: [], subkeys: wide }, { name: 'Ключ', values, subkeys: [deep] }, { name: 'Empty', values: [], subkeys: [] }] };
}

/** Where an input file came from: a corpus file (saved as a patch of it: the corpus is not ours to copy) or not. */
export interface Origin {
  readonly corpus?: string;
  readonly bytes: Uint8Array;
}

export interface FuzzCase {
  readonly target: TargetName;
  /** Originals of `input.primary` and of each of `input.logs`. */
  readonly origins: { readonly primary: Origin; readonly logs: readonly Origin[] };
  readonly seed: number;
  readonly source: string;
  readonly input: FuzzInput;
  readonly mutation: Mutation;
  /** The mutation touched a structure field (not only blind flips or truncation). */
  readonly structural: boolean;
}

/** Case `seed` of `target`: the source and the mutation both come from the seed alone. */
export function makeCase(seeds: Seeds, target: TargetName, seed: number): FuzzCase {
  const rng = new Rng(seed);
  if (target === 'reader') {
    const s = rng.pick(seeds.hives);
    const donor = rng.chance(0.2) ? rng.pick(seeds.hives).bytes : s.bytes;
    const m = mutateHive(rng, s.bytes, s.map, donor);
    return { target, seed, origins: { primary: origin(s.name, s.bytes), logs: [] }, source: s.name, input: { primary: m.bytes }, mutation: m, structural: m.ops.some((o) => o.includes('@0x') && !o.startsWith('flip')) };
  }
  if (target === 'logs') {
    const s = rng.pick(seeds.logSets);
    const origins = { primary: origin(s.name, s.primary.bytes), logs: s.logs.map((l) => origin(l.path, l.bytes)) };
    if (rng.chance(0.25)) {
      const m = mutateHive(rng, s.primary.bytes, s.primary.map);
      return { target, seed, origins, source: `${s.name} (primary)`, input: { primary: m.bytes, logs: s.logs }, mutation: m, structural: true };
    }
    const i = rng.below(s.logs.length);
    const m = mutateLog(rng, s.logs[i].bytes);
    const logs = s.logs.map((l, j) => (j === i ? { name: l.name, bytes: m.bytes } : l));
    return { target, seed, origins, source: `${s.name} (${s.logs[i].name})`, input: { primary: s.primary.bytes, logs }, mutation: m, structural: true };
  }
  const s = rng.pick(seeds.regs);
  const m = mutateRegText(rng, s.bytes);
  return { target, seed, origins: { primary: origin(s.name, s.bytes), logs: [] }, source: s.name, input: { primary: m.bytes }, mutation: m, structural: true };
}

function origin(name: string, bytes: Uint8Array): Origin {
  return name.includes(':') ? { bytes } : { corpus: name, bytes };
}

/** The bytes that differ from the original, as [offset, hex] runs, and the new length. */
function patchOf(original: Uint8Array, now: Uint8Array): { length: number; patches: [number, string][] } {
  const patches: [number, string][] = [];
  for (let i = 0; i < now.length; i++) {
    if (i < original.length && now[i] === original[i]) continue;
    let j = i;
    while (j < now.length && (j >= original.length || now[j] !== original[j])) j++;
    patches.push([i, Buffer.from(now.subarray(i, j)).toString('hex')]);
    i = j;
  }
  return { length: now.length, patches };
}

function applyPatch(original: Uint8Array, p: { length: number; patches: [number, string][] }): Uint8Array {
  const out = new Uint8Array(p.length);
  out.set(original.subarray(0, Math.min(original.length, p.length)));
  for (const [at, hex] of p.patches) out.set(Buffer.from(hex, 'hex'), at);
  return out;
}

export interface Failure {
  readonly c: FuzzCase;
  readonly outcome: Outcome;
}

/**
 * Writes a failing case as `<target>-seed<case seed>.json` in `dir`. Inputs derived from a corpus file are kept as
 * a patch of it (corpus path, new length, changed bytes); project-made ones as a file beside the JSON.
 */
export function saveFailure(f: Failure, dir = FIXTURES): string {
  mkdirSync(dir, { recursive: true });
  const stem = `${f.c.target}-seed${f.c.seed}`;
  const files = [f.c.input.primary, ...(f.c.input.logs ?? []).map((l) => l.bytes)];
  const origins = [f.c.origins.primary, ...f.c.origins.logs];
  const inputs = files.map((bytes, i) => {
    const o = origins[i];
    if (o.corpus) return { corpus: o.corpus, ...patchOf(o.bytes, bytes) };
    const file = `${stem}.${i === 0 ? (f.c.target === 'reg' ? 'reg' : 'bin') : `log${i}`}`;
    writeFileSync(join(dir, file), bytes);
    return { file };
  });
  const note = {
    target: f.c.target,
    seed: f.c.seed,
    source: f.c.source,
    ops: f.c.mutation.ops,
    outcome: f.outcome.kind,
    detail: 'error' in f.outcome ? f.outcome.error.split('\n').slice(0, 6) : `${Math.round(f.outcome.ms)} ms`,
    inputs,
    logNames: (f.c.input.logs ?? []).map((l) => l.name),
  };
  writeFileSync(join(dir, `${stem}.json`), JSON.stringify(note, null, 2) + '\n');
  return stem;
}

type SavedInput = { file: string } | { corpus: string; length: number; patches: [number, string][] };

/** Loads a saved fixture back into a case input; null when it needs a corpus file that is not here. */
export function loadFixture(jsonPath: string): { target: TargetName; input: FuzzInput } | null {
  const note = JSON.parse(readFileSync(jsonPath, 'utf8')) as { target: TargetName; inputs: SavedInput[]; logNames: string[] };
  const dir = jsonPath.slice(0, jsonPath.lastIndexOf('/') + 1);
  const files: Uint8Array[] = [];
  for (const i of note.inputs) {
    if ('file' in i) files.push(new Uint8Array(readFileSync(dir + i.file)));
    else if (existsSync(join(CORPUS, i.corpus))) files.push(applyPatch(new Uint8Array(readFileSync(join(CORPUS, i.corpus))), i));
    else return null;
  }
  return { target: note.target, input: { primary: files[0], logs: note.logNames.map((name, i) => ({ name, bytes: files[i + 1] })) } };
}

export interface RunStats {
  cases: number;
  read: number;
  refused: number;
  withAnomalies: number;
  structural: number;
  structuralWithAnomalies: number;
  truncations: number;
  truncationsWithAnomalies: number;
  slowestMs: number;
  slowest: string;
  failures: Failure[];
}

/** Runs `count` cases of `target` from case index `first`, seeds derived from `seed`. */
export function fuzz(
  seeds: Seeds,
  target: TargetName,
  seed: number,
  count: number,
  onFailure?: (f: Failure) => void,
  first = 0,
  onStart?: (index: number) => void,
  /** Run deleted-record recovery on every n-th case (1 = all; it triples a case's cost). */
  recoverEvery = 1,
): RunStats {
  const stats: RunStats = { cases: 0, read: 0, refused: 0, withAnomalies: 0, structural: 0, structuralWithAnomalies: 0, truncations: 0, truncationsWithAnomalies: 0, slowestMs: 0, slowest: '', failures: [] };
  for (let i = first; i < first + count; i++) {
    onStart?.(i);
    const c = makeCase(seeds, target, caseSeed(seed, i));
    const outcome = runCase(target, c.input, i % recoverEvery === 0);
    stats.cases++;
    if (outcome.ms > stats.slowestMs) {
      stats.slowestMs = outcome.ms;
      stats.slowest = `${target}-seed${c.seed} (${c.source})`;
    }
    if (outcome.kind === 'crash' || outcome.kind === 'hang') {
      const f = { c, outcome };
      stats.failures.push(f);
      onFailure?.(f);
      continue;
    }
    if (outcome.kind === 'refused') {
      stats.refused++;
      continue;
    }
    stats.read++;
    const damaged = outcome.summary.anomalies.length > 0;
    if (damaged) stats.withAnomalies++;
    if (c.structural) {
      stats.structural++;
      if (damaged) stats.structuralWithAnomalies++;
    }
    if (c.mutation.truncatedOnly) {
      stats.truncations++;
      if (damaged) stats.truncationsWithAnomalies++;
    }
  }
  return stats;
}
