/** Key value `vk` (regf-format.md §1.6). */
import { SIG_VK, VALUE_COMP_NAME, VK_DATA_INLINE } from '../regf/spec.js';
import type { EncodedName } from './name-encoding.js';

export const VK_FIXED_SIZE = 20;
/** Data this short lives in the vk's offset field. */
export const VK_INLINE_MAX = 4;

export interface VkRecord {
  readonly name: EncodedName;
  readonly type: number;
  readonly dataLength: number;
  /** Offset of the data (or db) cell; ignored when the data is inline. */
  readonly dataOffset: number;
  /** The data itself when it is at most 4 bytes. */
  readonly inline: Uint8Array | null;
}

export function vkPayloadLength(name: EncodedName): number {
  return VK_FIXED_SIZE + name.bytes.length;
}

export function encodeVk(r: VkRecord): Uint8Array {
  const out = new Uint8Array(vkPayloadLength(r.name));
  const dv = new DataView(out.buffer);
  dv.setUint16(0, SIG_VK, true);
  dv.setUint16(2, r.name.bytes.length, true);
  if (r.inline) {
    // Windows marks even empty data as inline: size 0x80000000 (CM_KEY_VALUE_SPECIAL_SIZE).
    dv.setUint32(4, (VK_DATA_INLINE | r.inline.length) >>> 0, true);
    out.set(r.inline, 8);
  } else {
    dv.setUint32(4, r.dataLength, true);
    dv.setUint32(8, r.dataOffset, true);
  }
  dv.setUint32(12, r.type >>> 0, true);
  dv.setUint16(16, r.name.compressed ? VALUE_COMP_NAME : 0, true);
  out.set(r.name.bytes, VK_FIXED_SIZE);
  return out;
}
