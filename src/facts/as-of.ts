/**
 * The clock the day counts use, and the image's own clock beside it. The image clock is ShutdownTime of the
 * current control set, else the newest key LastWrite in SYSTEM (GracePeriod keys excluded: a reset done with the
 * clock moved forward dates that key in the future). An explicit --as-of is the clock used when given (the analyst
 * asked for it); the image clock is still reported, with the difference between the two.
 */
import { filetimeToDate } from '../regf/filetime.js';
import { RegfHive } from '../regf/hive.js';
import type { RegKey } from '../view/registry-view.js';
import { decodeQword } from '../view/value-types.js';
import { CONTROL_WINDOWS, DAY_MS } from './paths.js';
import { isoOrNull, walkKeys, type HiveSource } from './source.js';
import type { AsOfFacts, ImageClock, Provenance } from './types.js';

/** Upper bound on keys visited when looking for the newest LastWrite. */
const WALK_LIMIT = 2_000_000;
/** LastWrite values outside this window are damage or forgery, not a clock. */
const MIN_PLAUSIBLE = Date.UTC(1993, 0, 1);
const MAX_PLAUSIBLE = Date.UTC(2200, 0, 1);
/** `…\Control\Terminal Server\RCM\GracePeriod` in any control set. */
const GRACE_PERIOD_KEY = /\\Control\\Terminal Server\\RCM\\GracePeriod$/i;

export function gatherAsOf(system: HiveSource | null, controlSet: string | null, option: Date | undefined): AsOfFacts {
  const shutdown = shutdownTime(system, controlSet);
  const newestLastWrite = newestSystemLastWrite(system);
  const imageClock: ImageClock = shutdown
    ? { time: shutdown.time, source: 'shutdown-time', evidence: shutdown.evidence }
    : newestLastWrite
      ? { time: newestLastWrite.time, source: 'newest-system-lastwrite', evidence: newestLastWrite.evidence }
      : { time: null, source: 'none', evidence: [] };
  const iso = isoOrNull(option);
  if (iso) {
    const diff = imageClock.time === null ? null : Math.abs(Date.parse(iso) - Date.parse(imageClock.time));
    const differsDays = diff !== null && diff > DAY_MS ? Math.floor(diff / DAY_MS) : null;
    return { time: iso, source: 'option', evidence: [], imageClock, newestLastWrite, optionDiffersDays: differsDays };
  }
  return { time: imageClock.time, source: imageClock.source, evidence: imageClock.evidence, imageClock, newestLastWrite, optionDiffersDays: null };
}

function shutdownTime(system: HiveSource | null, controlSet: string | null): { time: string; evidence: Provenance[] } | null {
  if (!system || !controlSet) return null;
  const r = system.raw(`${controlSet}\\${CONTROL_WINDOWS}`, 'ShutdownTime');
  if (!r) return null;
  const ft = decodeQword(r.value.data);
  const d = ft === null ? null : filetimeToDate(ft);
  const t = d?.getTime();
  if (!d || t === undefined || t < MIN_PLAUSIBLE || t >= MAX_PLAUSIBLE) return null;
  return { time: d.toISOString(), evidence: [{ ...r.evidence, data: `${d.toISOString()} (FILETIME)` }] };
}

function newestSystemLastWrite(system: HiveSource | null): { time: string; evidence: Provenance[] } | null {
  if (!system || !system.capabilities.lastWrite) return null;
  let newest: { t: number; key: () => RegKey } | null = null;
  const view = system.hive.view;
  // A binary hive is scanned without a RegKey, date, name and path per key (a full SYSTEM has hundreds of thousands);
  // a name is decoded, and a path joined, only for a key whose name can end in GracePeriod.
  if (view instanceof RegfHive)
    view.scanKeyTimes(WALK_LIMIT, (e) => {
      const t = e.lastWriteMs;
      if (t === null || t < MIN_PLAUSIBLE || t >= MAX_PLAUSIBLE) return;
      if (e.nameEndsWith('GracePeriod') && GRACE_PERIOD_KEY.test(e.key().path)) return;
      if (!newest || t > newest.t) newest = { t, key: () => e.key() };
    });
  else
    walkKeys(view.root, WALK_LIMIT, (k) => {
      const t = system.lastWrite(k)?.getTime() ?? null;
      if (t === null || t < MIN_PLAUSIBLE || t >= MAX_PLAUSIBLE || GRACE_PERIOD_KEY.test(k.path)) return;
      if (!newest || t > newest.t) newest = { t, key: () => k };
    });
  const found = newest as { t: number; key: () => RegKey } | null;
  if (!found) return null;
  return { time: new Date(found.t).toISOString(), evidence: [system.keyEvidence(found.key(), 'newest LastWrite in SYSTEM (GracePeriod keys excluded)')] };
}
