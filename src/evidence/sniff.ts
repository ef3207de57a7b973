/** What a file is, from its first bytes: a primary hive, a transaction log, a .reg export, a zip, or none of these. */
import { FILE_TYPE_LOG_NEW, FILE_TYPE_LOG_OLD, FILE_TYPE_LOG_VERY_OLD, FILE_TYPE_PRIMARY } from '../regf/spec.js';

export type SniffedKind = 'hive' | 'log' | 'reg' | 'zip' | 'other';

/** Bytes a caller should read for `sniff` (the file-type field of a base block is at 28; .reg headers are short). */
export const SNIFF_BYTES = 512;

const REG_HEADERS = ['Windows Registry Editor', 'REGEDIT4'];

export function sniff(head: Uint8Array): { kind: SniffedKind; reason?: string } {
  if (head.length === 0) return { kind: 'other', reason: 'empty file' };
  if (head.length >= 4 && head[0] === 0x72 && head[1] === 0x65 && head[2] === 0x67 && head[3] === 0x66) {
    if (head.length < 32) return { kind: 'other', reason: 'regf signature but shorter than a base block header' };
    const fileType = head[28] | (head[29] << 8) | (head[30] << 16) | (head[31] << 24);
    if (fileType === FILE_TYPE_PRIMARY) return { kind: 'hive' };
    if (fileType === FILE_TYPE_LOG_OLD || fileType === FILE_TYPE_LOG_VERY_OLD || fileType === FILE_TYPE_LOG_NEW) return { kind: 'log' };
    return { kind: 'other', reason: `regf base block with unknown file type ${fileType}` };
  }
  // Log files that hold only HvLE entries after a zeroed base block are recognised by name, not here.
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return { kind: 'zip' };
  if (looksLikeRegText(head)) return { kind: 'reg' };
  if (head.length >= 4 && head[0] === 0x43 && head[1] === 0x52 && head[2] === 0x45 && head[3] === 0x47) {
    return { kind: 'other', reason: 'Windows 9x/ME registry (CREG), not an NT hive' };
  }
  return { kind: 'other', reason: 'not a registry hive, transaction log, .reg export or zip' };
}

function looksLikeRegText(head: Uint8Array): boolean {
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(head.subarray(2, head.length & ~1));
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(head.subarray(2, head.length & ~1));
  else if (head.length >= 2 && head[0] !== 0 && head[1] === 0) text = new TextDecoder('utf-16le').decode(head.subarray(0, head.length & ~1));
  else text = new TextDecoder('latin1').decode(head).replace(/^\xef\xbb\xbf/, '');
  text = text.replace(/^[\s\uFEFF]+/, '');
  return REG_HEADERS.some((h) => text.slice(0, h.length).toUpperCase() === h.toUpperCase());
}
