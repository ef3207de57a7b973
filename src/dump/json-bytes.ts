/**
 * A JSON-lines writer straight into UTF-8 bytes. A dump is ~130k lines; building JS strings for them and
 * encoding them again cost four times the hive walk itself, so text is escaped and encoded in one pass here,
 * and UTF-16LE value data is transcoded without an intermediate string.
 */
const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));
/** The two hex digits of each byte value, at 2·byte. */
const HEX_PAIRS = Uint8Array.from({ length: 512 }, (_, i) => HEX_DIGITS[i & 1 ? (i >>> 1) & 15 : i >>> 5]);

export class JsonBytes {
  private buf: Uint8Array;
  private pos = 0;

  constructor(
    private readonly emit: (chunk: Uint8Array) => void,
    private readonly chunkSize = 1 << 20,
  ) {
    this.buf = new Uint8Array(chunkSize + 64);
  }

  /** Number of the buffer being filled: a span written into it can be repeated (`repeat`) while it is the same. */
  chunk = 0;

  /** Makes room for `n` more bytes, flushing (or growing, for one huge item) as needed. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.chunk++;
    }
  }

  flush(): void {
    if (this.pos === 0) return;
    // The filled buffer is handed over whole (the receiver may keep it, e.g. a pipe's pending write); a new one
    // takes its place, which costs less than copying the chunk out.
    this.emit(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(this.chunkSize + 64);
    this.pos = 0;
    this.chunk++;
  }

  /** Where the next byte goes in the current buffer. */
  get at(): number {
    return this.pos;
  }

  /**
   * Writes again bytes `from`..`to` of buffer `chunk` (a line prefix shared by a key's values) by a copy within the
   * buffer; false, writing nothing, when that buffer is gone or the copy would not fit in it.
   */
  repeat(chunk: number, from: number, to: number): boolean {
    if (chunk !== this.chunk || this.pos + (to - from) > this.buf.length) return false;
    this.buf.copyWithin(this.pos, from, to);
    this.pos += to - from;
    return true;
  }

  /** ASCII text that needs no escaping (field names, ISO dates, numbers). */
  ascii(s: string): this {
    this.room(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
    return this;
  }

  /** Pre-encoded bytes (a key's path, written once per value line). */
  bytes(b: Uint8Array): this {
    return this.text(b, 0, b.length);
  }

  /** A JSON string literal of a JS string, escaped as JSON.stringify does, UTF-8 encoded. */
  string(s: string): this {
    this.room(s.length * 6 + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (isSurrogatePair(c, d)) {
          p = putUtf8(b, p, pairCodePoint(c, d));
          i++;
        } else p = putEscape(b, p, c); // lone surrogate: \udxxx, as JSON.stringify writes it
        continue;
      }
      p = putChar(b, p, c);
    }
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  /**
   * A JSON string literal from UTF-16LE bytes up to the first NUL (REG_SZ semantics): an odd last byte is
   * dropped, unpaired surrogates become U+FFFD as TextDecoder does.
   */
  utf16z(data: Uint8Array): this {
    const n = data.length >>> 1;
    this.room(n * 6 + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = data[2 * i] | (data[2 * i + 1] << 8);
      if (c === 0) break;
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? data[2 * i + 2] | (data[2 * i + 3] << 8) : 0;
        p = putSurrogate(b, p, c, d);
        if (isSurrogatePair(c, d)) i++;
        continue;
      }
      p = putChar(b, p, c);
    }
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  /**
   * REG_MULTI_SZ as decodeMultiSz reads it, a JSON array of string literals: UTF-16LE (a leading BOM dropped, as
   * TextDecoder does; unpaired surrogates as U+FFFD) split at NULs, trailing empty strings dropped.
   */
  multiSz(data: Uint8Array): this {
    let n = data.length >>> 1;
    let i = n > 0 && data[0] === 0xff && data[1] === 0xfe ? 1 : 0;
    while (n > i && data[2 * n - 2] === 0 && data[2 * n - 1] === 0) n--;
    this.room((n - i) * 6 + 4);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x5b;
    if (n > i) {
      b[p++] = 0x22;
      for (; i < n; i++) {
        const c = data[2 * i] | (data[2 * i + 1] << 8);
        if (c === 0) {
          b[p++] = 0x22;
          b[p++] = 0x2c;
          b[p++] = 0x22;
        } else if (c >= 0xd800 && c <= 0xdfff) {
          const d = i + 1 < n ? data[2 * i + 2] | (data[2 * i + 3] << 8) : 0;
          p = putSurrogate(b, p, c, d);
          if (isSurrogatePair(c, d)) i++;
        } else p = putChar(b, p, c);
      }
      b[p++] = 0x22;
    }
    b[p++] = 0x5d;
    this.pos = p;
    return this;
  }

  /** A JSON string literal of lowercase hex digits of `data`. */
  hex(data: Uint8Array): this {
    this.room(data.length * 2 + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < data.length; i++) {
      const x = data[i] << 1;
      b[p++] = HEX_PAIRS[x];
      b[p++] = HEX_PAIRS[x + 1];
    }
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  /** A JSON string literal of a Latin-1 name `len` bytes at `start` of `src` (a compressed key or value name). */
  latin1(src: Uint8Array, start: number, len: number): this {
    this.room(len * 6 + 2);
    const b = this.buf;
    b[this.pos] = 0x22;
    const p = putLatin1(b, this.pos + 1, src, start, len);
    b[p] = 0x22;
    this.pos = p + 1;
    return this;
  }

  /** A JSON string literal of a UTF-16LE name `len` bytes at `start` of `src`, NULs kept (decodeUtf16Name's text). */
  utf16(src: Uint8Array, start: number, len: number): this {
    this.room((len >>> 1) * 6 + 2);
    const b = this.buf;
    b[this.pos] = 0x22;
    const p = putUtf16(b, this.pos + 1, src, start, len);
    b[p] = 0x22;
    this.pos = p + 1;
    return this;
  }

  /** A non-negative integer in decimal, as String(n) writes it. */
  uint(n: number): this {
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER) || n !== Math.floor(n)) return this.ascii(String(n));
    this.room(16);
    const b = this.buf;
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = Math.floor(n / 10);
      b[--p] = 0x30 + n - q * 10;
      n = q;
    } while (n > 0);
    return this;
  }

  /** `ms` since 1970 as Date.prototype.toISOString writes it (without quotes). */
  isoTime(ms: number): this {
    // Four-digit years only (0000–9999); others take toISOString's six-digit, signed form.
    if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return this.ascii(new Date(ms).toISOString());
    this.room(24);
    this.pos = putIso(this.buf, this.pos, ms);
    return this;
  }

  /** The raw escaped text of a literal written elsewhere (see `literal`), without its quotes. */
  text(b: Uint8Array, from: number, to: number): this {
    this.room(to - from);
    const out = this.buf;
    let p = this.pos;
    // Field names and paths are short: a loop beats set() on a fresh subarray.
    if (to - from > 256) out.set(b.subarray(from, to), p);
    else for (let i = from; i < to; i++) out[p++] = b[i];
    this.pos += to - from;
    return this;
  }

  /**
   * Encodes a JS string as a standalone JSON literal into this writer's scratch area and returns a view of it,
   * valid until the next call (a key's path, then copied into every value line of that key).
   */
  literal(s: string): Uint8Array {
    const save = { buf: this.buf, pos: this.pos };
    if (this.scratch.length < s.length * 6 + 2) this.scratch = new Uint8Array(s.length * 6 + 2);
    this.buf = this.scratch;
    this.pos = 0;
    this.string(s);
    const out = this.scratch.subarray(0, this.pos);
    this.buf = save.buf;
    this.pos = save.pos;
    return out;
  }
  private scratch = new Uint8Array(1024);
}

/** One BMP code unit that is not a surrogate: escaped or UTF-8 encoded. */
function putChar(b: Uint8Array, p: number, c: number): number {
  if (c < 0x80) {
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
      b[p++] = c;
      return p;
    }
    return putEscape(b, p, c);
  }
  return putUtf8(b, p, c);
}

function putEscape(b: Uint8Array, p: number, c: number): number {
  b[p++] = 0x5c;
  switch (c) {
    case 0x22:
      b[p++] = 0x22;
      return p;
    case 0x5c:
      b[p++] = 0x5c;
      return p;
    case 0x08:
      b[p++] = 0x62;
      return p;
    case 0x0c:
      b[p++] = 0x66;
      return p;
    case 0x0a:
      b[p++] = 0x6e;
      return p;
    case 0x0d:
      b[p++] = 0x72;
      return p;
    case 0x09:
      b[p++] = 0x74;
      return p;
  }
  b[p++] = 0x75;
  b[p++] = HEX_DIGITS[(c >>> 12) & 15];
  b[p++] = HEX_DIGITS[(c >>> 8) & 15];
  b[p++] = HEX_DIGITS[(c >>> 4) & 15];
  b[p++] = HEX_DIGITS[c & 15];
  return p;
}

/** Whether UTF-16 code units `c`, `d` are a high and a low surrogate. */
function isSurrogatePair(c: number, d: number): boolean {
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
}

function pairCodePoint(c: number, d: number): number {
  return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
}

/** The surrogate `c` of UTF-16LE bytes as UTF-8, `d` the unit after it (0 at the end): their code point, or U+FFFD alone, as TextDecoder does. */
function putSurrogate(b: Uint8Array, p: number, c: number, d: number): number {
  return putUtf8(b, p, isSurrogatePair(c, d) ? pairCodePoint(c, d) : 0xfffd);
}

function putUtf8(b: Uint8Array, p: number, cp: number): number {
  if (cp < 0x80) b[p++] = cp;
  else if (cp < 0x800) {
    b[p++] = 0xc0 | (cp >>> 6);
    b[p++] = 0x80 | (cp & 63);
  } else if (cp < 0x10000) {
    b[p++] = 0xe0 | (cp >>> 12);
    b[p++] = 0x80 | ((cp >>> 6) & 63);
    b[p++] = 0x80 | (cp & 63);
  } else {
    b[p++] = 0xf0 | (cp >>> 18);
    b[p++] = 0x80 | ((cp >>> 12) & 63);
    b[p++] = 0x80 | ((cp >>> 6) & 63);
    b[p++] = 0x80 | (cp & 63);
  }
  return p;
}

/** Escaped UTF-8 of Latin-1 bytes (each byte one code point); writes at most 6 bytes a byte. */
export function putLatin1(b: Uint8Array, p: number, src: Uint8Array, start: number, len: number): number {
  for (let i = start, end = start + len; i < end; i++) {
    const c = src[i];
    if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) b[p++] = c;
    else p = putChar(b, p, c);
  }
  return p;
}

/**
 * Escaped UTF-8 of UTF-16LE bytes (an odd last byte dropped, unpaired surrogates as U+FFFD, NULs escaped), as
 * JsonBytes.string writes decodeUtf16Name's string; at most 6 bytes a code unit.
 */
export function putUtf16(b: Uint8Array, p: number, src: Uint8Array, start: number, len: number): number {
  const n = len >>> 1;
  for (let i = 0; i < n; i++) {
    const q = start + 2 * i;
    const c = src[q] | (src[q + 1] << 8);
    if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
      b[p++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? src[q + 2] | (src[q + 3] << 8) : 0;
      p = putSurrogate(b, p, c, d);
      if (isSurrogatePair(c, d)) i++;
      continue;
    }
    p = putChar(b, p, c);
  }
  return p;
}

/** YYYY-MM-DDTHH:MM:SS.mmmZ of `ms` since 1970, year 0–9999 (days to civil date: H. Hinnant's algorithm). */
function putIso(b: Uint8Array, p: number, ms: number): number {
  const days = Math.floor(ms / 86_400_000);
  let t = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  p = put2(b, p, Math.floor(year / 100));
  p = put2(b, p, year % 100);
  b[p++] = 0x2d;
  p = put2(b, p, month);
  b[p++] = 0x2d;
  p = put2(b, p, day);
  b[p++] = 0x54;
  const h = Math.floor(t / 3_600_000);
  t -= h * 3_600_000;
  const m = Math.floor(t / 60_000);
  t -= m * 60_000;
  const sec = Math.floor(t / 1000);
  t -= sec * 1000;
  p = put2(b, p, h);
  b[p++] = 0x3a;
  p = put2(b, p, m);
  b[p++] = 0x3a;
  p = put2(b, p, sec);
  b[p++] = 0x2e;
  b[p++] = 0x30 + Math.floor(t / 100);
  p = put2(b, p, t % 100);
  b[p++] = 0x5a;
  return p;
}

function put2(b: Uint8Array, p: number, n: number): number {
  const tens = Math.floor(n / 10);
  b[p] = 0x30 + tens;
  b[p + 1] = 0x30 + n - tens * 10;
  return p + 2;
}
