/**
 * A JSON-lines writer straight into UTF-8 bytes. A dump is ~130k lines; building JS strings for them and
 * encoding them again cost four times the hive walk itself, so text is escaped and encoded in one pass here,
 * and UTF-16LE value data is transcoded without an intermediate string.
 */
const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

export class JsonBytes {
  private buf: Uint8Array;
  private pos = 0;

  constructor(
    private readonly emit: (chunk: Uint8Array) => void,
    private readonly chunkSize = 1 << 20,
  ) {
    this.buf = new Uint8Array(chunkSize + 64);
  }

  /** Makes room for `n` more bytes, flushing (or growing, for one huge item) as needed. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
  }

  flush(): void {
    if (this.pos === 0) return;
    this.emit(this.buf.slice(0, this.pos));
    this.pos = 0;
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
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
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
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          p = putUtf8(b, p, 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
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
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          p = putUtf8(b, p, 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
          i++;
        } else p = putUtf8(b, p, 0xfffd);
        continue;
      }
      p = putChar(b, p, c);
    }
    b[p++] = 0x22;
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
      const x = data[i];
      b[p++] = HEX_DIGITS[x >>> 4];
      b[p++] = HEX_DIGITS[x & 15];
    }
    b[p++] = 0x22;
    this.pos = p;
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
