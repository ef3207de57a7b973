/** `dump --format jsonl`: one JSON object per key and per value, keys before their values, depth-first. */
import type { HiveView, RegKey } from '../view/registry-view.js';
import { dumpData, typeName } from '../view/value-types.js';
import type { Anomaly } from '../view/anomaly.js';
import { walkAnomaly, walkKeys } from '../view/walk.js';

export interface DumpOptions {
  /** Start at this key (path relative to the hive root); the whole hive when absent. */
  readonly keyPath?: string;
  /** Add file offsets (hives) or line numbers (.reg) to each record. */
  readonly locations?: boolean;
}

export interface DumpKeyRecord {
  type: 'key';
  path: string;
  lastWrite?: string;
  offset?: number;
  line?: number;
}

export interface DumpValueRecord {
  type: 'value';
  path: string;
  name: string;
  valueType: string;
  data: string | number | string[];
  offset?: number;
  line?: number;
}

/**
 * Emits the dump as text chunks of many lines (fewer, larger writes are what makes a dump fast).
 * Returns null when the start key does not exist, else the problems met while walking (cycles, shared keys).
 */
export function dumpJsonl(view: HiveView, emit: (chunk: string) => void, options: DumpOptions = {}): Anomaly[] | null {
  const start: RegKey | null = options.keyPath ? view.key(options.keyPath) : view.root;
  if (!start) return null;
  const problems: Anomaly[] = [];
  let buf = '';
  const flush = () => {
    if (buf.length > 0) emit(buf);
    buf = '';
  };
  walkKeys(start, (key) => {
    const k: DumpKeyRecord = { type: 'key', path: key.path };
    const lw = key.lastWrite;
    if (lw) k.lastWrite = lw.toISOString();
    if (options.locations) {
      if (key.offset !== undefined) k.offset = key.offset;
      if (key.line !== undefined) k.line = key.line;
    }
    buf += JSON.stringify(k) + '\n';
    for (const v of key.values()) {
      const data = v.data;
      const r: DumpValueRecord = { type: 'value', path: key.path, name: v.name, valueType: typeName(v.type), data: dumpData(v.type, data) };
      if (options.locations) {
        if (v.offset !== undefined) r.offset = v.offset;
        if (v.line !== undefined) r.line = v.line;
      }
      buf += JSON.stringify(r) + '\n';
    }
    if (buf.length > 1 << 16) flush();
  }, (p) => problems.push(walkAnomaly(p)));
  flush();
  return problems;
}
