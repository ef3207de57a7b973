/** Big data `db` record and its segment list (regf-format.md §1.6): values over 16344 bytes in hives 1.4+. */
import { BIG_DATA_SEGMENT_SIZE, SIG_DB } from '../regf/spec.js';

export const DB_PAYLOAD_SIZE = 8;

/** Whether data of this length goes to a db record in a hive of this minor version. */
export function needsBigData(minorVersion: number, length: number): boolean {
  return minorVersion > 3 && length > BIG_DATA_SEGMENT_SIZE;
}

export function segmentCount(length: number): number {
  return Math.ceil(length / BIG_DATA_SEGMENT_SIZE);
}

export function encodeDb(segments: number, segmentListOffset: number): Uint8Array {
  const out = new Uint8Array(DB_PAYLOAD_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, SIG_DB, true);
  dv.setUint16(2, segments, true);
  dv.setUint32(4, segmentListOffset, true);
  return out;
}

export function encodeOffsetList(offsets: readonly number[]): Uint8Array {
  const out = new Uint8Array(offsets.length * 4);
  const dv = new DataView(out.buffer);
  offsets.forEach((o, i) => dv.setUint32(4 * i, o, true));
  return out;
}
