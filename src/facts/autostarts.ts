/**
 * Commands the machine runs by itself, as command lines: scheduled task actions, Run/RunOnce values (machine and
 * users), and services whose image is a script host (cmd, powershell, wscript, cscript, regedit, reg) or a script.
 * Each command line is scanned for what it does inline and for catalog tool names.
 */
import { decodeSz, REG_EXPAND_SZ, REG_SZ } from '../view/value-types.js';
import { scanScript, type ScriptLanguage } from './script-scan.js';
import { baseNameOf, toolsNamedIn } from './tamper-tools.js';
import type { HiveSource } from './source.js';
import type { AutoStart, Provenance, TaskAction, ToolRef } from './types.js';

const RUN_KEYS_SOFTWARE = [
  'Microsoft\\Windows\\CurrentVersion\\Run',
  'Microsoft\\Windows\\CurrentVersion\\RunOnce',
  'Microsoft\\Windows\\CurrentVersion\\RunOnceEx',
  'Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\Run',
  'Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run',
  'Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce',
];
const RUN_KEYS_USER = ['Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce', 'Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\Run'];
const MAX_VALUES_PER_KEY = 1000;
const MAX_SERVICES = 5000;

/** Programs that run a script or change the registry from their arguments. */
const SCRIPT_HOSTS: Record<string, ScriptLanguage> = {
  'cmd.exe': 'cmd',
  'powershell.exe': 'powershell',
  'pwsh.exe': 'powershell',
  'wscript.exe': 'vbscript',
  'cscript.exe': 'vbscript',
  'regedit.exe': 'cmd',
  'reg.exe': 'cmd',
};
const SCRIPT_EXT = /\.(cmd|bat|ps1|psm1|vbs|reg)$/i;

/** The program of a command line: its first token, quoted or not (`"C:\x y\a.exe" -i` → `C:\x y\a.exe`). */
export function programOf(commandLine: string): string {
  const t = commandLine.trim();
  if (t.startsWith('"')) {
    const end = t.indexOf('"', 1);
    return end < 0 ? t.slice(1) : t.slice(1, end);
  }
  const exe = /^(.*?\.(?:exe|com|cmd|bat|ps1|vbs|reg))(?=\s|$)/i.exec(t);
  return exe ? exe[1] : (t.split(/\s+/)[0] ?? '');
}

function hostOf(program: string): ScriptLanguage | null {
  const base = baseNameOf(program).toLowerCase();
  return SCRIPT_HOSTS[base] ?? SCRIPT_HOSTS[`${base}.exe`] ?? null;
}

/** A script host or a script itself: what a service's ImagePath must be to be followed. */
export function isScriptCommand(commandLine: string): boolean {
  const p = programOf(commandLine);
  return hostOf(p) !== null || SCRIPT_EXT.test(p);
}

function toolRefs(text: string): ToolRef[] {
  return toolsNamedIn(text).map(({ tool, name }) => ({ id: tool.id, name: tool.name, fileName: name, resetScript: tool.resetScript === true }));
}

export function autoStart(id: string, via: AutoStart['via'], name: string, commandLine: string, workingDirectory: string, evidence: Provenance[]): AutoStart {
  const lang = hostOf(programOf(commandLine)) ?? 'cmd';
  const inline = scanScript(commandLine, lang).lines.filter((l) => l.action !== 'reg-import' || hostOf(programOf(commandLine)) !== null);
  return { id, via, name, commandLine, workingDirectory, inline, tools: toolRefs(commandLine), evidence };
}

export interface TaskDefinition {
  readonly path: string;
  readonly actions: readonly TaskAction[];
  readonly evidence: Provenance[];
  /** Registration and last-run times (TaskCache DynamicInfo, or the XML's Date), ISO 8601. */
  readonly registered: string | null;
  readonly lastRun: string | null;
  /** Read from a task XML file of the image rather than the TaskCache. */
  readonly xml?: boolean;
}

export function taskAutoStarts(tasks: readonly TaskDefinition[]): AutoStart[] {
  const out: AutoStart[] = [];
  for (const t of tasks) {
    t.actions.forEach((a, i) => {
      if (a.kind !== 'exec' && a.kind !== 'strings') return;
      const line = a.arguments ? `${a.command} ${a.arguments}` : a.command;
      if (line.trim() === '') return;
      const id = `${t.xml ? 'task-xml' : 'task'}:${t.path}${t.actions.length > 1 ? `#${i + 1}` : ''}`;
      out.push({ ...autoStart(id, 'task', t.path, line, a.workingDirectory, t.evidence), ...(t.registered ? { registered: t.registered } : {}), ...(t.lastRun ? { lastRun: t.lastRun } : {}) });
    });
  }
  return out;
}

function runValues(src: HiveSource, keys: readonly string[], out: AutoStart[]): void {
  for (const path of keys) {
    const k = src.key(path);
    if (!k) continue;
    for (const v of k.values().slice(0, MAX_VALUES_PER_KEY)) {
      if (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ) continue;
      const cmd = decodeSz(v.data).trim();
      if (cmd === '') continue;
      out.push(autoStart(`run:${src.fullPath(path)}\\${v.name}`, 'run', v.name, cmd, '', [src.valueEvidence(k, v)]));
    }
  }
}

export function registryAutoStarts(system: HiveSource | null, cs: string | null, software: HiveSource | null, users: readonly HiveSource[]): AutoStart[] {
  const out: AutoStart[] = [];
  if (software) runValues(software, RUN_KEYS_SOFTWARE, out);
  for (const u of users) runValues(u, RUN_KEYS_USER, out);
  const services = system && cs ? system.key(`${cs}\\Services`) : null;
  if (system && services) {
    for (const svc of services.subkeys().slice(0, MAX_SERVICES)) {
      const v = svc.value('ImagePath');
      if (!v || (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ)) continue;
      const cmd = decodeSz(v.data).trim();
      if (!isScriptCommand(cmd)) continue;
      out.push(autoStart(`service:${svc.name}`, 'service', svc.name, cmd, '', [system.valueEvidence(svc, v)]));
    }
  }
  return out;
}
