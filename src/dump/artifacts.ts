/**
 * `dump --artifact NAME`: the execution-artifact parsers' records as JSON lines
 * `{"artifact","path","time","user"?,"extra"?,"offset"}` — `path` exactly as Windows wrote it, `time` ISO-8601 UTC
 * (millisecond precision; the exact FILETIME is in `extra`) or null, `offset` the record's cell in the file or null.
 */
import { parseAmcache } from '../artifacts/amcache.js';
import { parseAppCompatCacheHive } from '../artifacts/appcompatcache.js';
import { parseBam } from '../artifacts/bam.js';
import type { TaskAction } from '../artifacts/task-actions.js';
import { parseTaskCache } from '../artifacts/taskcache.js';
import type { ExtraValue } from '../artifacts/types.js';
import { parseUserAssist } from '../artifacts/userassist.js';
import type { Anomaly } from '../view/anomaly.js';
import type { HiveView } from '../view/registry-view.js';

import type { ArtifactName } from './artifact-names.js';
export { ARTIFACT_NAMES, type ArtifactName } from './artifact-names.js';

export interface ArtifactLine {
  readonly artifact: ArtifactName;
  readonly path: string;
  readonly time: string | null;
  readonly user?: string;
  readonly extra?: { readonly [k: string]: ExtraValue };
  readonly offset: number | null;
}

export interface ArtifactDump {
  readonly lines: ArtifactLine[];
  readonly anomalies: Anomaly[];
  /** False when the hive holds no such artifact at all. */
  readonly present: boolean;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Drops undefined members so the JSON stays minimal and stable. */
function clean(o: Record<string, ExtraValue | undefined>): { [k: string]: ExtraValue } {
  const out: { [k: string]: ExtraValue } = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

function actionExtra(a: TaskAction): { [k: string]: ExtraValue } {
  return { ...a, ...(a.kind === 'email' ? { headers: a.headers.map((h) => ({ ...h })) } : {}) } as { [k: string]: ExtraValue };
}

export function artifactLines(view: HiveView, artifact: ArtifactName): ArtifactDump {
  const line = (path: string, time: Date | null, extra: Record<string, ExtraValue | undefined>, offset: number | undefined, user?: string): ArtifactLine => ({
    artifact,
    path,
    time: iso(time),
    ...(user !== undefined ? { user } : {}),
    extra: clean(extra),
    offset: offset ?? null,
  });
  switch (artifact) {
    case 'bam': {
      const r = parseBam(view);
      const lines = r.records.map((b) => line(b.path, b.time, { service: b.service, key: b.layout, filetime: b.filetime }, b.offset, b.sid));
      return { lines, anomalies: r.anomalies, present: r.present };
    }
    case 'appcompatcache': {
      const r = parseAppCompatCacheHive(view);
      const lines = r.records.map((e) =>
        line(e.path, e.lastModified, {
          position: e.position,
          layout: e.layout,
          filetime: e.lastModifiedFiletime,
          executed: e.executed,
          packageName: e.packageName,
          size: e.size,
          lastUpdate: e.lastUpdate === undefined ? undefined : iso(e.lastUpdate),
          dataOffset: e.dataOffset,
        }, e.offset),
      );
      return { lines, anomalies: r.anomalies, present: r.present };
    }
    case 'amcache': {
      const r = parseAmcache(view);
      const lines = r.records.map((a) =>
        line(a.path, a.keyLastWrite, {
          source: a.source,
          sha1: a.sha1,
          size: a.size,
          name: a.name,
          publisher: a.publisher,
          productName: a.productName,
          version: a.version,
          linkDate: a.linkDate,
          programId: a.programId,
          lastModified: a.lastModified === undefined ? undefined : iso(a.lastModified),
          lastModified2: a.lastModified2 === undefined ? undefined : iso(a.lastModified2),
          created: a.created === undefined ? undefined : iso(a.created),
          volumeId: a.volumeId,
          fileReference: a.fileReference,
          key: a.keyPath,
        }, a.offset),
      );
      return { lines, anomalies: r.anomalies, present: r.present };
    }
    case 'userassist': {
      const r = parseUserAssist(view);
      const lines = r.records.map((u) =>
        line(u.path, u.lastRun, {
          guid: u.guid,
          rawName: u.rawName,
          format: u.format,
          count: u.count,
          runCount: u.runCount,
          focusCount: u.focusCount,
          focusTimeMs: u.focusTimeMs,
          filetime: u.lastRunFiletime,
        }, u.offset),
      );
      return { lines, anomalies: r.anomalies, present: r.present };
    }
    case 'tasks': {
      const r = parseTaskCache(view);
      const lines = r.records.map((t) =>
        line(t.path, t.registered, {
          id: t.id,
          inTree: t.inTree,
          hasDefinition: t.hasDefinition,
          lastRun: iso(t.lastRun),
          completed: iso(t.completed),
          author: t.author,
          uri: t.uri,
          actionsVersion: t.actions?.version,
          context: t.actions?.context ?? undefined,
          actions: t.actions ? t.actions.actions.map(actionExtra) : undefined,
        }, t.offset),
      );
      return { lines, anomalies: r.anomalies, present: r.present };
    }
  }
}

/** Writes the lines, one JSON object each; returns the anomalies met. */
export function dumpArtifactJsonl(view: HiveView, artifact: ArtifactName, out: (s: string) => void): ArtifactDump {
  const d = artifactLines(view, artifact);
  let buf = '';
  for (const l of d.lines) {
    buf += JSON.stringify(l) + '\n';
    if (buf.length > 1 << 16) {
      out(buf);
      buf = '';
    }
  }
  if (buf) out(buf);
  return d;
}
