/**
 * The `--out` folder, checked before any analysis and written after it:
 * - Evidence guard: never inside a folder given as input, never inside (or at) an input file or archive, and no
 *   report file at the path of an input, a log or the config file. A new folder beside loose input files (the
 *   default `reports/` in a case folder) touches no evidence and is fine.
 * - Environment: a file in the way, a folder that cannot be created or written (permission, read-only, special
 *   file systems such as /proc, where Node's recursive mkdir never returns) is one usage line, before the work.
 * - One run per folder: `.rdslic-manifest.json` lists the files rdslic wrote there; the next run removes them
 *   and writes its own. A non-empty folder that rdslic did not write is refused unless `--force`.
 * Report file names come from the renderers (sanitised there) and are checked again here: hive content never
 * picks a path.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, rmdirSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './usage-error.js';
import { environmentReason } from './environment-error.js';
import type { RenderedFile, RunSink } from '../report/fleet-stream.js';

export const MANIFEST_NAME = '.rdslic-manifest.json';

export interface OutputFolderOptions {
  /** The evidence: folders, hive files, .reg files and zips as named on the command line. */
  readonly inputs: readonly string[];
  /** Further files never to be written over (transaction logs named with --log, the --config file). */
  readonly protect?: readonly string[];
  /** Write into a non-empty folder rdslic did not write (its files are left alone unless overwritten). */
  readonly force?: boolean;
  readonly cwd?: string;
}

export interface OutputFolder {
  /** Absolute path (symbolic links resolved). */
  readonly dir: string;
  /** As the user named it, for messages. */
  readonly display: string;
  /** Writes the reports: removes the previous run's files, writes these and the manifest; returns the paths. */
  write(files: readonly RenderedFile[]): string[];
  /** The same, file by file as they are produced: `names` are every file the run will write (for the manifest). */
  open(names: readonly string[]): ReportWriter;
  /** The run ended before writing: folders this run created (still empty) are removed again. */
  discard(): void;
}

/** Files of a run written as they come: whole ones, and run-wide ones in chunks; close() writes the manifest. */
export interface ReportWriter extends RunSink {
  /** Closes the files and writes the final manifest; returns the paths of every announced file. */
  close(): string[];
  /** A report file could not be written (elsewhere, e.g. by a pool worker): the one-line usage error. */
  fail(e: unknown): never;
}

const caseFold = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);

/** `child` equals or lies below `parent` (both absolute); `..reports` is a name, not a parent reference. */
function inside(child: string, parent: string): boolean {
  const r = relative(caseFold(parent), caseFold(child));
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/** The real path of `p`: symbolic links resolved in the part that exists, the rest appended as named. */
function realish(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync(cur), ...rest.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return abs;
      rest.push(basename(cur));
      cur = up;
    }
  }
}

function kindOf(p: string): 'dir' | 'file' | 'other' | null {
  try {
    const st = statSync(p);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch {
    return null;
  }
}

function shown(p: string, cwd: string): string {
  const r = relative(cwd, p);
  return r !== '' && !isAbsolute(r) && r.split(sep).filter((s) => s === '..').length <= 2 ? r : p;
}

/** A folder beside the evidence named after it, outside every input: what the refusal suggests. */
function suggestion(evidence: string, inputsReal: readonly string[], cwd: string): string {
  let base = evidence;
  for (let i = 0; i < 16; i++) {
    const candidate = join(dirname(base), `${basename(base) || 'evidence'}-reports`);
    if (!inputsReal.some((inp) => inside(candidate, inp))) return shown(candidate, cwd);
    if (dirname(base) === base) break;
    base = dirname(base);
  }
  return join(cwd === '/' ? '/tmp' : dirname(cwd), 'rdslic-reports');
}

function fail(message: string): never {
  throw new UsageError(message);
}

function envFail(what: string, e: unknown): never {
  const reason = environmentReason(e);
  if (!reason) throw e;
  throw new UsageError(`${what}: ${reason}`);
}

/** Creates the missing folders one level at a time (never `recursive`, which loops on /proc); returns them. */
export function makeFolders(dir: string, display: string): string[] {
  const missing: string[] = [];
  let cur = dir;
  for (;;) {
    const k = kindOf(cur);
    if (k === 'dir') break;
    if (k !== null) fail(`${display}: ${cur === dir ? 'exists and is not a folder' : `${cur} is a file, not a folder`}`);
    missing.push(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  const created: string[] = [];
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      for (const c of created.reverse()) removeEmpty(c);
      envFail(`${display}: cannot create the folder ${d}`, e);
    }
    created.push(d);
    // A special file system may accept mkdir and still not hold a folder afterwards.
    if (kindOf(d) !== 'dir') fail(`${display}: cannot create a folder there (${d} is not a folder after mkdir)`);
  }
  return created;
}

function removeEmpty(d: string): void {
  try {
    rmdirSync(d);
  } catch {
    // not empty or already gone: left as it is
  }
}

/** The files the previous run listed, or null when the manifest is missing or not one of ours. */
function readManifest(dir: string): string[] | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as { tool?: unknown; files?: unknown };
    if (m.tool !== 'rdslic' || !Array.isArray(m.files)) return null;
    return m.files.filter((f): f is string => typeof f === 'string' && isPlainName(f));
  } catch {
    return null;
  }
}

function isPlainName(name: string): boolean {
  return name !== '' && name === basename(name) && !name.startsWith('.') && !/[\\/\0]/.test(name) && name !== '..';
}

function manifestText(files: readonly string[]): string {
  return JSON.stringify({ tool: 'rdslic', note: 'files written by rdslic; the next run into this folder replaces them', files: [...files].sort() }, null, 2) + '\n';
}

/** Checks `--out` against the evidence and the environment, and creates it; nothing is written yet. */
export function prepareOutputFolder(out: string, options: OutputFolderOptions): OutputFolder {
  const cwd = options.cwd ?? process.cwd();
  const dir = realish(resolve(cwd, out));
  const protectedFiles = new Set<string>();

  const named = options.inputs.map((input) => {
    const real = realish(resolve(cwd, input));
    return { input, real, kind: kindOf(real) };
  });
  const folders = named.filter((n) => n.kind === 'dir').map((n) => n.real);
  for (const { input, real, kind } of named) {
    if (kind === null) continue;
    if (kind !== 'dir') protectedFiles.add(caseFold(real));
    if (!inside(dir, real)) continue;
    const named = ['.', '..', ''].includes(basename(input)) ? `${input} (${real})` : input;
    if (kind === 'dir') fail(`--out ${out} is inside the input folder ${named}; rdslic never writes into evidence: choose e.g. --out ${suggestion(real, folders, cwd)}`);
    const what = /\.zip$/i.test(input) ? 'input archive' : 'input file';
    fail(`--out ${out} ${dir === real ? 'is' : 'lies inside'} the ${what} ${named}; rdslic never writes over evidence: choose e.g. --out ${suggestion(real, folders, cwd)}`);
  }
  for (const p of options.protect ?? []) protectedFiles.add(caseFold(realish(resolve(cwd, p))));

  const existed = kindOf(dir);
  if (existed !== null && existed !== 'dir') fail(`--out ${out} is a file, not a folder: choose a folder (it is created if missing)`);
  let previous: string[] = [];
  if (existed === 'dir') {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (e) {
      envFail(`--out ${out}: cannot list the folder`, e);
    }
    const manifest = readManifest(dir);
    const listed = new Set(manifest ?? []);
    const foreign = entries.filter((n) => n !== MANIFEST_NAME && !listed.has(n)).sort();
    if (foreign.length > 0 && !options.force) {
      const sample = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
      fail(`--out ${out} is not empty and rdslic did not write what is there (${sample}): choose a new or empty folder, or add --force to write beside those files`);
    }
    previous = (manifest ?? []).filter((n) => entries.includes(n));
  }

  const created = existed === 'dir' ? [] : makeFolders(dir, `--out ${out}`);
  // Writable? Probed with a file of our own, removed at once (permission, read-only mount, full disk).
  const probe = join(dir, `.rdslic-write-test-${process.pid}`);
  try {
    const fd = openSync(probe, 'wx');
    try {
      writeSync(fd, 'rdslic');
    } finally {
      closeSync(fd);
    }
    unlinkSync(probe);
  } catch (e) {
    try {
      unlinkSync(probe);
    } catch {
      // never created
    }
    for (const c of [...created].reverse()) removeEmpty(c);
    envFail(`--out ${out}: cannot write in this folder`, e);
  }

  let done = false;
  const folder: OutputFolder = {
    dir,
    display: out,
    discard() {
      if (done) return;
      done = true;
      for (const c of [...created].reverse()) removeEmpty(c);
    },
    write(files) {
      const w = folder.open(files.map((f) => f.fileName));
      for (const f of files) w.file(f.fileName, f.content);
      return w.close();
    },
    open(names) {
      done = true;
      for (const name of names) {
        // Defence in depth: a name is one plain path component, never chosen by hive content beyond that.
        if (!isPlainName(name) || name === MANIFEST_NAME) throw new Error(`refusing report file name ${JSON.stringify(name)}`);
        if (protectedFiles.has(caseFold(join(dir, name)))) fail(`--out ${out}: the report ${name} would overwrite an input of this run; choose another --out`);
      }
      const listed = new Set(names);
      const target = (name: string) => {
        if (!listed.has(name)) throw new Error(`report file ${JSON.stringify(name)} was not announced`);
        return join(dir, name);
      };
      const cannot = (e: unknown): never => envFail(`--out ${out}: cannot write the reports`, e);
      try {
        // Listed before anything is written, so a run cut short is still cleaned up by the next one.
        writeFileSync(join(dir, MANIFEST_NAME), manifestText([...new Set([...previous, ...names])]));
        for (const old of previous) {
          if (listed.has(old) || protectedFiles.has(caseFold(join(dir, old)))) continue;
          try {
            if (lstatSync(join(dir, old)).isFile() || lstatSync(join(dir, old)).isSymbolicLink()) unlinkSync(join(dir, old));
          } catch {
            // already gone
          }
        }
      } catch (e) {
        cannot(e);
      }
      const open = new Map<string, number>();
      return {
        fail: cannot,
        file(name, content) {
          try {
            writeFileSync(target(name), content);
          } catch (e) {
            cannot(e);
          }
        },
        append(name, chunk) {
          try {
            let fd = open.get(name);
            if (fd === undefined) {
              fd = openSync(target(name), 'w');
              open.set(name, fd);
            }
            writeSync(fd, chunk);
          } catch (e) {
            cannot(e);
          }
        },
        close() {
          try {
            for (const fd of open.values()) closeSync(fd);
            open.clear();
            writeFileSync(join(dir, MANIFEST_NAME), manifestText(names));
          } catch (e) {
            cannot(e);
          }
          return names.map((n) => join(dir, n));
        },
      };
    },
  };
  return folder;
}
