/**
 * `parseRegText`: a regedit export (REGEDIT4 or 5.00, any of the encodings regedit, reg.exe, Notepad and
 * hivexregedit write) → one TreeView per hive it touches. Each statement becomes a RegEdit applied in file
 * order, so deletions affect what came before; every malformed line becomes an anomaly and parsing goes on.
 */
import { AnomalySink, type Anomaly } from '../view/anomaly.js';
import { TreeView } from '../view/tree-view.js';
import { exportedSubtrees } from './export-scope.js';
import { decodeRegText } from './decode.js';
import { hiveId, resolveKeyPath } from './roots.js';
import { BuildBudget, RegTreeBuilder, type ApplyOutcome } from './tree-builder.js';
import {
  DEFAULT_LIMITS,
  REG_CAPABILITIES,
  type RegDialect,
  type RegEdit,
  type RegTextHive,
  type RegTextLimits,
  type RegTextResult,
} from './types.js';
import { encodeSz, encodeUtf16le } from './utf16.js';
import {
  ByteSink,
  isHexDigit,
  readDword,
  readHexLine,
  readQuoted,
  readTypePrefix,
  restIsBlank,
  skipBlanks,
  type Quoted,
} from './value-data.js';
import { decodeWindows1252 } from './windows-1252.js';

export interface ParseRegTextOptions {
  readonly limits?: Partial<RegTextLimits>;
}

interface HiveState {
  readonly root: string;
  readonly userSid?: string;
  readonly prefix: string;
  readonly builder: RegTreeBuilder;
  readonly edits: RegEdit[];
  readonly anomalies: Anomaly[];
}

interface CurrentKey {
  readonly hive: HiveState;
  readonly path: readonly string[];
}

type ValueData = { readonly type: number; readonly data: Uint8Array };

const CONTINUATION_WITHOUT_BACKSLASH = /^[ \t]+[0-9a-fA-F]{1,2}[ \t]*(,|\\|;|$)/;

export function parseRegText(bytes: Uint8Array, fileName: string, options: ParseRegTextOptions = {}): RegTextResult {
  const limits: RegTextLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const decoded = decodeRegText(bytes, fileName, limits);
  if (!decoded.ok) {
    const anomaly: Anomaly = { code: decoded.code, severity: 'error', structure: 'header', message: decoded.message, line: 1, column: 1 };
    return {
      fileName,
      dialect: null,
      encoding: decoded.encoding,
      bom: decoded.bom,
      hives: [],
      anomalies: [anomaly],
      anomaliesDropped: 0,
      refused: { code: decoded.code, message: decoded.message },
    };
  }
  const parser = new RegTextParser(decoded.lines, decoded.dialect, limits);
  for (const a of decoded.anomalies) parser.fileAnomaly(a);
  parser.run();
  return {
    fileName,
    dialect: decoded.dialect,
    encoding: decoded.encoding,
    bom: decoded.bom,
    hives: parser.finish(),
    anomalies: parser.sink.items,
    anomaliesDropped: parser.sink.dropped,
    refused: null,
  };
}

class RegTextParser {
  readonly sink: AnomalySink;
  private readonly hives = new Map<string, HiveState>();
  private readonly fileLevel: Anomaly[] = [];
  private readonly budget: BuildBudget;
  private current: CurrentKey | null = null;
  /** Why there is no current key (for the message on values that follow). */
  private noKeyReason = 'before any [key] line';
  private keyLimitReported = false;
  private valueLimitReported = false;

  constructor(
    private readonly lines: string[],
    private readonly dialect: RegDialect,
    private readonly limits: RegTextLimits,
  ) {
    this.sink = new AnomalySink(limits.maxAnomalies);
    this.budget = new BuildBudget(limits.maxKeys, limits.maxValues);
  }

  fileAnomaly(a: Anomaly): void {
    const before = this.sink.items.length;
    this.sink.add(a);
    if (this.sink.items.length > before) this.fileLevel.push(a);
  }

  private report(
    code: string,
    severity: Anomaly['severity'],
    lineIndex: number,
    index: number,
    message: string,
    structure = 'line',
    hive: HiveState | undefined = this.current?.hive,
  ): void {
    const a: Anomaly = { code, severity, structure, message, line: lineIndex + 1, column: index + 1 };
    const before = this.sink.items.length;
    this.sink.add(a);
    if (this.sink.items.length > before && hive) hive.anomalies.push(a);
  }

  run(): void {
    let i = 1;
    while (i < this.lines.length) i = this.statement(i);
  }

  finish(): RegTextHive[] {
    if (this.budget.keysRefused > 0 || this.budget.valuesRefused > 0) {
      this.fileAnomaly({
        code: 'reg-limit-reached',
        severity: 'error',
        structure: 'file',
        message: `limits reached: ${this.budget.keysRefused} key(s) and ${this.budget.valuesRefused} value(s) were not stored`,
      });
    }
    const out: RegTextHive[] = [];
    for (const h of this.hives.values()) {
      const view = new TreeView(h.builder.toTreeKey(), 'reg', REG_CAPABILITIES, [...this.fileLevel, ...h.anomalies], exportedSubtrees(h.edits));
      const hive: RegTextHive = { root: h.root, prefix: h.prefix, view, edits: h.edits, ...(h.userSid !== undefined ? { userSid: h.userSid } : {}) };
      out.push(hive);
    }
    return out;
  }

  /** Handles the statement starting at line index i; returns the index of the next unread line. */
  private statement(i: number): number {
    const s = this.lines[i];
    if (s.length > this.limits.maxLineChars) {
      this.report('reg-line-too-long', 'error', i, 0, `line of ${s.length} characters exceeds the limit (${this.limits.maxLineChars}); skipped`);
      return i + 1;
    }
    const p = skipBlanks(s, 0);
    if (p >= s.length || s.charCodeAt(p) === 0x3b) return i + 1;
    const c = s[p];
    if (c === '[') {
      this.keyLine(i, s, p);
      return i + 1;
    }
    if (c === '"' || c === '@') return this.valueLine(i, s, p);
    this.report('reg-syntax', 'error', i, p, `unexpected text "${preview(s.slice(p))}": not a [key], a value or a comment`);
    return i + 1;
  }

  private keyLine(i: number, s: string, p: number): void {
    this.current = null;
    const close = s.lastIndexOf(']');
    if (close <= p) {
      this.noKeyReason = `after the malformed key line ${i + 1}`;
      this.report('reg-key-syntax', 'error', i, p, 'key line without a closing "]"; its values are not stored', 'key-line');
      return;
    }
    let inner = s.slice(p + 1, close);
    const deleting = inner.startsWith('-');
    if (deleting) inner = inner.slice(1);
    if (inner === '' || inner.charCodeAt(0) === 0x20 || inner.charCodeAt(0) === 0x09) {
      this.noKeyReason = `after the malformed key line ${i + 1}`;
      this.report('reg-key-syntax', 'error', i, p + 1, 'empty key path, or a path starting with a blank', 'key-line');
      return;
    }
    const r = resolveKeyPath(inner);
    if ('error' in r) {
      this.noKeyReason = `after the key line ${i + 1}, whose root is unknown`;
      this.report('reg-unknown-root', 'error', i, p + 1, `${r.error}; the key and its values are not stored`, 'key-line');
      return;
    }
    if (r.predefinedOnly) {
      this.noKeyReason = `under ${r.root} itself, which holds hives, not values`;
      if (deleting) this.report('reg-root-delete', 'error', i, p + 1, `[-${r.root}] cannot delete a predefined root key; ignored`, 'key-line');
      return;
    }
    if (r.path.length > this.limits.maxDepth) {
      this.noKeyReason = `after the key line ${i + 1}, which is too deep`;
      this.report('reg-key-too-deep', 'error', i, p + 1, `key path is ${r.path.length} levels deep (limit ${this.limits.maxDepth}); not stored`, 'key-line');
      return;
    }
    const hive = this.hive(r.root, r.prefix, r.userSid, r.note, i);
    if (!restIsBlank(s, close + 1)) {
      const at = skipBlanks(s, close + 1);
      this.report('reg-trailing-text', 'warning', i, at, 'text after the closing "]" of a key line is ignored', 'key-line', hive);
    }
    if (deleting) {
      this.noKeyReason = `after the key deletion on line ${i + 1}`;
      if (r.path.length === 0) {
        const msg = `[-${inner}] would delete a hive's root key, which Windows refuses; ignored`;
        this.report('reg-root-delete', 'error', i, p + 1, msg, 'key-line', hive);
        return;
      }
      this.edit(hive, { kind: 'delete-key', path: r.path, line: i + 1 }, i);
      return;
    }
    if (this.edit(hive, { kind: 'key', path: r.path, line: i + 1 }, i) === 'ok') this.current = { hive, path: r.path };
    else this.noKeyReason = `after the key line ${i + 1}, which was not stored (limit)`;
  }

  private hive(root: string, prefix: string, userSid: string | undefined, note: string | undefined, i: number): HiveState {
    const id = hiveId(root, userSid);
    let h = this.hives.get(id);
    if (!h) {
      h = { root, prefix, builder: new RegTreeBuilder(this.budget), edits: [], anomalies: [], ...(userSid !== undefined ? { userSid } : {}) };
      this.hives.set(id, h);
      if (note) this.report('reg-other-root', 'info', i, 0, note, 'key-line', h);
    }
    return h;
  }

  private edit(hive: HiveState, e: RegEdit, i: number): ApplyOutcome {
    const outcome = hive.builder.apply(e);
    if (outcome === 'key-limit' && !this.keyLimitReported) {
      this.keyLimitReported = true;
      this.report('reg-key-limit', 'error', i, 0, `more than ${this.limits.maxKeys} keys: this and later new keys are not stored`, 'line', hive);
    } else if (outcome === 'value-limit' && !this.valueLimitReported) {
      this.valueLimitReported = true;
      this.report('reg-value-limit', 'error', i, 0, `more than ${this.limits.maxValues} values: this and later new values are not stored`, 'line', hive);
    }
    if (outcome === 'ok' || outcome === 'absent') hive.edits.push(e);
    return outcome;
  }

  /** A `"name"=…` or `@=…` statement, with any continuation lines; returns the next unread line index. */
  private valueLine(i: number, s: string, p: number): number {
    let name: string;
    let q: number;
    if (s[p] === '@') {
      name = '';
      q = p + 1;
    } else {
      const quoted = readQuoted(s, p);
      if (!quoted) {
        this.report('reg-unterminated-string', 'error', i, p, 'value name without a closing quote; line skipped', 'value-line');
        return i + 1;
      }
      this.oddEscapes(i, quoted, 'value name');
      name = quoted.value;
      q = quoted.end;
    }
    q = skipBlanks(s, q);
    if (s[q] !== '=') {
      this.report('reg-syntax', 'error', i, q, `expected "=" after the value name ${shownName(name)}; line skipped`, 'value-line');
      return i + 1;
    }
    q = skipBlanks(s, q + 1);
    if (s[q] === '-') {
      if (!restIsBlank(s, q + 1)) {
        this.report('reg-syntax', 'error', i, q, `"=-" (delete value) followed by other text; line skipped`, 'value-line');
        return i + 1;
      }
      if (!this.current) {
        this.report('reg-value-outside-key', 'error', i, p, `deletion of value ${shownName(name)} ${this.noKeyReason}; ignored`, 'value-line');
        return i + 1;
      }
      this.edit(this.current.hive, { kind: 'delete-value', path: this.current.path, name, line: i + 1 }, i);
      return i + 1;
    }
    const parsed = this.valueData(i, s, q, name);
    if (parsed.data) {
      if (!this.current) {
        this.report('reg-value-outside-key', 'error', i, p, `value ${shownName(name)} ${this.noKeyReason}; not stored`, 'value-line');
      } else {
        const { type, data } = parsed.data;
        this.edit(this.current.hive, { kind: 'value', path: this.current.path, name, type, data, line: i + 1 }, i);
      }
    }
    return parsed.next;
  }

  private oddEscapes(i: number, q: Quoted, what: string): void {
    for (const at of q.oddEscapes) {
      const after = this.lines[i][at + 1];
      this.report('reg-odd-escape', 'warning', i, at, `"\\${after}" in a ${what} is not an escape regedit writes; kept literally`, 'value-line');
    }
  }

  private valueData(i: number, s: string, q: number, name: string): { data: ValueData | null; next: number } {
    const prefix = readTypePrefix(s, q);
    if ('code' in prefix) {
      this.report(prefix.code, 'error', i, prefix.index, `${prefix.message} for value ${shownName(name)}; not stored`, 'value-line');
      return { data: null, next: this.skipContinuations(i) };
    }
    switch (prefix.form) {
      case 'string':
      case 'str': {
        const quoted = readQuoted(s, prefix.next);
        if (!quoted) {
          this.report('reg-unterminated-string', 'error', i, prefix.next, `string data of value ${shownName(name)} has no closing quote; not stored`, 'value-line');
          return { data: null, next: i + 1 };
        }
        this.oddEscapes(i, quoted, 'string');
        if (!restIsBlank(s, quoted.end)) {
          this.report('reg-trailing-text', 'error', i, skipBlanks(s, quoted.end), `text after the closing quote of value ${shownName(name)}; not stored`, 'value-line');
          return { data: null, next: i + 1 };
        }
        return { data: { type: prefix.type, data: encodeSz(quoted.value) }, next: i + 1 };
      }
      case 'dword': {
        const d = readDword(s, prefix.next);
        if (typeof d !== 'number') {
          this.report('reg-bad-dword', 'error', i, d.index, `${d.message} for value ${shownName(name)}; not stored`, 'value-line');
          return { data: null, next: i + 1 };
        }
        const data = new Uint8Array(4);
        new DataView(data.buffer).setUint32(0, d, true);
        return { data: { type: 4, data }, next: i + 1 };
      }
      case 'hex':
        return this.hexData(i, s, prefix.next, prefix.type, name);
    }
  }

  /** Hex bytes over one or more lines: `\` continuations (blank and comment lines between are skipped, as regedit does). */
  private hexData(i: number, s: string, start: number, type: number, name: string): { data: ValueData | null; next: number } {
    const sink = new ByteSink(this.limits.maxValueBytes);
    let line = i;
    let seg = readHexLine(s, start, sink);
    let noBackslashNoted = false;
    for (;;) {
      if (seg.error) {
        this.report('reg-bad-hex', 'error', line, seg.error.index, `${seg.error.message} in the data of value ${shownName(name)}; not stored`, 'hex-data');
        return { data: null, next: this.skipContinuations(line) };
      }
      if (!seg.continued) {
        const peek = this.lines[line + 1];
        if (seg.endsWithComma && peek !== undefined && peek.length <= this.limits.maxLineChars && CONTINUATION_WITHOUT_BACKSLASH.test(peek)) {
          if (!noBackslashNoted) {
            noBackslashNoted = true;
            this.report('reg-continuation-without-backslash', 'info', line, s.length, `hex data of value ${shownName(name)} continues on the next line without a trailing "\\"; joined`, 'hex-data');
          }
          line++;
          seg = readHexLine(peek, 0, sink);
          continue;
        }
        break;
      }
      let j = line + 1;
      while (j < this.lines.length && restIsBlank(this.lines[j], 0)) j++;
      if (j >= this.lines.length) {
        this.report('reg-unterminated-continuation', 'warning', line, 0, `the file ends after a "\\" continuation of value ${shownName(name)}; stored with the bytes read`, 'hex-data');
        line = j - 1;
        break;
      }
      const next = this.lines[j];
      if (next.length > this.limits.maxLineChars) {
        this.report('reg-line-too-long', 'error', j, 0, `continuation line of ${next.length} characters exceeds the limit; value ${shownName(name)} not stored`, 'hex-data');
        return { data: null, next: this.skipContinuations(j) };
      }
      const pp = skipBlanks(next, 0);
      if (!isHexDigit(next.charCodeAt(pp))) {
        this.report('reg-bad-continuation', 'error', j, pp, `line ${line + 1} ends with "\\" but this line is not hex data; value ${shownName(name)} not stored`, 'hex-data');
        return { data: null, next: j };
      }
      line = j;
      seg = readHexLine(next, pp, sink);
      s = next;
    }
    if (sink.overflow) {
      this.report('reg-value-too-large', 'error', i, start, `data of value ${shownName(name)} exceeds ${this.limits.maxValueBytes} bytes (limit); not stored`, 'hex-data');
      return { data: null, next: line + 1 };
    }
    let data = sink.bytes();
    if (this.dialect === 'REGEDIT4' && (type === 1 || type === 2 || type === 7)) {
      // REGEDIT4 string types hold ANSI bytes; regedit converts them to UTF-16 on import.
      data = encodeUtf16le(decodeWindows1252(data));
    }
    return { data: { type, data }, next: line + 1 };
  }

  /** After a broken value: the index past the lines its trailing `\` continuations would have used. */
  private skipContinuations(i: number): number {
    let j = i;
    while (j < this.lines.length && /\\[ \t]*$/.test(this.lines[j])) {
      j++;
      while (j < this.lines.length && restIsBlank(this.lines[j], 0)) j++;
      if (j < this.lines.length && !isHexDigit(this.lines[j].charCodeAt(skipBlanks(this.lines[j], 0)))) return j;
    }
    return j + 1;
  }
}

function preview(s: string): string {
  const t = s.replace(/[\x00-\x1f]/g, '?');
  return t.length > 40 ? t.slice(0, 40) + '…' : t;
}

function shownName(name: string): string {
  return name === '' ? '@ (default)' : `"${preview(name)}"`;
}
