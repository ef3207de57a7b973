/**
 * Builds TreeKey hives for scenarios: path-based setters that create missing keys, value encoders, and
 * security-descriptor helpers. Every key gets the builder's default LastWrite unless a scenario sets one.
 */
import { dateToFiletime } from '../../src/regf/filetime.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import type { Ace, SecurityDescriptor } from '../../src/view/security-descriptor.js';
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD, REG_SZ } from '../../src/view/value-types.js';
import { upcaseName } from '../../src/view/names.js';

export function utf16z(s: string): Uint8Array {
  const out = new Uint8Array((s.length + 1) * 2);
  for (let i = 0; i < s.length; i++) {
    out[i * 2] = s.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
}

export function multiSz(items: string[]): Uint8Array {
  return utf16z(items.join('\0') + '\0');
}

export function dwordBytes(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}

export function filetimeBytes(d: Date): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, dateToFiletime(d), true);
  return b;
}

export class HiveBuilder {
  readonly root: TreeKey;
  constructor(
    rootName: string,
    readonly defaultLastWrite: Date,
  ) {
    this.root = { name: rootName, values: [], subkeys: [], lastWrite: defaultLastWrite };
  }

  /** The key at `path`, created (with the default LastWrite) if missing; `extra` is merged in. */
  key(path: string, extra: Partial<TreeKey> = {}): TreeKey {
    let k = this.root;
    for (const part of path.split('\\').filter(Boolean)) {
      let c = k.subkeys.find((s) => upcaseName(s.name) === upcaseName(part));
      if (!c) {
        c = { name: part, values: [], subkeys: [], lastWrite: this.defaultLastWrite };
        k.subkeys.push(c);
      }
      k = c;
    }
    Object.assign(k, extra);
    return k;
  }

  remove(path: string): this {
    const parts = path.split('\\').filter(Boolean);
    const leaf = parts.pop()!;
    const parent = this.find(parts.join('\\'));
    if (parent) parent.subkeys = parent.subkeys.filter((s) => upcaseName(s.name) !== upcaseName(leaf));
    return this;
  }

  removeValue(path: string, name: string): this {
    const k = this.find(path);
    if (k) k.values = k.values.filter((v) => upcaseName(v.name) !== upcaseName(name));
    return this;
  }

  find(path: string): TreeKey | null {
    let k: TreeKey | undefined = this.root;
    for (const part of path.split('\\').filter(Boolean)) {
      k = k.subkeys.find((s) => upcaseName(s.name) === upcaseName(part));
      if (!k) return null;
    }
    return k;
  }

  value(path: string, name: string, type: number, data: Uint8Array): this {
    const k = this.key(path);
    k.values = k.values.filter((v) => upcaseName(v.name) !== upcaseName(name));
    k.values.push({ name, type, data });
    return this;
  }
  sz(path: string, name: string, s: string): this {
    return this.value(path, name, REG_SZ, utf16z(s));
  }
  expandSz(path: string, name: string, s: string): this {
    return this.value(path, name, REG_EXPAND_SZ, utf16z(s));
  }
  multiSz(path: string, name: string, items: string[]): this {
    return this.value(path, name, REG_MULTI_SZ, multiSz(items));
  }
  dword(path: string, name: string, n: number): this {
    return this.value(path, name, REG_DWORD, dwordBytes(n));
  }
  binary(path: string, name: string, b: Uint8Array): this {
    return this.value(path, name, REG_BINARY, b);
  }
  qword(path: string, name: string, n: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n, true);
    return this.value(path, name, REG_QWORD, b);
  }
}

export const SID = {
  system: 'S-1-5-18',
  networkService: 'S-1-5-20',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
  everyone: 'S-1-1-0',
} as const;

export const FULL = 0x000f003f;
export const READ = 0x00020019;

export function ace(sid: string, mask: number, type = 0, flags = 0): Ace {
  return { type, typeName: type === 0 ? 'ACCESS_ALLOWED' : type === 1 ? 'ACCESS_DENIED' : `ACE_${type}`, flags, mask, sid };
}

export function sd(owner: string | null, aces: Ace[]): SecurityDescriptor {
  return { revision: 1, control: 0x8004, owner, group: SID.system, dacl: { revision: 2, aces }, sacl: null, nullDacl: false };
}

export const DAY = 86_400_000;
export function daysBefore(d: Date, days: number): Date {
  return new Date(d.getTime() - days * DAY);
}
