/**
 * What a script or .reg file of the machine does to RDS licensing, line by line: delete the GracePeriod key or
 * its timebomb, rewrite the timebomb, move the clock, run tlsbln, import a .reg file, or only read the grace days.
 * Text only, never executed; commented-out lines do not count. .reg files go through the project's .reg reader.
 */
import { parseRegText } from '../regtext/index.js';
import type { ScriptLine } from './types.js';

export type { ScriptLine } from './types.js';

/**
 * delete-grace-key: reg delete, Remove-Item, RegDelete or a `[-…\GracePeriod]` section; delete-/rewrite-timebomb:
 * the `L$RTMTIMEBOMB_…` value removed or overwritten; clock-move: Set-Date, `date <new date>`, w32tm with an
 * offset, SetSystemTime; tlsbln: runs tlsbln.exe, which recreates the grace period; reg-import: regedit /s or reg
 * import (what it does is in that file); reads-grace: GetGracePeriodDays or a query of the key (monitoring).
 */
export type ScriptAction = ScriptLine['action'];

/** Actions that reset licensing on their own. */
export const DESTRUCTIVE: ReadonlySet<ScriptAction> = new Set(['delete-grace-key', 'delete-timebomb', 'rewrite-timebomb', 'clock-move', 'tlsbln']);

export interface ScriptScan {
  readonly lines: ScriptLine[];
  /** Files this one names that may run next (scripts, .reg files), with the line naming them. */
  readonly references: { readonly line: number; readonly target: string }[];
}

export type ScriptLanguage = 'cmd' | 'powershell' | 'vbscript' | 'reg' | 'unknown';

export function languageOf(path: string): ScriptLanguage {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'cmd' || ext === 'bat') return 'cmd';
  if (ext === 'ps1' || ext === 'psm1') return 'powershell';
  if (ext === 'vbs') return 'vbscript';
  if (ext === 'reg') return 'reg';
  return 'unknown';
}

const GRACE_KEY = /Terminal Server[\\/]+RCM[\\/]+GracePeriod/i;
const TIMEBOMB = /L\$RTMTIMEBOMB/i;
const DELETE = /\breg(?:\.exe)?\s+delete\b|\bRemove-Item(?:Property)?\b|\bRegDelete\b|\.DeleteSubKey(?:Tree)?\b|\.DeleteValue\b|\b(?:ri|rp)\s+['"$]/i;
const WRITE = /\breg(?:\.exe)?\s+add\b|\b(?:Set|New)-ItemProperty\b|\bRegWrite\b|\.SetValue\b/i;
const READ = /GetGracePeriodDays|\breg(?:\.exe)?\s+query\b|\bGet-ItemProperty\b|\bGet-Item\b|\bTest-Path\b|\bRegRead\b/i;
const CLOCK = [
  /\bSet-Date\b/i,
  /^\s*@?date(?:\.exe)?\s+(?!\/t\b)\S/i,
  /\bw32tm(?:\.exe)?\b.*(?:offset|[+-]\d)/i,
  /\bSetSystemTime\b|\bSetLocalTime\b/i,
];
const TLSBLN = /\btlsbln(?:\.exe)?\b/i;
const REG_IMPORT = /\bregedit(?:\.exe)?\s+(?:\/s|-s)\s+("[^"]+"|\S+)|\breg(?:\.exe)?\s+import\s+("[^"]+"|\S+)/i;
const FILE_REF = /(?:"([^"]+\.(?:cmd|bat|ps1|psm1|vbs|reg))"|'([^']+\.(?:cmd|bat|ps1|psm1|vbs|reg))'|([^\s"'<>|&;,()=]+\.(?:cmd|bat|ps1|psm1|vbs|reg)))(?![A-Za-z0-9])/gi;
const MAX_LINES = 20_000;

function comment(lang: ScriptLanguage, line: string): boolean {
  const t = line.trim();
  if (lang === 'cmd') return /^(?:@?rem\b|::)/i.test(t);
  if (lang === 'powershell') return t.startsWith('#');
  if (lang === 'vbscript') return /^(?:'|rem\b)/i.test(t);
  return false;
}

const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 299)}…` : s);

/** Scans a script's text; variables holding the key path count where they are used (`$key = '…\GracePeriod'`). */
export function scanScript(text: string, lang: ScriptLanguage): ScriptScan {
  const lines: ScriptLine[] = [];
  const references: { line: number; target: string }[] = [];
  const keyVars: string[] = [];
  const rows = text.split(/\r\n|\r|\n/).slice(0, MAX_LINES);
  // PowerShell block comments `<# … #>` are skipped as a whole.
  let inBlock = false;
  rows.forEach((raw, i) => {
    const line = i + 1;
    if (lang === 'powershell') {
      if (inBlock) {
        if (raw.includes('#>')) inBlock = false;
        return;
      }
      if (/^\s*<#/.test(raw) && !raw.includes('#>')) {
        inBlock = true;
        return;
      }
    }
    if (comment(lang, raw) || raw.trim() === '') return;
    const text = cut(raw.trim());
    const add = (action: ScriptAction) => {
      if (!lines.some((l) => l.line === line && l.action === action)) lines.push({ line, text, action });
    };
    const assigned = /^\s*(\$[\w:]+|set\s+"?(\w+)|(\w+))\s*=\s*(.*)$/i.exec(raw);
    if (assigned && GRACE_KEY.test(assigned[4]) && !DELETE.test(raw)) {
      const name = assigned[1].startsWith('$') ? assigned[1] : assigned[2] ? `%${assigned[2]}%` : assigned[3];
      keyVars.push(name.toLowerCase());
    }
    const lower = raw.toLowerCase();
    const namesKey = GRACE_KEY.test(raw) || keyVars.some((v) => lower.includes(v));
    const namesBomb = TIMEBOMB.test(raw);
    if (DELETE.test(raw) && namesBomb) add('delete-timebomb');
    else if (DELETE.test(raw) && namesKey) add('delete-grace-key');
    else if (WRITE.test(raw) && namesBomb) add('rewrite-timebomb');
    else if (namesKey || namesBomb || /GetGracePeriodDays/i.test(raw)) {
      if (READ.test(raw)) add('reads-grace');
    }
    if (CLOCK.some((r) => r.test(raw))) add('clock-move');
    if (TLSBLN.test(raw)) add('tlsbln');
    const imp = REG_IMPORT.exec(raw);
    if (imp) add('reg-import');
    for (const m of raw.matchAll(FILE_REF)) {
      const target = (m[1] ?? m[2] ?? m[3]).trim();
      if (!references.some((r) => r.target.toLowerCase() === target.toLowerCase())) references.push({ line, target });
    }
  });
  return { lines, references };
}

/** A .reg file through the project's reader: deletions and rewrites of the GracePeriod key and the timebomb. */
export function scanRegFile(bytes: Uint8Array, name: string): ScriptScan & { refused: string | null } {
  const r = parseRegText(bytes, name);
  if (r.refused) return { lines: [], references: [], refused: r.refused.message };
  const lines: ScriptLine[] = [];
  for (const h of r.hives) {
    const prefix = h.prefix ? `${h.prefix}\\` : '';
    for (const e of h.edits) {
      const key = prefix + e.path.join('\\');
      if (e.kind === 'delete-key' && GRACE_KEY.test(key)) lines.push({ line: e.line, text: cut(`[-${key}]`), action: 'delete-grace-key' });
      else if (e.kind === 'delete-value' && TIMEBOMB.test(e.name)) lines.push({ line: e.line, text: cut(`[${key}] "${e.name}"=-`), action: 'delete-timebomb' });
      else if (e.kind === 'value' && TIMEBOMB.test(e.name)) lines.push({ line: e.line, text: cut(`[${key}] "${e.name}"=…`), action: 'rewrite-timebomb' });
    }
  }
  lines.sort((a, b) => a.line - b.line);
  return { lines, references: [], refused: null };
}
