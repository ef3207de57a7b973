/** Bounds-checked little-endian reading, GUIDs and small byte helpers for the DPAPI structures. */
export { concatBytes } from '../bytes/concat.js';

/** Thrown by ByteReader when a structure runs past its buffer; caught at each parser's boundary. */
export class TruncatedError extends Error {
  constructor(readonly structure: string, readonly offset: number, readonly wanted: number) {
    super(`${structure}: needs ${wanted} bytes at offset ${offset}, past the end`);
  }
}

/** Sequential reader over one structure; every read checks the remaining length first. */
export class ByteReader {
  private readonly dv: DataView;
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly structure: string) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  private need(n: number): void {
    if (n < 0 || n > this.remaining) throw new TruncatedError(this.structure, this.pos, n);
  }
  u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /** A u64 length; values above 2^32 cannot describe bytes we hold, so they fail the later bounds check. */
  u64(): number {
    this.need(8);
    const lo = this.dv.getUint32(this.pos, true);
    const hi = this.dv.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi === 0 ? lo : Number.MAX_SAFE_INTEGER;
  }
  bytesOf(n: number): Uint8Array {
    this.need(n);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  /** u32 length prefix, then that many bytes. */
  sized(): Uint8Array {
    return this.bytesOf(this.u32());
  }
  guid(): string {
    return formatGuid(this.bytesOf(16));
  }
}

/** Windows GUID byte order (Data1 u32 LE, Data2 u16 LE, Data3 u16 LE, 8 raw bytes) → lowercase text. */
export function formatGuid(b: Uint8Array): string {
  const h = (i: number) => b[i].toString(16).padStart(2, '0');
  const run = (idx: number[]) => idx.map(h).join('');
  return `${run([3, 2, 1, 0])}-${run([5, 4])}-${run([7, 6])}-${run([8, 9])}-${run([10, 11, 12, 13, 14, 15])}`;
}

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuidText(s: string): boolean {
  return GUID_TEXT.test(s);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

export function u32be(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, false);
  return b;
}

export function readU32(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true);
}

/** `count` copies of `part`, for the "salt ×1000" key derivations of LSA. */
export function repeated(part: Uint8Array, count: number): Uint8Array[] {
  return new Array<Uint8Array>(count).fill(part);
}

/**
 * Why a step failed: the bytes are not the structure they should be (`malformed`), or they are but the key
 * material does not open them (`not-decryptable`, which also covers algorithms we do not implement).
 */
export type FailureKind = 'malformed' | 'not-decryptable';

/** Outcome of a step that can fail on bad input; reasons never contain key material. */
export type Result<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; reason: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(kind: FailureKind, reason: string): Result<T> {
  return { ok: false, kind, reason };
}
