/** Subkey index cells `li`, `lf`, `lh` (leaves) and `ri` (root of leaves), regf-format.md §1.4. */
import { SIG_LF, SIG_LH, SIG_LI, SIG_RI } from '../regf/spec.js';
import { upcaseName } from '../view/names.js';

export type LeafKind = 'li' | 'lf' | 'lh';

export interface LeafEntry {
  readonly offset: number;
  readonly name: string;
}

const LEAF_SIGNATURES: Record<LeafKind, number> = { li: SIG_LI, lf: SIG_LF, lh: SIG_LH };
export const MAX_LIST_COUNT = 0xffff;

export function leafPayloadLength(kind: LeafKind, count: number): number {
  return 4 + count * (kind === 'li' ? 4 : 8);
}

export function encodeLeaf(kind: LeafKind, entries: readonly LeafEntry[]): Uint8Array {
  const out = new Uint8Array(leafPayloadLength(kind, entries.length));
  const dv = new DataView(out.buffer);
  dv.setUint16(0, LEAF_SIGNATURES[kind], true);
  dv.setUint16(2, entries.length, true);
  const stride = kind === 'li' ? 4 : 8;
  entries.forEach((e, i) => {
    const at = 4 + i * stride;
    dv.setUint32(at, e.offset, true);
    if (kind === 'lf') out.set(lfHint(e.name), at + 4);
    if (kind === 'lh') dv.setUint32(at + 4, lhHash(e.name), true);
  });
  return out;
}

export function indexRootPayloadLength(count: number): number {
  return 4 + count * 4;
}

export function encodeIndexRoot(leafOffsets: readonly number[]): Uint8Array {
  const out = new Uint8Array(indexRootPayloadLength(leafOffsets.length));
  const dv = new DataView(out.buffer);
  dv.setUint16(0, SIG_RI, true);
  dv.setUint16(2, leafOffsets.length, true);
  leafOffsets.forEach((o, i) => dv.setUint32(4 + 4 * i, o, true));
  return out;
}

/** h = h*37 + c over the upcased UTF-16 code units, mod 2^32. */
export function lhHash(name: string): number {
  const up = upcaseName(name);
  let h = 0;
  for (let i = 0; i < up.length; i++) h = (Math.imul(h, 37) + up.charCodeAt(i)) >>> 0;
  return h;
}

/** First 4 chars as bytes, NUL-padded; all zero when one of them is beyond Latin-1 (no byte form). */
export function lfHint(name: string): Uint8Array {
  const out = new Uint8Array(4);
  const n = Math.min(4, name.length);
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c > 0xff) return new Uint8Array(4);
    out[i] = c;
  }
  return out;
}

/** Windows' order: by upcased name, code unit by code unit. */
export function compareNames(a: string, b: string): number {
  const ua = upcaseName(a);
  const ub = upcaseName(b);
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}
