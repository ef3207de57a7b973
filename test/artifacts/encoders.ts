/**
 * Writers of the artifact blobs, from the layouts (not from the parsers), for hives built with the project's hive
 * writer: Actions, DynamicInfo, AppCompatCache (Windows 10, 8.1, 7 32/64-bit, Vista 64-bit, XP), UserAssist.
 */
import { dateToFiletime } from '../../src/regf/filetime.js';

export class Bytes {
  private parts: number[] = [];
  u16(n: number): this {
    this.parts.push(n & 0xff, (n >> 8) & 0xff);
    return this;
  }
  u32(n: number): this {
    for (let i = 0; i < 4; i++) this.parts.push((n >>> (8 * i)) & 0xff);
    return this;
  }
  u64(n: bigint): this {
    for (let i = 0n; i < 8n; i++) this.parts.push(Number((n >> (8n * i)) & 0xffn));
    return this;
  }
  filetime(d: Date | null): this {
    return this.u64(d ? dateToFiletime(d) : 0n);
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }
  ascii(s: string): this {
    for (let i = 0; i < s.length; i++) this.parts.push(s.charCodeAt(i));
    return this;
  }
  raw(b: Uint8Array | number[]): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.parts.push(0);
    return this;
  }
  bstr(s: string): this {
    return this.u32(s.length * 2).utf16(s);
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export type ActionSpec =
  | { kind: 'exec'; id?: string; command: string; arguments?: string; workingDirectory?: string; flags?: number }
  | { kind: 'com'; id?: string; clsid: Uint8Array; data: string }
  | { kind: 'message'; id?: string; caption: string; content: string }
  | { kind: 'email'; id?: string; from: string; to: string; subject: string; body: string; server: string; attachments?: string[]; headers?: [string, string][] };

export function actionsBlob(version: number, context: string | null, actions: ActionSpec[]): Uint8Array {
  const b = new Bytes().u16(version);
  if (version >= 3) b.bstr(context ?? '');
  for (const a of actions) {
    if (a.kind === 'exec') {
      b.u16(0x6666).bstr(a.id ?? '').bstr(a.command).bstr(a.arguments ?? '').bstr(a.workingDirectory ?? '');
      if (version >= 3) b.u16(a.flags ?? 0);
    } else if (a.kind === 'com') b.u16(0x7777).bstr(a.id ?? '').raw(a.clsid).bstr(a.data);
    else if (a.kind === 'message') b.u16(0x9999).bstr(a.id ?? '').bstr(a.caption).bstr(a.content);
    else {
      b.u16(0x8888).bstr(a.id ?? '');
      for (const f of [a.from, a.to, '', '', '', a.server, a.subject, a.body]) b.bstr(f);
      b.u32(a.attachments?.length ?? 0);
      for (const f of a.attachments ?? []) b.bstr(f);
      b.u32(a.headers?.length ?? 0);
      for (const [n, v] of a.headers ?? []) b.bstr(n).bstr(v);
    }
  }
  return b.done();
}

/** DynamicInfo, 36-byte form: version 3, registered, last run, state, last result, completed. */
export function dynamicInfo(registered: Date, lastRun: Date | null, completed: Date | null): Uint8Array {
  return new Bytes().u32(3).filetime(registered).filetime(lastRun).u32(0).u32(0).filetime(completed).done();
}

export interface ShimSpec {
  path: string;
  modified: Date | null;
}

/** Windows 10/11: 0x34-byte header, `10ts` records {tag, u32, u32 size, u16 len, path, FILETIME, u32 n, data}. */
export function win10Cache(entries: ShimSpec[], headerSize = 0x34): Uint8Array {
  const b = new Bytes().u32(headerSize).zeros(headerSize - 4);
  for (const e of entries) {
    const data = [1, 2, 3, 4];
    const size = 2 + e.path.length * 2 + 8 + 4 + data.length;
    b.ascii('10ts').u32(0).u32(size).u16(e.path.length * 2).utf16(e.path).filetime(e.modified).u32(data.length).raw(data);
  }
  return b.done();
}

/** Windows 8.1: 128-byte header (u32 0x80), `10ts` records with package name, InsertFlags and shim flags. */
export function win81Cache(entries: (ShimSpec & { executed?: boolean; packageName?: string })[]): Uint8Array {
  const b = new Bytes().u32(0x80).zeros(124);
  for (const e of entries) {
    const pkg = e.packageName ?? '';
    const size = 2 + e.path.length * 2 + 2 + pkg.length * 2 + 8 + 8 + 4;
    b.ascii('10ts').u32(0).u32(size).u16(e.path.length * 2).utf16(e.path).u16(pkg.length * 2).utf16(pkg);
    b.u32(e.executed ? 2 : 0).u32(0).filetime(e.modified).u32(0);
  }
  return b.done();
}

/** Windows 7: 0xBADC0FEE, count, 128-byte header; 32 (32-bit) or 48 (64-bit) byte records; strings after them. */
export function win7Cache(entries: (ShimSpec & { executed?: boolean })[], bits: 32 | 64): Uint8Array {
  const size = bits === 64 ? 48 : 32;
  let strAt = 128 + entries.length * size;
  const b = new Bytes().u32(0xbadc0fee).u32(entries.length).zeros(120);
  const strings = new Bytes();
  for (const e of entries) {
    const len = e.path.length * 2;
    if (bits === 64) b.u16(len).u16(len + 2).u32(0).u64(BigInt(strAt)).filetime(e.modified).u32(e.executed ? 2 : 0).u32(0).u64(0n).u64(0n);
    else b.u16(len).u16(len + 2).u32(strAt).filetime(e.modified).u32(e.executed ? 2 : 0).u32(0).u32(0).u32(0);
    strings.utf16(e.path).u16(0);
    strAt += len + 2;
  }
  return b.raw(strings.done()).done();
}

/** Vista/2008 64-bit: 0xBADC0FFE, count, 32-byte records. */
export function vista64Cache(entries: (ShimSpec & { executed?: boolean })[]): Uint8Array {
  let strAt = 8 + entries.length * 32;
  const b = new Bytes().u32(0xbadc0ffe).u32(entries.length);
  const strings = new Bytes();
  for (const e of entries) {
    const len = e.path.length * 2;
    b.u16(len).u16(len + 2).u32(0).u64(BigInt(strAt)).filetime(e.modified).u32(e.executed ? 2 : 0).u32(0);
    strings.utf16(e.path).u16(0);
    strAt += len + 2;
  }
  return b.raw(strings.done()).done();
}

/** XP 32-bit: 0xDEADBEEF, count, 400-byte header, 552-byte records (528-byte path, mtime, size, update time). */
export function xpCache(entries: (ShimSpec & { size: number; updated: Date })[]): Uint8Array {
  const b = new Bytes().u32(0xdeadbeef).u32(entries.length).zeros(392);
  for (const e of entries) {
    const p = new Bytes().utf16(e.path);
    b.raw(p.done()).zeros(528 - p.length).filetime(e.modified).u64(BigInt(e.size)).filetime(e.updated);
  }
  return b.done();
}

/** UserAssist records: 72-byte (Windows 7+) and 16-byte (XP-era). */
export function userAssist72(count: number, focusCount: number, focusMs: number, lastRun: Date | null): Uint8Array {
  return new Bytes().u32(0).u32(count).u32(focusCount).u32(focusMs).zeros(44).filetime(lastRun).u32(0).done();
}
export function userAssist16(session: number, count: number, lastRun: Date | null): Uint8Array {
  return new Bytes().u32(session).u32(count).filetime(lastRun).done();
}
