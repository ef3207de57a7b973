/**
 * Turns .reg bytes into lines: BOM / encoding detection, the header that names the dialect, and the
 * refusal of anything that is not a registry export. Line 1 is the header; line numbers are 1-based.
 */
import type { Anomaly } from '../view/anomaly.js';
import type { RegDialect, RegEncoding, RegTextLimits } from './types.js';
import { decodeUtf16Units } from './utf16.js';
import { decodeWindows1252 } from './windows-1252.js';

export const HEADER_5 = 'Windows Registry Editor Version 5.00';
export const HEADER_4 = 'REGEDIT4';

export interface DecodedRegText {
  readonly ok: true;
  readonly dialect: RegDialect;
  readonly encoding: RegEncoding;
  readonly bom: boolean;
  /** Physical lines without their terminators; lines[0] is the header. */
  readonly lines: string[];
  readonly anomalies: Anomaly[];
}

export interface RefusedRegText {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  readonly encoding: RegEncoding | null;
  readonly bom: boolean;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeRegText(input: Uint8Array, fileName: string, limits: RegTextLimits): DecodedRegText | RefusedRegText {
  const anomalies: Anomaly[] = [];
  let bytes = input;
  const truncated = bytes.length > limits.maxInputBytes;
  if (truncated) {
    bytes = bytes.subarray(0, limits.maxInputBytes - (limits.maxInputBytes % 2));
    anomalies.push({
      code: 'reg-input-truncated',
      severity: 'error',
      structure: 'file',
      message: `file is ${input.length} bytes; only the first ${limits.maxInputBytes} were read (limit), the rest is ignored`,
    });
  }

  let encoding: RegEncoding;
  let bom = false;
  let body: Uint8Array;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = true;
    body = bytes.subarray(2);
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    bom = true;
    body = bytes.subarray(2);
  } else if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    bom = true;
    body = bytes.subarray(3);
  } else if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) {
    // 'W\0i\0…' without a BOM: UTF-16LE written by a tool that skipped the BOM.
    encoding = 'utf-16le';
    body = bytes;
  } else if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) {
    encoding = 'utf-16be';
    body = bytes;
  } else {
    encoding = 'utf-8';
    body = bytes;
  }

  let lines: string[];
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    if (body.length & 1) {
      anomalies.push({
        code: 'reg-odd-length',
        severity: 'warning',
        structure: 'file',
        message: `UTF-16 text has an odd number of bytes; the last byte is ignored`,
      });
    }
    lines = splitLines(decodeUtf16Units(body, encoding === 'utf-16le'));
  } else {
    const header = firstLineAscii(body);
    if (!bom && header === HEADER_4) {
      encoding = 'windows-1252';
      lines = splitLines(decodeWindows1252(body));
    } else {
      lines = decodeUtf8Lines(body, anomalies);
    }
  }
  if (truncated && lines.length > 1) {
    lines.pop();
    anomalies.push({
      code: 'reg-input-truncated',
      severity: 'error',
      line: lines.length + 1,
      column: 1,
      message: `line ${lines.length + 1} was cut by the input size limit and is ignored`,
    });
  }

  const first = (lines[0] ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
  let dialect: RegDialect;
  if (first === HEADER_5) dialect = '5.00';
  else if (first === HEADER_4) dialect = 'REGEDIT4';
  else if (lines.length === 1 && first === '') {
    return { ok: false, code: 'reg-empty-file', message: `${fileName} is empty: not a registry export`, encoding, bom };
  } else if (/^\uFEFF+(Windows Registry Editor|REGEDIT)/.test(first)) {
    // Re-saved with a second byte order mark: invisible, so the header looks right and the message must say why.
    return {
      ok: false,
      code: 'reg-doubled-bom',
      message: `${fileName} starts with a second byte order mark (U+FEFF) after the first, as when an export is re-saved by a tool that adds its own: not read as a registry export; save it again without the extra mark (one UTF-16 LE BOM) to analyse it`,
      encoding,
      bom,
    };
  } else if (/^REGEDIT/.test(first)) {
    return {
      ok: false,
      code: 'reg-unsupported-header',
      message: `${fileName} starts with "${clip(first)}": only "${HEADER_5}" and "${HEADER_4}" exports are read`,
      encoding,
      bom,
    };
  } else {
    return {
      ok: false,
      code: 'reg-not-registry-export',
      message: `${fileName} is not a registry export: its first line is "${clip(first)}", not "${HEADER_5}" or "${HEADER_4}"`,
      encoding,
      bom,
    };
  }
  if (dialect === 'REGEDIT4' && encoding !== 'windows-1252') {
    anomalies.push({
      code: 'reg-regedit4-unicode',
      severity: 'info',
      line: 1,
      column: 1,
      message: `REGEDIT4 file stored as ${encoding}; decoded as ${encoding} rather than ANSI`,
    });
  }
  if (!bom && (encoding === 'utf-16le' || encoding === 'utf-16be')) {
    anomalies.push({ code: 'reg-no-bom', severity: 'info', line: 1, column: 1, message: `${encoding} text without a byte-order mark` });
  }
  return { ok: true, dialect, encoding, bom, lines, anomalies };
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The first line's bytes as ASCII (enough to recognise either header). */
function firstLineAscii(body: Uint8Array): string {
  let end = 0;
  while (end < body.length && end < 256 && body[end] !== 0x0a && body[end] !== 0x0d) end++;
  return String.fromCharCode(...body.subarray(0, end)).replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * UTF-8, one line at a time when the whole is not valid: hivexregedit prints lines without wide characters as
 * Latin-1 bytes, and a 5.00 file re-saved as "ANSI" is Windows-1252; such lines are decoded as Windows-1252.
 */
function decodeUtf8Lines(body: Uint8Array, anomalies: Anomaly[]): string[] {
  try {
    return splitLines(utf8Fatal.decode(body));
  } catch {
    // fall through to per-line decoding
  }
  const lines: string[] = [];
  let fallback = 0;
  let firstFallback = 0;
  let start = 0;
  const n = body.length;
  while (start <= n) {
    let end = start;
    while (end < n && body[end] !== 0x0a && body[end] !== 0x0d) end++;
    const raw = body.subarray(start, end);
    let text: string;
    try {
      text = utf8Fatal.decode(raw);
    } catch {
      text = decodeWindows1252(raw);
      if (fallback++ === 0) firstFallback = lines.length + 1;
    }
    lines.push(text);
    if (end >= n) break;
    start = body[end] === 0x0d && body[end + 1] === 0x0a ? end + 2 : end + 1;
  }
  if (fallback > 0) {
    anomalies.push({
      code: 'reg-encoding-fallback',
      severity: 'warning',
      line: firstFallback,
      column: 1,
      message: `${fallback} line(s) are not valid UTF-8 (first: line ${firstFallback}); decoded as Windows-1252`,
    });
  }
  return lines;
}

function clip(s: string): string {
  const printable = s.replace(/[\x00-\x1f\x7f-\x9f\ufffd]/g, '?').replace(/[\ufeff\u200b-\u200f\u2028\u2029]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
  return printable.length > 60 ? printable.slice(0, 60) + '…' : printable;
}
