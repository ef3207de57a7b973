/**
 * The image's own clock (never the analyst's): ShutdownTime of the current control set, else the newest key
 * LastWrite in SYSTEM, else the caller's asOf option; the source is always stated.
 */
import { filetimeToDate } from '../regf/filetime.js';
import { decodeQword } from '../view/value-types.js';
import { CONTROL_WINDOWS } from './paths.js';
import { isoOrNull, walkKeys, type HiveSource } from './source.js';
import type { AsOfFacts, Provenance } from './types.js';

/** Upper bound on keys visited when looking for the newest LastWrite. */
const WALK_LIMIT = 2_000_000;
/** LastWrite values outside this window are damage or forgery, not a clock. */
const MIN_PLAUSIBLE = Date.UTC(1993, 0, 1);
const MAX_PLAUSIBLE = Date.UTC(2200, 0, 1);

export function gatherAsOf(system: HiveSource | null, controlSet: string | null, option: Date | undefined): AsOfFacts {
  if (system && controlSet) {
    const r = system.raw(`${controlSet}\\${CONTROL_WINDOWS}`, 'ShutdownTime');
    if (r) {
      const ft = decodeQword(r.value.data);
      const d = ft === null ? null : filetimeToDate(ft);
      const t = d?.getTime();
      if (d && t !== undefined && t >= MIN_PLAUSIBLE && t < MAX_PLAUSIBLE)
        return { time: d.toISOString(), source: 'shutdown-time', evidence: [{ ...r.evidence, data: `${d.toISOString()} (FILETIME)` }] };
    }
  }
  if (system && system.capabilities.lastWrite) {
    let newest: { t: number; ev: Provenance } | null = null;
    walkKeys(system.hive.view.root, WALK_LIMIT, (k) => {
      const d = system.lastWrite(k);
      if (!d) return;
      const t = d.getTime();
      if (t < MIN_PLAUSIBLE || t >= MAX_PLAUSIBLE) return;
      if (!newest || t > newest.t) newest = { t, ev: system.keyEvidence(k, 'newest LastWrite in SYSTEM') };
    });
    const found = newest as { t: number; ev: Provenance } | null;
    if (found) return { time: new Date(found.t).toISOString(), source: 'newest-system-lastwrite', evidence: [found.ev] };
  }
  const iso = isoOrNull(option);
  if (iso) return { time: iso, source: 'option', evidence: [] };
  return { time: null, source: 'none', evidence: [] };
}
