/**
 * Execution evidence of catalog tools: the artifact parsers' records (BAM/DAM, AppCompatCache, UserAssist, Amcache)
 * matched by file name against the tamper-tools catalog. The parsers know nothing of the catalog; this does.
 */
import { parseAmcache, parseAppCompatCacheHive, parseBam, parseUserAssist } from '../artifacts/index.js';
import type { HiveView } from '../view/registry-view.js';
import { isoOrNull, type HiveSource } from './source.js';
import { baseNameOf, matchTamperTool } from './tamper-tools.js';
import type { Provenance, ToolExecution } from './types.js';

export interface ExecutionInputs {
  readonly system: HiveSource | null;
  readonly users: readonly HiveSource[];
  /** Amcache.hve when the evidence holds it. */
  readonly amcache?: { readonly input: string; readonly view: HiveView } | null;
}

function evidence(src: HiveSource, keyPath: string, valueName: string, note: string | null): Provenance {
  const k = src.key(keyPath);
  const v = k?.value(valueName) ?? null;
  if (k && v) return { ...src.valueEvidence(k, v), ...(note ? { data: note } : {}) };
  return { input: src.input, keyPath: src.fullPath(keyPath), valueName, data: note, lastWrite: null };
}

export function gatherExecutions(i: ExecutionInputs): { sources: string[]; matches: ToolExecution[] } {
  const sources: string[] = [];
  const matches: ToolExecution[] = [];
  // Evidence is built only for a match: most records are not catalog tools.
  const add = (path: string, artifact: string, time: Date | null, timeBasis: string, user: string | null, ev: () => Provenance[]) => {
    const tool = matchTamperTool(path);
    if (!tool) return;
    matches.push({
      tool: { id: tool.id, name: tool.name, fileName: baseNameOf(path), resetScript: tool.resetScript === true },
      does: tool.does,
      artifact,
      path,
      time: isoOrNull(time),
      timeBasis,
      user,
      evidence: ev(),
    });
  };
  const s = i.system;
  if (s) {
    const bam = parseBam(s.hive.view);
    if (bam.present) sources.push('BAM/DAM');
    for (const r of bam.records) add(r.path, r.service.toUpperCase(), r.time, 'last execution', r.sid, () => [evidence(s, r.keyPath, r.path, r.filetime ? `FILETIME ${r.filetime}` : null)]);
    const acc = parseAppCompatCacheHive(s.hive.view);
    if (acc.present) sources.push('AppCompatCache');
    for (const r of acc.records) {
      const ran = r.executed === true ? ', executed flag set' : '';
      add(r.path, 'AppCompatCache', r.lastModified, 'file last modified (AppCompatCache keeps no run time)', null, () => [
        evidence(s, r.keyPath, 'AppCompatCache', `entry ${r.position} (${r.layout}${ran}): ${r.path}`),
      ]);
    }
  }
  for (const u of i.users) {
    const ua = parseUserAssist(u.hive.view);
    if (ua.present) sources.push(`UserAssist (${u.hive.user ?? u.input})`);
    for (const r of ua.records) add(r.path, 'UserAssist', r.lastRun, `last run, ${r.runCount} run(s)`, u.hive.user ?? null, () => [evidence(u, r.keyPath, r.rawName, `${r.path}: ${r.runCount} run(s)`)]);
  }
  const amcache = i.amcache;
  if (amcache) {
    const am = parseAmcache(amcache.view);
    if (am.present) sources.push('Amcache');
    for (const r of am.records) {
      add(r.path, `Amcache ${r.source}`, r.keyLastWrite, 'Amcache key LastWrite (first seen)', null, () => [
        { input: amcache.input, keyPath: `Amcache\\${r.keyPath}`, data: r.sha1 ? `SHA-1 ${r.sha1}` : null, lastWrite: isoOrNull(r.keyLastWrite) },
      ]);
    }
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  matches.sort((a, b) => cmp(a.time ?? '', b.time ?? '') || cmp(a.path, b.path) || cmp(a.artifact, b.artifact));
  return { sources, matches };
}
