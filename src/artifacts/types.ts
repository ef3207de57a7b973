/**
 * Shared shapes of the execution-artifact parsers. Parsers read a registry view (src/view) or raw bytes, return
 * typed records plus anomalies, and never throw on hostile content; they know nothing of what the records mean.
 */
import type { Anomaly } from '../view/anomaly.js';

/** What a parser read: its records, the problems met (with offsets), and whether the artifact's key was there. */
export interface ArtifactResult<R> {
  readonly records: R[];
  readonly anomalies: Anomaly[];
  /** False when the hive holds no such artifact at all (the key is absent), so callers can say "absent". */
  readonly present: boolean;
}

/** A JSON-safe scalar or nesting of them, for `extra` fields of dump lines. */
export type ExtraValue = string | number | boolean | null | readonly ExtraValue[] | { readonly [k: string]: ExtraValue };

/** Records are bounded per artifact so a crafted hive cannot make one list unbounded. */
export const MAX_ARTIFACT_RECORDS = 1_000_000;

/** A blob-internal problem as an anomaly: `offset` is the record's cell in the file, the message says where inside. */
export function blobAnomaly(code: string, structure: string, message: string, offset?: number, severity: Anomaly['severity'] = 'warning'): Anomaly {
  return offset === undefined ? { code, severity, structure, message } : { code, severity, structure, message, offset };
}
