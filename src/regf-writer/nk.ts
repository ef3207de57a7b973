/** Key node `nk` (regf-format.md §1.5). */
import { NO_OFFSET, SIG_NK } from '../regf/spec.js';
import type { EncodedName } from './name-encoding.js';

export const NK_FIXED_SIZE = 76;

export interface NkRecord {
  readonly flags: number;
  readonly lastWrite: bigint;
  readonly parent: number;
  readonly subkeyCount: number;
  readonly subkeyList: number;
  readonly valueCount: number;
  readonly valueList: number;
  readonly security: number;
  readonly classOffset: number;
  readonly classLength: number;
  /** Longest subkey name, in UTF-16 bytes even when the names are compressed. */
  readonly maxSubkeyName: number;
  readonly maxSubkeyClass: number;
  readonly maxValueName: number;
  readonly maxValueData: number;
  readonly name: EncodedName;
}

export function nkPayloadLength(name: EncodedName): number {
  return NK_FIXED_SIZE + name.bytes.length;
}

export function encodeNk(r: NkRecord): Uint8Array {
  const out = new Uint8Array(nkPayloadLength(r.name));
  const dv = new DataView(out.buffer);
  dv.setUint16(0, SIG_NK, true);
  dv.setUint16(2, r.flags, true);
  dv.setBigUint64(4, r.lastWrite, true);
  dv.setUint32(12, 0, true); // access bits: never accessed since load
  dv.setUint32(16, r.parent, true);
  dv.setUint32(20, r.subkeyCount, true);
  dv.setUint32(24, 0, true); // volatile subkeys never reach disk
  dv.setUint32(28, r.subkeyList, true);
  dv.setUint32(32, NO_OFFSET, true);
  dv.setUint32(36, r.valueCount, true);
  dv.setUint32(40, r.valueList, true);
  dv.setUint32(44, r.security, true);
  dv.setUint32(48, r.classOffset, true);
  dv.setUint32(52, r.maxSubkeyName & 0xffff, true);
  dv.setUint32(56, r.maxSubkeyClass, true);
  dv.setUint32(60, r.maxValueName, true);
  dv.setUint32(64, r.maxValueData, true);
  dv.setUint32(68, 0, true); // WorkVar
  dv.setUint16(72, r.name.bytes.length, true);
  dv.setUint16(74, r.classLength, true);
  out.set(r.name.bytes, NK_FIXED_SIZE);
  return out;
}
