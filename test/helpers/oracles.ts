/**
 * Independent implementations used as oracles (reglookup, hivex, regripper, mactime), and wabt's wat2wasm. CI installs them (.ci/run); a test that
 * needs one is skipped on a developer machine without it, but fails under CI so a missing install is seen.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Real hives from public test suites (README, MANIFEST.tsv): ../shared/corpus beside the clone, or RDSLIC_CORPUS. */
export const CORPUS = resolve(ROOT, process.env.RDSLIC_CORPUS ?? '../shared/corpus');
export const SHARED_TOOLS = resolve(ROOT, '../shared/tools');
/** Debian's python3 carries python3-hivex; a pyenv python3 earlier on PATH does not. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined;
}

export const oracles = {
  reglookup: existsSync('/usr/bin/reglookup') || has('reglookup', ['-h']),
  hivexml: existsSync('/usr/bin/hivexml'),
  hivexregedit: existsSync('/usr/bin/hivexregedit'),
  /** Debian's regripper (rip.pl): plugins bam, appcompatcache, amcache, userassist, taskcache, tasks. */
  regripper: existsSync('/usr/bin/regripper'),
  pythonHivex: spawnSync(SYSTEM_PYTHON, ['-c', 'import hivex'], { stdio: 'ignore' }).status === 0,
  /** Debian's sleuthkit: reads mactime bodyfiles. */
  mactime: existsSync('/usr/bin/mactime'),
  corpus: existsSync(CORPUS),
  /** Runs the Windows executable (test/exe). */
  wine: existsSync('/usr/bin/wine') || has('wine', ['--version']),
  /** wabt's assembler: the committed DPAPI WebAssembly kernel against its source. */
  wat2wasm: existsSync('/usr/bin/wat2wasm') || has('wat2wasm', ['--version']),
};

/** True when the oracle is there; under CI a missing oracle is an error, not a skip. */
export function requireOracle(name: keyof typeof oracles): boolean {
  if (oracles[name]) return true;
  if (process.env.CI) throw new Error(`oracle ${name} is not installed (.ci/run must install it)`);
  return false;
}

/** hivex's view of a hive in our dump shape, via ../shared/tools/hivex-dump.py. */
export function hivexDump(hivePath: string): string {
  return execFileSync(SYSTEM_PYTHON, [resolve(SHARED_TOOLS, 'hivex-dump.py'), hivePath], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
}
