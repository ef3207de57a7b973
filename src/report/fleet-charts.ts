/**
 * The two pictures at the top of the fleet index, as plain numbers for inline SVG (templates/partials/fleet-*.svg):
 * the verdict counts as bars, and every host's grace-period end on one time axis against the image clocks, so
 * "who runs out next" is seen at a glance. Sizes do not depend on the fleet's size beyond one dot per host.
 */
import { displayDate } from './format.js';

export const CHART_WIDTH = 760;
const MARGIN = 24;

export interface VerdictBar {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly y: number;
  readonly width: number;
  readonly countX: number;
}

export interface VerdictChart {
  readonly width: number;
  readonly height: number;
  readonly barX: number;
  readonly bars: VerdictBar[];
  readonly description: string;
}

const BAR_X = 150;
const BAR_ROW = 26;
const BAR_MAX = CHART_WIDTH - BAR_X - 70;

export function verdictChart(verdicts: readonly { key: string; label: string; count: number }[]): VerdictChart {
  const max = Math.max(1, ...verdicts.map((v) => v.count));
  const bars = verdicts.map((v, i) => {
    const width = v.count === 0 ? 0 : Math.max(2, round((v.count / max) * BAR_MAX));
    return { key: v.key, label: v.label, count: v.count, y: 4 + i * BAR_ROW, width, countX: round(BAR_X + width + 6) };
  });
  return {
    width: CHART_WIDTH,
    height: 4 + verdicts.length * BAR_ROW,
    barX: BAR_X,
    bars,
    description: verdicts.map((v) => `${v.label}: ${v.count}`).join('; '),
  };
}

/** One host as the grace chart needs it. */
export interface GraceHost {
  readonly name: string;
  readonly graceEnd: string | null;
  readonly estimated: boolean;
  readonly asOf: string | null;
  readonly daysLeft: number | null;
}

export type GraceState = 'ended' | 'soon' | 'later';

export interface GraceDot {
  readonly x: number;
  readonly y: number;
  readonly state: GraceState;
  readonly estimated: boolean;
  /** Tooltip: host, date, days left against its own image clock. */
  readonly title: string;
}

export interface GraceChart {
  readonly width: number;
  readonly height: number;
  readonly axisY: number;
  readonly x0: number;
  readonly x1: number;
  readonly dots: GraceDot[];
  /** Piles taller than the chart: `+n` above the pile. */
  readonly overflow: { readonly x: number; readonly y: number; readonly text: string; readonly title: string }[];
  /** The span of the image clocks, and one tick per distinct clock. */
  readonly clocks: { readonly x: number; readonly width: number; readonly ticks: number[]; readonly tickY: number; readonly labelX: number; readonly label: string; readonly anchor: 'start' | 'middle' | 'end' } | null;
  readonly axisLabels: { readonly x: number; readonly text: string; readonly anchor: 'start' | 'end' }[];
  readonly description: string;
  /** The hosts that run out next (not yet ended), soonest first. */
  readonly next: { readonly name: string; readonly date: string; readonly daysLeft: number }[];
  readonly endedCount: number;
  readonly undrawn: number;
}

/** Days before the end that count as soon (the grace-period-expiring rule's warning window). */
const SOON_DAYS = 30;
const DOT_R = 4;
const DOT_STEP = 9;
const PILE_MAX = 8;
const AXIS_Y = 28 + PILE_MAX * DOT_STEP;
const NEXT_COUNT = 5;

export function graceChart(hosts: readonly GraceHost[]): GraceChart | null {
  const drawn = hosts
    .map((h) => ({ h, t: h.graceEnd ? Date.parse(h.graceEnd) : NaN, a: h.asOf ? Date.parse(h.asOf) : NaN }))
    .filter((d) => !Number.isNaN(d.t));
  if (drawn.length === 0) return null;
  const clocks = drawn.map((d) => d.a).filter((a) => !Number.isNaN(a));
  const all = [...drawn.map((d) => d.t), ...clocks];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const x0 = MARGIN;
  const x1 = CHART_WIDTH - MARGIN;
  const xOf = (t: number) => round(max === min ? (x0 + x1) / 2 : x0 + ((t - min) / (max - min)) * (x1 - x0));

  const stateOf = (d: (typeof drawn)[number]): GraceState => {
    if (!Number.isNaN(d.a) && d.t <= d.a) return 'ended';
    return d.h.daysLeft !== null && d.h.daysLeft <= SOON_DAYS ? 'soon' : 'later';
  };
  // Dots pile up in columns one dot wide, soonest ends at the bottom; a pile taller than the chart says +n.
  const piles = new Map<number, { count: number; x: number }>();
  const dots: GraceDot[] = [];
  const ordered = [...drawn].sort((p, q) => p.t - q.t);
  for (const d of ordered) {
    const x = xOf(d.t);
    const column = Math.round(x / (DOT_R * 2));
    const pile = piles.get(column) ?? { count: 0, x: column * DOT_R * 2 };
    pile.count++;
    piles.set(column, pile);
    if (pile.count > PILE_MAX) continue;
    const left = d.h.daysLeft === null ? 'days left unknown' : stateOf(d) === 'ended' ? 'ended before its image clock' : `${d.h.daysLeft} days left as of its image clock`;
    dots.push({
      x: pile.x,
      y: AXIS_Y - 8 - (pile.count - 1) * DOT_STEP,
      state: stateOf(d),
      estimated: d.h.estimated,
      title: `${d.h.name}: grace end ${displayDate(d.h.graceEnd)}${d.h.estimated ? ' (estimated)' : ''}, ${left}`,
    });
  }
  const overflow = [...piles.values()]
    .filter((p) => p.count > PILE_MAX)
    .map((p) => ({ x: p.x, y: AXIS_Y - 8 - PILE_MAX * DOT_STEP - 2, text: `+${p.count - PILE_MAX}`, title: `${p.count} hosts end on about the same day` }));

  let clockBand: GraceChart['clocks'] = null;
  if (clocks.length > 0) {
    const cMin = Math.min(...clocks);
    const cMax = Math.max(...clocks);
    const bx = xOf(cMin);
    const ticks = [...new Set(clocks.map(xOf))].sort((a, b) => a - b);
    const label = cMin === cMax ? `image clock ${displayDate(new Date(cMin).toISOString())}` : `image clocks ${displayDate(new Date(cMin).toISOString())} – ${displayDate(new Date(cMax).toISOString())}`;
    const mid = (bx + xOf(cMax)) / 2;
    const half = (label.length * 6.2) / 2;
    const anchor = mid - half < 0 ? 'start' : mid + half > CHART_WIDTH ? 'end' : 'middle';
    clockBand = { x: bx, width: round(Math.max(xOf(cMax) - bx, 1)), ticks, tickY: AXIS_Y - 5, labelX: round(anchor === 'start' ? 2 : anchor === 'end' ? CHART_WIDTH - 2 : mid), label, anchor };
  }

  const next = ordered
    .filter((d) => stateOf(d) !== 'ended' && d.h.daysLeft !== null)
    .sort((p, q) => p.h.daysLeft! - q.h.daysLeft! || p.t - q.t)
    .slice(0, NEXT_COUNT)
    .map((d) => ({ name: d.h.name, date: displayDate(d.h.graceEnd), daysLeft: d.h.daysLeft! }));
  const endedCount = drawn.filter((d) => stateOf(d) === 'ended').length;
  const minDate = displayDate(new Date(min).toISOString());
  const maxDate = displayDate(new Date(max).toISOString());
  return {
    width: CHART_WIDTH,
    height: AXIS_Y + 36,
    axisY: AXIS_Y,
    x0,
    x1,
    dots,
    overflow,
    clocks: clockBand,
    axisLabels: [
      { x: x0, text: minDate, anchor: 'start' },
      { x: x1, text: maxDate, anchor: 'end' },
    ],
    description: `Grace-period ends of ${drawn.length} hosts from ${minDate} to ${maxDate}: ${endedCount} ended before their image clock${next.length ? `; next to run out: ${next.map((n) => `${n.name} (${n.date})`).join(', ')}` : ''}.`,
    next,
    endedCount,
    undrawn: hosts.length - drawn.length,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
