/**
 * The grace-period timeline: the dates that matter (OS install, RDSH role, grace start, as-of, grace end) laid out
 * on a linear axis as plain numbers, so the template draws the SVG and the Markdown view lists the same points.
 */
import type { HostReport } from '../analysis/report.js';
import { DESTRUCTIVE } from '../facts/script-scan.js';
import type { Provenance } from '../facts/types.js';
import { displayDate, displayTime } from './format.js';

export const TIMELINE_WIDTH = 760;
const MARGIN = 24;
const AXIS_Y = 92;
/** Rough width of one label character at the SVG's 12px font, for overlap avoidance. */
const CHAR_WIDTH = 6.6;
/** Label rows: above the axis nearest first, then below. */
const ROW_Y = [AXIS_Y - 14, AXIS_Y - 34, AXIS_Y - 54, AXIS_Y - 74, AXIS_Y + 26, AXIS_Y + 46];

export type TimelineKind = 'install' | 'role' | 'grace-start' | 'as-of' | 'grace-end' | 'tamper';

/** Tamper events drawn at most, so a host with many runs of a tool keeps a readable axis (the facts list all). */
const MAX_TAMPER_POINTS = 8;

export interface TimelinePoint {
  readonly kind: TimelineKind;
  readonly label: string;
  readonly time: string;
  readonly display: string;
  /** `2025-06-01`, as the SVG label prints it. */
  readonly date: string;
  /** Basis of the date, e.g. "GracePeriod key LastWrite" or "estimated: key LastWrite + 120 days". */
  readonly basis: string;
  readonly estimated: boolean;
  readonly x: number;
  readonly labelX: number;
  readonly labelY: number;
  readonly anchor: 'start' | 'middle' | 'end';
  /** Where the tick line from the axis toward the label ends. */
  readonly tickY: number;
}

export interface Timeline {
  readonly width: number;
  readonly height: number;
  readonly axisY: number;
  readonly x0: number;
  readonly x1: number;
  readonly points: TimelinePoint[];
  /** The grace window as a bar, and the part of it already used as of the image time. */
  readonly grace: { readonly x: number; readonly width: number; readonly usedWidth: number; readonly estimated: boolean } | null;
  /** One sentence for screen readers and the Markdown view. */
  readonly description: string;
}

/** One dated fact of a host: what the SVG draws and what the timeline exports (TLN, bodyfile, Timesketch) list. */
export interface TimelineDate {
  readonly kind: TimelineKind;
  readonly label: string;
  readonly time: string;
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly basis: string;
  readonly estimated: boolean;
  /** The registry row the date was read from, when there is one. */
  readonly evidence: Provenance | null;
}

type RawPoint = TimelineDate;

function point(kind: TimelineKind, label: string, time: string | null | undefined, basis: string, evidence: readonly Provenance[] | undefined, estimated = false): RawPoint | null {
  if (!time) return null;
  const t = Date.parse(time);
  return Number.isNaN(t) ? null : { kind, label, time, t, basis, estimated, evidence: evidence?.[0] ?? null };
}

/** The host's dated facts in this order: OS install, RDSH role, grace start, as-of, grace end (those known). */
export function timelineDates(host: HostReport): TimelineDate[] {
  const g = host.facts.gracePeriod;
  const graceStart = point('grace-start', 'Grace start', g.keyLastWrite, 'LastWrite of the GracePeriod key (written when the session host first starts)', g.keyEvidence);
  const graceEnd = point(
    'grace-end',
    g.endKind === 'estimated' ? 'Grace end (estimated)' : 'Grace end',
    g.end,
    g.endKind === 'decoded' ? `decrypted timebomb (${g.decoded?.derivation ?? 'DPAPI'})` : 'estimated: GracePeriod key LastWrite + 120 days',
    g.endKind === 'decoded' ? (g.timebomb?.evidence ?? g.keyEvidence) : g.keyEvidence,
    g.endKind !== 'decoded',
  );
  const installFact = host.facts.identity.installDate;
  const install = point('install', 'OS installed', installFact?.value, 'InstallDate / InstallTime in SOFTWARE', installFact?.evidence);
  const roleAt = host.facts.roles.rdshInstalledAt;
  const role = roleAt && roleAt.time !== installFact?.value ? point('role', 'RDSH role', roleAt.time, roleAt.basis, roleAt.evidence) : null;
  const asOf = point('as-of', 'As of', host.asOf.time, 'image clock', host.facts.asOf.evidence, host.asOf.source !== 'shutdown-time');
  return [install, role, graceStart, asOf, graceEnd, ...tamperPoints(host)].filter((p): p is RawPoint => p !== null);
}

/** Null when the host has neither a grace start nor a grace end (no GracePeriod key, or a .reg without LastWrite). */
export function buildTimeline(host: HostReport): Timeline | null {
  const raw = timelineDates(host);
  if (!raw.some((p) => p.kind === 'grace-start' || p.kind === 'grace-end')) return null;
  const graceStart = raw.find((p) => p.kind === 'grace-start');
  const graceEnd = raw.find((p) => p.kind === 'grace-end');
  const asOf = raw.find((p) => p.kind === 'as-of');

  const min = Math.min(...raw.map((p) => p.t));
  const max = Math.max(...raw.map((p) => p.t));
  const x0 = MARGIN;
  const x1 = TIMELINE_WIDTH - MARGIN;
  const xOf = (t: number) => (max === min ? (x0 + x1) / 2 : x0 + ((t - min) / (max - min)) * (x1 - x0));

  // Greedy row assignment in time order: a label goes to the first row where it does not overlap the previous one.
  const rowEnds = ROW_Y.map(() => -Infinity);
  const points: TimelinePoint[] = [...raw]
    .sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind))
    .map((p) => {
      const x = xOf(p.t);
      const text = `${p.label} ${displayDate(p.time)}`;
      const w = text.length * CHAR_WIDTH;
      const anchor: TimelinePoint['anchor'] = x - w / 2 < 0 ? 'start' : x + w / 2 > TIMELINE_WIDTH ? 'end' : 'middle';
      const left = anchor === 'start' ? x + 5 : anchor === 'end' ? x - 5 - w : x - w / 2;
      let row = rowEnds.findIndex((end) => left > end + 8);
      if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[row] = left + w;
      const labelY = ROW_Y[row];
      return {
        kind: p.kind,
        label: p.label,
        time: p.time,
        display: displayTime(p.time),
        date: displayDate(p.time),
        basis: p.basis,
        estimated: p.estimated,
        x: round(x),
        // Side-anchored labels start beside their tick, not on it.
        labelX: round(anchor === 'start' ? Math.max(x + 5, 2) : anchor === 'end' ? Math.min(x - 5, TIMELINE_WIDTH - 2) : x),
        labelY,
        anchor,
        tickY: labelY < AXIS_Y ? labelY + 4 : labelY - 12,
      };
    });

  let grace: Timeline['grace'] = null;
  if (graceStart && graceEnd && graceEnd.t >= graceStart.t) {
    const gx = xOf(graceStart.t);
    const width = xOf(graceEnd.t) - gx;
    const used = asOf ? Math.min(Math.max(xOf(asOf.t) - gx, 0), width) : 0;
    grace = { x: round(gx), width: round(width), usedWidth: round(used), estimated: graceEnd.estimated };
  }
  const description = points.map((p) => `${p.label}: ${p.display}`).join('; ');
  const lowest = Math.max(AXIS_Y + 12, ...points.map((p) => p.labelY + 6));
  return { width: TIMELINE_WIDTH, height: lowest, axisY: AXIS_Y, x0, x1, points, grace, description };
}

/**
 * When the tampering happened, beside when the grace period restarted: runs of catalog tools (execution evidence)
 * and the registration and last run of tasks that reset the grace period.
 */
function tamperPoints(host: HostReport): (RawPoint | null)[] {
  const t = host.facts.tamper;
  const out: (RawPoint | null)[] = [];
  for (const e of t.executions) {
    if (!e.time) continue;
    out.push(point('tamper', `${e.tool.fileName} (${e.artifact})`, e.time, `${e.artifact}: ${e.timeBasis}${e.user ? `, user ${e.user}` : ''}`, e.evidence));
  }
  for (const a of t.autoStarts) {
    if (a.via !== 'task') continue;
    const resets =
      a.tools.some((x) => x.resetScript) || a.inline.some((l) => DESTRUCTIVE.has(l.action)) || t.scripts.some((s) => s.reachedFrom === a.id && s.lines.some((l) => DESTRUCTIVE.has(l.action)));
    if (!resets) continue;
    out.push(point('tamper', `Task ${a.name} registered`, a.registered, 'TaskCache DynamicInfo: registration time of a task that resets the grace period', a.evidence));
    out.push(point('tamper', `Task ${a.name} last run`, a.lastRun, 'TaskCache DynamicInfo: last run of a task that resets the grace period', a.evidence));
  }
  const seen = new Set<string>();
  return out
    .filter((p): p is RawPoint => p !== null && !seen.has(`${p.label}|${p.time}`) && (seen.add(`${p.label}|${p.time}`), true))
    .sort((a, b) => a.t - b.t)
    .slice(-MAX_TAMPER_POINTS);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
