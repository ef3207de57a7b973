/**
 * Lexing of the pieces of a value line: quoted strings with regedit's escapes, `dword:` digits, comma-separated
 * hex bytes (one physical line at a time; the parser joins continuation lines), and the type prefix.
 * Columns are 0-based string indexes here; the parser reports them 1-based.
 */

export function skipBlanks(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** True when only blanks or a `;` comment follow index i. */
export function restIsBlank(s: string, i: number): boolean {
  const j = skipBlanks(s, i);
  return j >= s.length || s.charCodeAt(j) === 0x3b;
}

export interface Quoted {
  readonly value: string;
  /** Index just past the closing quote. */
  readonly end: number;
  /** Indexes of backslashes followed by something other than `\` or `"` (kept literally). */
  readonly oddEscapes: number[];
}

/** Reads `"…"` starting at the opening quote; `\\` and `\"` are the only escapes regedit writes. Null when unterminated. */
export function readQuoted(s: string, open: number): Quoted | null {
  let out = '';
  let runStart = open + 1;
  const oddEscapes: number[] = [];
  for (let i = open + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      out += s.slice(runStart, i);
      return { value: out, end: i + 1, oddEscapes };
    }
    if (c === 0x5c) {
      if (i + 1 >= s.length) return null;
      const n = s.charCodeAt(i + 1);
      if (n === 0x5c || n === 0x22) {
        out += s.slice(runStart, i) + s[i + 1];
        i++;
        runStart = i + 1;
      } else {
        oddEscapes.push(i);
      }
    }
  }
  return null;
}

/** Growable byte buffer with a hard cap; bytes past the cap are counted, not stored. */
export class ByteSink {
  private buf = new Uint8Array(64);
  length = 0;
  overflow = false;
  constructor(private readonly max: number) {}
  push(b: number): void {
    if (this.length >= this.max) {
      this.overflow = true;
      return;
    }
    if (this.length === this.buf.length) {
      const next = new Uint8Array(Math.min(this.max, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export interface HexLine {
  /** A trailing backslash asks for the next line. */
  readonly continued: boolean;
  /** The line's data ended with a comma and no backslash (a continuation written without `\`?). */
  readonly endsWithComma: boolean;
  readonly error?: { readonly index: number; readonly message: string };
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

export function isHexDigit(c: number): boolean {
  return hexDigit(c) >= 0;
}

/** Reads `xx,xx,…` from index i to the end of one physical line into the sink. */
export function readHexLine(s: string, i: number, sink: ByteSink): HexLine {
  let afterComma = false;
  for (;;) {
    i = skipBlanks(s, i);
    if (i >= s.length || s.charCodeAt(i) === 0x3b) return { continued: false, endsWithComma: afterComma };
    if (s.charCodeAt(i) === 0x5c) {
      if (!restIsBlank(s, i + 1)) return { continued: false, endsWithComma: false, error: { index: i + 1, message: 'text after the continuation backslash' } };
      return { continued: true, endsWithComma: false };
    }
    const d1 = hexDigit(s.charCodeAt(i));
    if (d1 < 0) {
      const what = s.charCodeAt(i) === 0x2c ? 'an empty byte between commas' : `"${s[i]}" where a hex byte was expected`;
      return { continued: false, endsWithComma: false, error: { index: i, message: what } };
    }
    const d2 = i + 1 < s.length ? hexDigit(s.charCodeAt(i + 1)) : -1;
    let value = d1;
    let j = i + 1;
    if (d2 >= 0) {
      value = d1 * 16 + d2;
      j = i + 2;
      if (j < s.length && hexDigit(s.charCodeAt(j)) >= 0) {
        return { continued: false, endsWithComma: false, error: { index: i, message: 'a hex byte with more than two digits' } };
      }
    }
    sink.push(value);
    j = skipBlanks(s, j);
    if (j < s.length && s.charCodeAt(j) === 0x2c) {
      afterComma = true;
      i = j + 1;
      continue;
    }
    afterComma = false;
    if (j >= s.length || s.charCodeAt(j) === 0x3b || s.charCodeAt(j) === 0x5c) {
      i = j;
      continue;
    }
    return { continued: false, endsWithComma: false, error: { index: j, message: `"${s[j]}" where "," was expected between hex bytes` } };
  }
}

/** `dword:` data: 1 to 8 hex digits, then only blanks or a comment. */
export function readDword(s: string, i: number): number | { index: number; message: string } {
  const start = skipBlanks(s, i);
  let j = start;
  while (j < s.length && isHexDigit(s.charCodeAt(j))) j++;
  if (j === start) return { index: start, message: 'dword: without hex digits' };
  if (j - start > 8) return { index: start, message: `dword: with ${j - start} hex digits (at most 8)` };
  if (!restIsBlank(s, j)) return { index: skipBlanks(s, j), message: 'text after the dword: digits' };
  return parseInt(s.slice(start, j), 16) >>> 0;
}

export type TypePrefix =
  | { readonly form: 'string'; readonly type: 1; readonly next: number }
  | { readonly form: 'dword'; readonly type: 4; readonly next: number }
  | { readonly form: 'hex'; readonly type: number; readonly next: number }
  /** `str:"…"` / `str(n):"…"`: Wine and `hivexregedit --unsafe-printable-strings`. */
  | { readonly form: 'str'; readonly type: number; readonly next: number };

const HEXN = /^hex\(([0-9a-fA-F]{1,8})\):/i;
const STRN = /^str\(([0-9a-fA-F]{1,8})\):(?=")/i;

/** Recognises the data form at index i; `next` is where the data starts. */
export function readTypePrefix(s: string, i: number): TypePrefix | { index: number; message: string; code: string } {
  if (s.charCodeAt(i) === 0x22) return { form: 'string', type: 1, next: i };
  const head = s.slice(i, i + 20);
  const lower = head.toLowerCase();
  if (lower.startsWith('dword:')) return { form: 'dword', type: 4, next: i + 6 };
  if (lower.startsWith('hex:')) return { form: 'hex', type: 3, next: i + 4 };
  let m = HEXN.exec(head);
  if (m) return { form: 'hex', type: parseInt(m[1], 16) >>> 0, next: i + m[0].length };
  if (lower.startsWith('str:"')) return { form: 'str', type: 1, next: i + 4 };
  m = STRN.exec(head);
  if (m) return { form: 'str', type: parseInt(m[1], 16) >>> 0, next: i + m[0].length };
  if (lower.startsWith('hex(')) {
    return { code: 'reg-bad-type-number', index: i, message: 'malformed hex(n): type (n must be 1 to 8 hex digits, then "):")' };
  }
  const shown = s.slice(i, i + 12).replace(/[\x00-\x1f]/g, '?');
  return { code: 'reg-unknown-type-prefix', index: i, message: `unknown value data form "${shown}${s.length - i > 12 ? '…' : ''}"` };
}
