/**
 * Structure-aware mutation of the three input kinds: regf hives (base block, hbin headers, cell sizes, nk/vk/list/
 * sk/db fields), transaction logs (log base block, HvLE headers and page references, hashes recomputed so the
 * damage reaches replay) and .reg text (line syntax), plus blind bit flips, truncations and splices.
 */
import { baseBlockChecksum } from '../../src/regf/base-block.js';
import { marvin32 } from '../../src/regf/log/marvin32.js';
import { BASE_BLOCK_SIZE, SIG_HBIN, SIG_HVLE } from '../../src/regf/spec.js';
import type { Rng } from './rng.js';

/** A field worth mutating: where, how wide, and the cell it belongs to (for self-references). */
export interface Field {
  readonly at: number;
  readonly width: 1 | 2 | 4;
  readonly what: string;
  /** Hive-relative offset of the enclosing cell, when in one. */
  readonly cell?: number;
}

export interface HiveMap {
  readonly fields: Field[];
  /** Hive-relative offsets of every cell found: donors for pointer fields. */
  readonly cells: number[];
  /** File offsets where a truncation is most interesting (bin and cell boundaries). */
  readonly cuts: number[];
}

const BASE_FIELDS: [number, 1 | 2 | 4, string][] = [
  [4, 4, 'bb.seq1'], [8, 4, 'bb.seq2'], [20, 4, 'bb.major'], [24, 4, 'bb.minor'], [28, 4, 'bb.type'], [32, 4, 'bb.format'],
  [36, 4, 'bb.root'], [40, 4, 'bb.hbins-size'], [44, 4, 'bb.clustering'], [508, 4, 'bb.checksum'],
];
const NK_FIELDS: [number, 1 | 2 | 4, string][] = [
  [2, 2, 'nk.flags'], [16, 4, 'nk.parent'], [20, 4, 'nk.subkey-count'], [28, 4, 'nk.subkey-list'], [36, 4, 'nk.value-count'],
  [40, 4, 'nk.value-list'], [44, 4, 'nk.security'], [48, 4, 'nk.class'], [72, 2, 'nk.name-length'], [74, 2, 'nk.class-length'],
];
const VK_FIELDS: [number, 1 | 2 | 4, string][] = [[2, 2, 'vk.name-length'], [4, 4, 'vk.data-size'], [8, 4, 'vk.data-offset'], [12, 4, 'vk.type'], [16, 2, 'vk.flags']];
const SK_FIELDS: [number, 1 | 2 | 4, string][] = [[4, 4, 'sk.flink'], [8, 4, 'sk.blink'], [12, 4, 'sk.refs'], [16, 4, 'sk.size'], [24, 2, 'sk.sd-control'], [28, 4, 'sk.sd-owner'], [36, 4, 'sk.sd-sacl'], [40, 4, 'sk.sd-dacl']];
const DB_FIELDS: [number, 1 | 2 | 4, string][] = [[2, 2, 'db.count'], [4, 4, 'db.list']];

/** Finds the fields of a hive by walking its bins and cells the way they are laid out (no pointers followed). */
export function mapHive(bytes: Uint8Array): HiveMap {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Field[] = [];
  const cells: number[] = [];
  const cuts: number[] = [512, BASE_BLOCK_SIZE];
  if (bytes.length >= 512) for (const [at, width, what] of BASE_FIELDS) fields.push({ at, width, what });
  let pos = BASE_BLOCK_SIZE;
  while (pos + 32 <= bytes.length && dv.getUint32(pos, true) === SIG_HBIN) {
    const size = dv.getUint32(pos + 8, true);
    fields.push({ at: pos + 4, width: 4, what: 'hbin.offset' }, { at: pos + 8, width: 4, what: 'hbin.size' });
    cuts.push(pos, pos + 32);
    if (size < 4096 || size % 4096 !== 0) break;
    const end = Math.min(pos + size, bytes.length);
    let q = pos + 32;
    while (q + 8 <= end) {
      const raw = dv.getInt32(q, true);
      const len = Math.abs(raw);
      if (len < 8 || len % 8 !== 0 || q + len > end) break;
      const cell = q - BASE_BLOCK_SIZE;
      cells.push(cell);
      fields.push({ at: q, width: 4, what: 'cell.size', cell });
      if (cells.length % 16 === 0) cuts.push(q, q + 6);
      const p = q + 4;
      const sig = String.fromCharCode(bytes[p], bytes[p + 1]);
      const add = (list: [number, 1 | 2 | 4, string][]) => {
        for (const [at, width, what] of list) if (at + width <= len - 4) fields.push({ at: p + at, width, what, cell });
      };
      if (sig === 'nk') add(NK_FIELDS);
      else if (sig === 'vk') add(VK_FIELDS);
      else if (sig === 'sk') add(SK_FIELDS);
      else if (sig === 'db') add(DB_FIELDS);
      else if (sig === 'lf' || sig === 'lh' || sig === 'li' || sig === 'ri') {
        fields.push({ at: p + 2, width: 2, what: `${sig}.count`, cell });
        const stride = sig === 'lf' || sig === 'lh' ? 8 : 4;
        const n = Math.min(dv.getUint16(p + 2, true), Math.floor((len - 8) / stride), 32);
        for (let i = 0; i < n; i++) fields.push({ at: p + 4 + stride * i, width: 4, what: `${sig}.entry`, cell });
      } else if (raw < 0) {
        // Value lists and db segment lists are bare offset arrays: their first entries are pointers.
        for (let i = 0; i < Math.min(4, (len - 4) >> 2); i++) fields.push({ at: p + 4 * i, width: 4, what: 'list.entry', cell });
      }
      q += len;
    }
    pos += size;
  }
  return { fields, cells, cuts };
}

function readField(dv: DataView, f: Field): number {
  return f.width === 4 ? dv.getUint32(f.at, true) : f.width === 2 ? dv.getUint16(f.at, true) : dv.getUint8(f.at);
}
function writeField(dv: DataView, f: Field, v: number): void {
  if (f.at + f.width > dv.byteLength) return;
  if (f.width === 4) dv.setUint32(f.at, v >>> 0, true);
  else if (f.width === 2) dv.setUint16(f.at, v & 0xffff, true);
  else dv.setUint8(f.at, v & 0xff);
}

/** A new value for a field: boundary numbers, near misses, bit flips, other cells, itself (cycles). */
function fieldValue(rng: Rng, f: Field, old: number, map: HiveMap, fileLength: number): number {
  switch (rng.below(12)) {
    case 0: return rng.pick([0, 1, 2, 3, 4, 7, 8]);
    case 1: return rng.pick([0xffffffff, 0x7fffffff, 0x80000000, 0x80000004, 0xfffffff8, 0xffff, 0x8000]);
    case 2: return old + rng.pick([-8, -4, -1, 1, 4, 8]);
    case 3: return old ^ (1 << rng.below(f.width * 8));
    case 4: return map.cells.length ? rng.pick(map.cells) : 0;
    case 5: return f.cell ?? 0;
    case 6: return fileLength - BASE_BLOCK_SIZE + rng.pick([-4, 0, 8, 4096]);
    case 7: return rng.u32();
    case 8: return old * rng.pick([2, 16, 256, 65536]);
    case 9: return -Math.abs(old) | 0;
    case 10: return rng.pick([0x1000, 0x2000, 0x10000, 0x100000, 0x40000000]);
    default: return (map.cells.length ? rng.pick(map.cells) : 0) + rng.pick([4, 2, 1]);
  }
}

export interface Mutation {
  readonly bytes: Uint8Array;
  /** What was done, in order (kept in crash reports). */
  readonly ops: string[];
  /** Only a truncation: the result is a prefix of the input. */
  readonly truncatedOnly: boolean;
}

/** One to four operations on a copy of `bytes`; field operations are preferred over blind ones. */
export function mutateHive(rng: Rng, bytes: Uint8Array, map: HiveMap, donor: Uint8Array = bytes): Mutation {
  let out = bytes.slice();
  const ops: string[] = [];
  let onlyTruncate = true;
  const n = 1 + rng.below(4);
  for (let i = 0; i < n; i++) {
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const r = rng.below(100);
    if (r < 62 && map.fields.length > 0) {
      const f = rng.pick(map.fields);
      if (f.at + f.width > out.length) continue;
      const v = fieldValue(rng, f, readField(dv, f), map, out.length);
      writeField(dv, f, v);
      ops.push(`${f.what}@0x${f.at.toString(16)}=0x${(v >>> 0).toString(16)}`);
      onlyTruncate = false;
      // Mostly keep the base block checksum right, so the damage is not only "bad checksum".
      if (f.at < 508 && out.length >= 512 && rng.chance(0.7)) dv.setUint32(508, baseBlockChecksum(out), true);
    } else if (r < 77) {
      const k = 1 + rng.below(8);
      for (let j = 0; j < k; j++) {
        const at = rng.below(out.length);
        out[at] ^= 1 << rng.below(8);
      }
      ops.push(`flip×${k}`);
      onlyTruncate = false;
    } else if (r < 87) {
      const at = rng.chance(0.6) && map.cuts.length ? rng.pick(map.cuts) : rng.below(out.length + 1);
      if (at < out.length) {
        out = out.slice(0, at);
        ops.push(`truncate@${at}`);
      }
    } else if (r < 95) {
      const len = 1 + rng.below(rng.chance(0.5) ? 64 : 4096);
      const from = rng.below(Math.max(1, donor.length - len));
      const to = rng.below(Math.max(1, out.length - len));
      out.set(donor.subarray(from, Math.min(from + len, donor.length, from + out.length - to)), to);
      ops.push(`splice ${len}@0x${from.toString(16)}→0x${to.toString(16)}`);
      onlyTruncate = false;
    } else {
      const at = BASE_BLOCK_SIZE + 512 * rng.below(Math.max(1, (out.length - BASE_BLOCK_SIZE) >> 9));
      out.fill(rng.chance(0.5) ? 0 : 0xff, at, Math.min(out.length, at + 512));
      ops.push(`fill-sector@0x${at.toString(16)}`);
      onlyTruncate = false;
    }
  }
  return { bytes: out, ops, truncatedOnly: onlyTruncate && ops.length > 0 };
}

/** HvLE entries of a new-format log: [start, size] pairs (walked by their size fields). */
export function hvleEntries(log: Uint8Array): [number, number][] {
  const dv = new DataView(log.buffer, log.byteOffset, log.byteLength);
  const out: [number, number][] = [];
  let off = 512;
  while (off + 40 <= log.length && dv.getUint32(off, true) === SIG_HVLE) {
    const size = dv.getUint32(off + 4, true);
    if (size < 40 || size % 512 !== 0 || off + size > log.length) break;
    out.push([off, size]);
    off += size;
  }
  return out;
}

const LOG_BASE_FIELDS: [number, 1 | 2 | 4, string][] = [[4, 4, 'log.seq1'], [8, 4, 'log.seq2'], [28, 4, 'log.type'], [40, 4, 'log.hbins-size'], [44, 4, 'log.clustering']];
const HVLE_FIELDS: [number, 1 | 2 | 4, string][] = [[4, 4, 'hvle.size'], [8, 4, 'hvle.flags'], [12, 4, 'hvle.seq'], [16, 4, 'hvle.hbins-size'], [20, 4, 'hvle.page-count']];

/** Mutates a transaction log: its base block (checksum fixed), HvLE headers and page references (hashes fixed). */
export function mutateLog(rng: Rng, log: Uint8Array): Mutation {
  const out = log.slice();
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const ops: string[] = [];
  const entries = hvleEntries(out);
  const n = 1 + rng.below(3);
  for (let i = 0; i < n; i++) {
    const r = rng.below(100);
    if (r < 25 && out.length >= 512) {
      const [at, width, what] = rng.pick(LOG_BASE_FIELDS);
      const f = { at, width, what };
      const v = fieldValue(rng, f, readField(dv, f), { fields: [], cells: [], cuts: [] }, out.length);
      writeField(dv, f, v);
      if (rng.chance(0.8)) dv.setUint32(508, baseBlockChecksum(out.subarray(0, 512)), true);
      ops.push(`${what}=0x${(v >>> 0).toString(16)}`);
    } else if (r < 80 && entries.length > 0) {
      const [start, size] = rng.pick(entries);
      const pages = Math.min(dv.getUint32(start + 20, true), 64);
      const choices: [number, 1 | 2 | 4, string][] = [...HVLE_FIELDS];
      for (let p = 0; p < pages && 40 + 8 * p + 8 <= size; p++) choices.push([40 + 8 * p, 4, 'hvle.page-offset'], [44 + 8 * p, 4, 'hvle.page-size']);
      const [rel, width, what] = rng.pick(choices);
      const f = { at: start + rel, width, what };
      const v = fieldValue(rng, f, readField(dv, f), { fields: [], cells: [], cuts: [] }, out.length);
      writeField(dv, f, v);
      // Recompute Hash-1 (entry body) and Hash-2 (header) so the damage gets past verification.
      if (rng.chance(0.85)) {
        const end = Math.min(out.length, start + size);
        dv.setBigUint64(start + 24, marvin32(out.subarray(start + 40, end)), true);
        dv.setBigUint64(start + 32, marvin32(out.subarray(start, start + 32)), true);
      }
      ops.push(`${what}@0x${f.at.toString(16)}=0x${(v >>> 0).toString(16)}`);
    } else if (r < 90) {
      const at = rng.below(out.length);
      out[at] ^= 1 << rng.below(8);
      ops.push(`flip@0x${at.toString(16)}`);
    } else {
      const at = rng.below(out.length + 1);
      ops.push(`truncate@${at}`);
      return { bytes: out.slice(0, at), ops, truncatedOnly: false };
    }
  }
  return { bytes: out, ops, truncatedOnly: false };
}

const REG_TOKENS = ['[', ']', '"', '\\', '=', '@', ',', ':', ';', 'hex(', 'hex(7):', 'hex(ffffffff):', 'dword:', 'dword:ffffffffff', '-', '\\\r\n', '\r\n', '\r\n[', '\t', 'zz', '\0', '\uFFFD', '\uD800', 'HKEY_USERS\\', 'hex:', '00,'];

/** Mutates .reg text line by line (keeping its encoding), with a few raw byte flips. */
export function mutateRegText(rng: Rng, bytes: Uint8Array): Mutation {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = utf16 ? new TextDecoder('utf-16le').decode(bytes.subarray(2)) : new TextDecoder('latin1').decode(bytes);
  const lines = text.split('\n');
  const ops: string[] = [];
  const n = 1 + rng.below(4);
  for (let i = 0; i < n; i++) {
    const li = rng.below(lines.length);
    switch (rng.below(8)) {
      case 0: lines.splice(li, 1); ops.push(`delete-line ${li}`); break;
      case 1: lines.splice(li, 0, lines[rng.below(lines.length)] ?? ''); ops.push(`duplicate-line ${li}`); break;
      case 2: {
        const j = rng.below(lines.length);
        [lines[li], lines[j]] = [lines[j], lines[li]];
        ops.push(`swap ${li} ${j}`);
        break;
      }
      case 3: case 4: {
        const l = lines[li] ?? '';
        const at = rng.below(l.length + 1);
        const t = rng.pick(REG_TOKENS);
        lines[li] = l.slice(0, at) + t + l.slice(at);
        ops.push(`insert ${JSON.stringify(t)} ${li}:${at}`);
        break;
      }
      case 5: {
        const l = lines[li] ?? '';
        const at = rng.below(l.length + 1);
        lines[li] = l.slice(0, at);
        ops.push(`cut-line ${li}:${at}`);
        break;
      }
      case 6: {
        const l = lines[li] ?? '';
        lines[li] = l + ',00'.repeat(rng.below(2000)) + (rng.chance(0.5) ? '\\' : '');
        ops.push(`grow-line ${li}`);
        break;
      }
      default: lines[li] = (lines[li] ?? '').replace(/[0-9a-f]/i, rng.pick(['g', ' ', '', 'fff']));
        ops.push(`bad-hex ${li}`);
    }
  }
  const joined = lines.join('\n');
  let out: Uint8Array;
  if (utf16) {
    out = new Uint8Array(2 + joined.length * 2);
    out[0] = 0xff;
    out[1] = 0xfe;
    for (let i = 0; i < joined.length; i++) {
      const c = joined.charCodeAt(i);
      out[2 + 2 * i] = c & 0xff;
      out[3 + 2 * i] = c >> 8;
    }
  } else {
    out = Uint8Array.from(joined, (c) => c.charCodeAt(0) & 0xff);
  }
  if (rng.chance(0.2) && out.length > 0) {
    const at = rng.below(out.length);
    out[at] ^= 1 << rng.below(8);
    ops.push(`flip@${at}`);
  }
  return { bytes: out, ops, truncatedOnly: false };
}
