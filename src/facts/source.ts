/**
 * Reads one loaded hive for the gatherers and records provenance for everything it returns. It honours the
 * view's capabilities: a .reg export yields no LastWrite and no security even if the underlying tree has them.
 */
import type { LoadedHive } from '../evidence/types.js';
import { upcaseName } from '../view/names.js';
import type { RegKey, RegValue } from '../view/registry-view.js';
import type { SecurityDescriptor } from '../view/security-descriptor.js';
import {
  REG_BINARY,
  REG_DWORD,
  REG_DWORD_BIG_ENDIAN,
  REG_EXPAND_SZ,
  REG_LINK,
  REG_MULTI_SZ,
  REG_QWORD,
  REG_SZ,
  decodeDword,
  decodeMultiSz,
  decodeSz,
  dumpData,
  toHex,
  typeName,
} from '../view/value-types.js';
import type { Fact, Provenance } from './types.js';

/** Longest hex shown for binary data in evidence rows; the size is always stated. */
const HEX_SHOWN = 48;

export function isoOrNull(d: Date | null | undefined): string | null {
  if (!d) return null;
  const t = d.getTime();
  return Number.isFinite(t) ? d.toISOString() : null;
}

/** Human display of value data for evidence rows: the dump's form for text and numbers, truncated hex for blobs. */
export function displayData(type: number, bytes: Uint8Array): string {
  // Only text and numbers are decoded: dumpData would hex a whole blob (an AppCompatCache is megabytes) to show 48 bytes.
  if (decodedForDisplay(type, bytes.length)) {
    const d = dumpData(type, bytes);
    if (Array.isArray(d)) return d.join('\n');
    if (typeof d === 'number') return `${d} (0x${d.toString(16).padStart(8, '0')})`;
    return d;
  }
  const hex = toHex(bytes.subarray(0, HEX_SHOWN));
  const more = bytes.length > HEX_SHOWN ? '…' : '';
  return `${typeName(type)} ${bytes.length} bytes: ${hex}${more}`;
}

/** Types dumpData gives as text or a number (the rest as hex): SZ, EXPAND_SZ, LINK, MULTI_SZ, 4-byte DWORDs, 8-byte QWORDs. */
function decodedForDisplay(type: number, length: number): boolean {
  if (type === REG_SZ || type === REG_EXPAND_SZ || type === REG_LINK || type === REG_MULTI_SZ) return true;
  if (type === REG_DWORD || type === REG_DWORD_BIG_ENDIAN) return length === 4;
  return type === REG_QWORD && length === 8;
}

export type NoteSink = (message: string, evidence: Provenance[]) => void;

export class HiveSource {
  constructor(
    readonly hive: LoadedHive,
    /** First component of every evidence keyPath: `SYSTEM`, `SOFTWARE`, `NTUSER`… */
    readonly prefix: string,
    private readonly note: NoteSink,
  ) {}

  get input(): string {
    return this.hive.input.path;
  }
  get capabilities() {
    return this.hive.view.capabilities;
  }

  key(path: string): RegKey | null {
    return this.hive.view.key(path);
  }

  /** True when this source holds `path`'s subtree, so a missing key there is absent (a .reg export holds only what was exported). */
  holds(path: string): boolean {
    const scope = this.hive.view.scope;
    if (scope === undefined) return true;
    const p = upcaseName(path);
    return scope.some((root) => {
      const r = upcaseName(root);
      return r === '' || p === r || p.startsWith(`${r}\\`);
    });
  }

  fullPath(relPath: string): string {
    return relPath === '' ? this.prefix : `${this.prefix}\\${relPath}`;
  }

  lastWrite(key: RegKey): Date | null {
    if (!this.capabilities.lastWrite) return null;
    const d = key.lastWrite;
    return d && Number.isFinite(d.getTime()) ? d : null;
  }

  security(key: RegKey): SecurityDescriptor | null {
    return this.capabilities.security ? key.security() : null;
  }

  keyEvidence(key: RegKey, note: string | null = null): Provenance {
    return { input: this.input, keyPath: this.fullPath(key.path), data: note, lastWrite: isoOrNull(this.lastWrite(key)) };
  }

  /** Evidence for a key that is absent: the path where it was looked for. */
  absentEvidence(relPath: string, valueName?: string): Provenance {
    if (valueName === undefined) return { input: this.input, keyPath: this.fullPath(relPath), data: 'absent', lastWrite: null };
    return { input: this.input, keyPath: this.fullPath(relPath), valueName, data: 'absent', lastWrite: null };
  }

  valueEvidence(key: RegKey, value: RegValue): Provenance {
    return {
      input: this.input,
      keyPath: this.fullPath(key.path),
      valueName: value.name,
      data: displayData(value.type, value.data),
      lastWrite: isoOrNull(this.lastWrite(key)),
    };
  }

  raw(path: string, name: string): { key: RegKey; value: RegValue; evidence: Provenance } | null {
    const key = this.key(path);
    if (!key) return null;
    const value = key.value(name);
    if (!value) return null;
    return { key, value, evidence: this.valueEvidence(key, value) };
  }

  /** A DWORD (also accepts a decimal REG_SZ, as some tools write); null with a note when undecodable. */
  dword(path: string, name: string): Fact<number> | null {
    const f = this.dwordOrInvalid(path, name);
    return f && f.value !== null ? { value: f.value, evidence: f.evidence } : null;
  }

  /** Like dword but keeps present-yet-undecodable values as value null (for "invalid" checks). */
  dwordOrInvalid(path: string, name: string): Fact<number | null> | null {
    const r = this.raw(path, name);
    if (!r) return null;
    let n: number | null = null;
    if (r.value.type === REG_DWORD || r.value.type === REG_DWORD_BIG_ENDIAN) n = decodeDword(r.value.type, r.value.data);
    else if (r.value.type === REG_SZ || r.value.type === REG_EXPAND_SZ) {
      const s = decodeSz(r.value.data).trim();
      if (/^\d{1,10}$/.test(s)) n = Number(s) >>> 0;
    } else if (r.value.type === REG_BINARY && r.value.data.length === 4) n = decodeDword(REG_DWORD, r.value.data);
    if (n === null) this.note(`${name} is not a DWORD (${typeName(r.value.type)}, ${r.value.data.length} bytes)`, [r.evidence]);
    return { value: n, evidence: [r.evidence] };
  }

  /** A string value (SZ/EXPAND_SZ; first item of a MULTI_SZ). */
  string(path: string, name: string): Fact<string> | null {
    const r = this.raw(path, name);
    if (!r) return null;
    const t = r.value.type;
    if (t === REG_SZ || t === REG_EXPAND_SZ || t === REG_LINK) return { value: decodeSz(r.value.data), evidence: [r.evidence] };
    if (t === REG_MULTI_SZ) return { value: decodeMultiSz(r.value.data)[0] ?? '', evidence: [r.evidence] };
    this.note(`${name} is not a string (${typeName(t)})`, [r.evidence]);
    return null;
  }

  /** A string list: MULTI_SZ items, or a single SZ item. */
  strings(path: string, name: string): Fact<string[]> | null {
    const r = this.raw(path, name);
    if (!r) return null;
    const t = r.value.type;
    if (t === REG_MULTI_SZ) return { value: decodeMultiSz(r.value.data), evidence: [r.evidence] };
    if (t === REG_SZ || t === REG_EXPAND_SZ) return { value: [decodeSz(r.value.data)], evidence: [r.evidence] };
    this.note(`${name} is not a string list (${typeName(t)})`, [r.evidence]);
    return null;
  }
}

/** Walks every key under `start` depth-first, stopping after `limit` keys (hostile or huge hives). */
export function walkKeys(start: RegKey, limit: number, visit: (k: RegKey) => void): number {
  const stack: RegKey[] = [start];
  let n = 0;
  while (stack.length > 0 && n < limit) {
    const k = stack.pop()!;
    n++;
    visit(k);
    const subs = k.subkeys();
    for (let i = subs.length - 1; i >= 0; i--) stack.push(subs[i]);
  }
  return n;
}
