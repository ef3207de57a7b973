/**
 * Following auto-starts into the image: the scripts and .reg files a command line names are looked up among the
 * machine's files, read (bounded in size, count and depth), scanned, and what they name in turn is followed.
 * Nothing is executed; a name that is not in the image is listed as unresolved.
 */
import { sha256Hex } from '../dpapi/sha256-hex.js';
import type { MachineFile } from '../evidence/types.js';
import { languageOf, scanRegFile, scanScript } from './script-scan.js';
import { baseNameOf, matchTamperTool } from './tamper-tools.js';
import type { AutoStart, FollowedScript, ScriptLine, TamperFacts, ToolRef } from './types.js';

export const FOLLOW_LIMITS = { maxBytes: 1024 * 1024, maxDepth: 4, maxFiles: 200 } as const;

/** Default folders of a Windows install, for %VAR% and $env:VAR in command lines. */
const ENV: Record<string, string> = {
  systemroot: 'C:\\Windows',
  windir: 'C:\\Windows',
  systemdrive: 'C:',
  programfiles: 'C:\\Program Files',
  'programfiles(x86)': 'C:\\Program Files (x86)',
  programw6432: 'C:\\Program Files',
  programdata: 'C:\\ProgramData',
  allusersprofile: 'C:\\ProgramData',
  public: 'C:\\Users\\Public',
  commonprogramfiles: 'C:\\Program Files\\Common Files',
};

export function expandEnv(s: string): string {
  return s
    .replace(/%([^%\s]+)%/g, (m, n: string) => ENV[n.toLowerCase()] ?? m)
    .replace(/\$\{?env:([A-Za-z0-9_()]+)\}?/g, (m, n: string) => ENV[n.toLowerCase()] ?? m);
}

/** `C:\a\..\b\.\c` → `\B\C` (no drive, upper case): the image holds one volume, so drives do not separate files. */
function lookupKey(path: string): string {
  const out: string[] = [];
  for (const p of path.replace(/^[A-Za-z]:/, '').split(/[\\/]+/)) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p.toUpperCase());
  }
  return `\\${out.join('\\')}`;
}

function dirOf(windowsPath: string): string {
  const i = windowsPath.lastIndexOf('\\');
  return i <= 0 ? windowsPath : windowsPath.slice(0, i);
}

/** Text of a script: UTF-16 with a BOM (PowerShell ISE, Notepad), else UTF-8 (ASCII scripts decode the same). */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

function toolRef(fileName: string): ToolRef | null {
  const t = matchTamperTool(fileName);
  return t ? { id: t.id, name: t.name, fileName: baseNameOf(fileName), resetScript: t.resetScript === true } : null;
}

interface Pending {
  readonly target: string;
  readonly baseDir: string;
  readonly from: string;
  readonly chain: string[];
  readonly depth: number;
}

export function followAutoStarts(starts: readonly AutoStart[], files: readonly MachineFile[] | undefined): Pick<TamperFacts, 'scripts' | 'unresolved'> {
  const scripts: FollowedScript[] = [];
  const unresolved: TamperFacts['unresolved'] = [];
  if (!files || files.length === 0) return { scripts, unresolved };
  const byPath = new Map<string, MachineFile>();
  for (const f of files) if (!byPath.has(lookupKey(f.windowsPath))) byPath.set(lookupKey(f.windowsPath), f);
  const seen = new Set<string>();

  const resolve = (target: string, baseDir: string): MachineFile | null | 'network' => {
    const t = expandEnv(target.replace(/^["']|["']$/g, '')).replace(/\//g, '\\');
    if (t.startsWith('\\\\')) return 'network';
    if (/^[A-Za-z]:\\/.test(t) || t.startsWith('\\')) return byPath.get(lookupKey(t)) ?? null;
    for (const dir of [baseDir, 'C:\\Windows\\System32', 'C:\\Windows']) {
      if (!dir) continue;
      const f = byPath.get(lookupKey(`${dir}\\${t}`));
      if (f) return f;
    }
    return null;
  };

  const queue: Pending[] = [];
  for (const s of starts) {
    const label = `${s.via} ${s.name}`;
    for (const target of referencedFiles(s.commandLine)) queue.push({ target, baseDir: s.workingDirectory ? expandEnv(s.workingDirectory) : '', from: s.id, chain: [label], depth: 1 });
  }
  while (queue.length > 0 && scripts.length < FOLLOW_LIMITS.maxFiles) {
    const p = queue.shift()!;
    const f = resolve(p.target, p.baseDir);
    if (f === 'network' || f === null) {
      const reason = f === 'network' ? 'network path: not in the image' : 'not in the image';
      if (!unresolved.some((u) => u.from === p.from && u.target === p.target)) unresolved.push({ from: p.from, target: p.target, reason });
      continue;
    }
    const key = lookupKey(f.windowsPath);
    if (seen.has(key)) continue;
    seen.add(key);
    const chain = [...p.chain, f.windowsPath];
    let bytes: Uint8Array;
    try {
      bytes = f.read(FOLLOW_LIMITS.maxBytes);
    } catch (e) {
      scripts.push({ path: f.path, windowsPath: f.windowsPath, size: f.size, sha256: '', truncated: false, reachedFrom: p.from, chain, lines: [], tool: toolRef(f.windowsPath), problem: `could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
      continue;
    }
    const lang = languageOf(f.windowsPath);
    let lines: ScriptLine[];
    let problem: string | undefined;
    let refs: { line: number; target: string }[] = [];
    if (lang === 'reg') {
      const r = scanRegFile(bytes, f.path);
      lines = r.lines;
      if (r.refused) problem = `not readable as a .reg file: ${r.refused}`;
    } else {
      const r = scanScript(decodeText(bytes), lang);
      lines = r.lines;
      refs = r.references;
    }
    const truncated = f.size > bytes.length;
    scripts.push({
      path: f.path,
      windowsPath: f.windowsPath,
      size: f.size,
      sha256: sha256Hex(bytes),
      truncated,
      reachedFrom: p.from,
      chain,
      lines,
      tool: toolRef(f.windowsPath),
      ...(problem ? { problem } : truncated ? { problem: `only the first ${bytes.length} bytes were read` } : {}),
    });
    if (p.depth >= FOLLOW_LIMITS.maxDepth) continue;
    for (const r of refs) {
      if (r.target.toLowerCase() === baseNameOf(f.windowsPath).toLowerCase()) continue;
      queue.push({ target: r.target, baseDir: dirOf(f.windowsPath), from: p.from, chain: [...p.chain, `${f.windowsPath} line ${r.line}`], depth: p.depth + 1 });
    }
  }
  return { scripts, unresolved };
}

/** Scripts and .reg files a command line runs: its program when that is a script, and every script named in it. */
export function referencedFiles(commandLine: string): string[] {
  const out: string[] = [];
  for (const r of scanScript(commandLine, 'cmd').references) if (!out.some((o) => o.toLowerCase() === r.target.toLowerCase())) out.push(r.target);
  return out;
}
