/**
 * The inverse of the reader: a view (or a subtree of it) as regedit's "Windows Registry Editor Version 5.00"
 * export: UTF-16LE with BOM, CRLF, keys depth-first, hex data wrapped like regedit (`\` then two spaces).
 */
import type { HiveView, RegKey, RegValue } from '../view/registry-view.js';
import { encodeUtf16le } from './utf16.js';
import { HEADER_5 } from './decode.js';

export interface ToRegTextOptions {
  /** Export only this key and its subtree (path relative to the view's root); default: the whole view. */
  readonly keyPath?: string;
}

/** Regedit flushes a hex line once it reaches 77 columns (2 of indent + 25 bytes on continuation lines). */
const MAX_HEX_CHARS = 77;

/** `rootPath` is what the view's root stands for, e.g. `HKEY_LOCAL_MACHINE\SYSTEM`. Throws if keyPath is absent. */
export function toRegText(view: HiveView, rootPath: string, options: ToRegTextOptions = {}): Uint8Array {
  const text = formatRegText(view, rootPath, options);
  const body = encodeUtf16le(text);
  const out = new Uint8Array(body.length + 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  out.set(body, 2);
  return out;
}

/** The same export as a string (no BOM). */
export function formatRegText(view: HiveView, rootPath: string, options: ToRegTextOptions = {}): string {
  const start = options.keyPath ? view.key(options.keyPath) : view.root;
  if (!start) throw new Error(`toRegText: no key "${options.keyPath}" in the view`);
  const base = rootPath.replace(/\\+$/, '');
  const out: string[] = [HEADER_5, '\r\n'];
  // Explicit stack: depth-first, children in the view's order, without recursion on deep trees.
  const stack: RegKey[] = [start];
  while (stack.length > 0) {
    const key = stack.pop()!;
    const path = key.path === '' ? base : base === '' ? key.path : `${base}\\${key.path}`;
    out.push('\r\n[', path, ']\r\n');
    for (const v of key.values()) out.push(formatValue(v), '\r\n');
    const subs = key.subkeys();
    for (let k = subs.length - 1; k >= 0; k--) stack.push(subs[k]);
  }
  out.push('\r\n');
  return out.join('');
}

function escapeQuoted(s: string): string {
  return s.replace(/[\\"]/g, (c) => '\\' + c);
}

/** A REG_SZ regedit can write as "…": one NUL, at the end, and nothing a quoted line cannot carry. */
function cleanString(data: Uint8Array): string | null {
  if (data.length < 2 || data.length & 1) return null;
  const n = data.length / 2;
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = data[2 * i] | (data[2 * i + 1] << 8);
    if (c === 0) return i === n - 1 ? s : null;
    if (c === 0x0a || c === 0x0d) return null;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? data[2 * i + 2] | (data[2 * i + 3] << 8) : 0;
      if (d < 0xdc00 || d > 0xdfff) return null;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      const b = i > 0 ? data[2 * i - 2] | (data[2 * i - 1] << 8) : 0;
      if (b < 0xd800 || b > 0xdbff) return null;
    }
    s += String.fromCharCode(c);
  }
  return null;
}

export function formatValue(v: RegValue): string {
  const head = v.name === '' ? '@=' : `"${escapeQuoted(v.name)}"=`;
  if (v.type === 1) {
    const s = cleanString(v.data);
    if (s !== null) return `${head}"${escapeQuoted(s)}"`;
  }
  if (v.type === 4 && v.data.length === 4) {
    const n = (v.data[0] | (v.data[1] << 8) | (v.data[2] << 16) | (v.data[3] << 24)) >>> 0;
    return `${head}dword:${n.toString(16).padStart(8, '0')}`;
  }
  const tag = v.type === 3 ? 'hex:' : `hex(${(v.type >>> 0).toString(16)}):`;
  let line = head + tag;
  let lineLen = head.length + tag.length;
  const parts: string[] = [];
  const data = v.data;
  for (let i = 0; i < data.length; i++) {
    line += HEX[data[i]];
    if (i === data.length - 1) break;
    line += ',';
    lineLen += 3;
    if (lineLen >= MAX_HEX_CHARS) {
      parts.push(line + '\\\r\n');
      line = '  ';
      lineLen = 2;
    }
  }
  parts.push(line);
  return parts.join('');
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
