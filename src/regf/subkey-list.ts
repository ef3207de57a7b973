/** Subkey lists: li (offsets), lf (offset + name hint), lh (offset + name hash), ri (offsets of leaf lists). */
import type { CellSpace } from './cell-space.js';
import { SIG_LF, SIG_LH, SIG_LI, SIG_RI } from './spec.js';

/** Called for each list cell read (the ri and its leaves) with the bytes of it the list uses. */
export type ListCellVisitor = (off: number, usedBytes: number) => void;

/** Appends the nk offsets of the list at `off` to `out`; damage is recorded, never thrown. */
export function readSubkeyList(cells: CellSpace, off: number, out: number[], limit: number, visitCell?: ListCellVisitor): void {
  readList(cells, off, out, limit, true, visitCell);
}

function readList(cells: CellSpace, off: number, out: number[], limit: number, allowRi: boolean, visitCell?: ListCellVisitor): void {
  const p = cells.cell(off, 'subkey-list');
  if (p < 0) return;
  const len = cells.len;
  if (len < 4) return listAnomaly(cells, p, 'subkey list cell is too small');
  const dv = cells.dv;
  const sig = dv.getUint16(p, true);
  const count = dv.getUint16(p + 2, true);
  let stride: number;
  if (sig === SIG_LF || sig === SIG_LH) stride = 8;
  else if (sig === SIG_LI || sig === SIG_RI) stride = 4;
  else return listAnomaly(cells, p, `unknown subkey list signature 0x${sig.toString(16)}`);
  let n = count;
  if (4 + n * stride > len) {
    n = Math.floor((len - 4) / stride);
    listAnomaly(cells, p, `subkey list claims ${count} entries but its cell holds ${n}`);
  }
  visitCell?.(off, 4 + n * stride);
  if (sig === SIG_RI) {
    // An ri never points to an ri (msuhanov §Index root).
    if (!allowRi) return listAnomaly(cells, p, 'nested ri list ignored');
    for (let i = 0; i < n && out.length < limit; i++) readList(cells, dv.getUint32(p + 4 + 4 * i, true), out, limit, false, visitCell);
    return;
  }
  for (let i = 0; i < n && out.length < limit; i++) out.push(dv.getUint32(p + 4 + stride * i, true));
}

function listAnomaly(cells: CellSpace, p: number, message: string): void {
  cells.sink.add({ code: 'subkey-list-invalid', severity: 'warning', structure: 'subkey-list', offset: p - 4, message });
}

/** lh name hash: h = h*37 + code unit of the upcased name (mod 2^32). */
export function lhHash(upcased: string): number {
  let h = 0;
  for (let i = 0; i < upcased.length; i++) h = (Math.imul(h, 37) + upcased.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * For a lookup: nk offsets whose lh hash matches `hash`, or null when the list is not a plain lh list (callers then
 * compare every name). Hashes only narrow the search; a mismatch never hides a key because callers fall back.
 */
export function lhCandidates(cells: CellSpace, off: number, hash: number): number[] | null {
  const p = cells.cell(off, 'subkey-list');
  if (p < 0 || cells.len < 4) return null;
  const dv = cells.dv;
  if (dv.getUint16(p, true) !== SIG_LH) return null;
  const n = Math.min(dv.getUint16(p + 2, true), Math.floor((cells.len - 4) / 8));
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (dv.getUint32(p + 8 + 8 * i, true) === hash) out.push(dv.getUint32(p + 4 + 8 * i, true));
  return out;
}
