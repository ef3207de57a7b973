/** Key security `sk` (regf-format.md §1.7): one per distinct descriptor, in a circular Flink/Blink list. */
import { SIG_SK } from '../regf/spec.js';

export const SK_FIXED_SIZE = 20;

export interface SkRecord {
  readonly flink: number;
  readonly blink: number;
  readonly referenceCount: number;
  readonly descriptor: Uint8Array;
}

export function skPayloadLength(descriptor: Uint8Array): number {
  return SK_FIXED_SIZE + descriptor.length;
}

export function encodeSk(r: SkRecord): Uint8Array {
  const out = new Uint8Array(skPayloadLength(r.descriptor));
  const dv = new DataView(out.buffer);
  dv.setUint16(0, SIG_SK, true);
  dv.setUint32(4, r.flink, true);
  dv.setUint32(8, r.blink, true);
  dv.setUint32(12, r.referenceCount, true);
  dv.setUint32(16, r.descriptor.length, true);
  out.set(r.descriptor, SK_FIXED_SIZE);
  return out;
}
