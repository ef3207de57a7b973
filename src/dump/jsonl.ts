/** `dump --format jsonl`: one JSON object per key and per value, keys before their values, depth-first. */
import type { Anomaly } from '../view/anomaly.js';
import type { HiveView, RegKey } from '../view/registry-view.js';
import { typeName } from '../view/value-types.js';
import { walkAnomaly, walkKeys } from '../view/walk.js';
import { RegfHive, RegfKey } from '../regf/hive.js';
import { JsonBytes } from './json-bytes.js';
import { dumpRegfJsonl } from './jsonl-regf.js';
import { writeValueData } from './value-data.js';

export interface DumpOptions {
  /** Start at this key (path relative to the hive root); the whole hive when absent. */
  readonly keyPath?: string;
  /** Add file offsets (hives) or line numbers (.reg) to each record. */
  readonly locations?: boolean;
  /** Add `"hive":NAME` to each record (a .reg export holding several hives). */
  readonly hive?: string;
}

/**
 * Emits the dump as UTF-8 chunks of many lines. The `data` of each value is `dumpData`'s form (see
 * value-types.ts), written without building it as a JS value first. Returns null when the start key does not
 * exist, else the problems met while walking (cycles, shared keys).
 */
export function dumpJsonl(view: HiveView, emit: (chunk: Uint8Array) => void, options: DumpOptions = {}): Anomaly[] | null {
  const start: RegKey | null = options.keyPath ? view.key(options.keyPath) : view.root;
  if (!start) return null;
  if (view instanceof RegfHive && start instanceof RegfKey) return dumpRegfJsonl(view, start, emit, options);
  return dumpViewJsonl(start, emit, options);
}

/** The writer over any view's RegKey objects (.reg exports, a hive without a root); dumpRegfJsonl's reference. */
export function dumpViewJsonl(start: RegKey, emit: (chunk: Uint8Array) => void, options: DumpOptions = {}): Anomaly[] {
  const problems: Anomaly[] = [];
  const w = new JsonBytes(emit);
  const hive = options.hive !== undefined ? w.literal(options.hive).slice() : null;
  walkKeys(
    start,
    (key) => {
      const path = w.literal(key.path);
      w.ascii('{"type":"key",');
      if (hive) w.ascii('"hive":').bytes(hive).ascii(',');
      w.ascii('"path":').bytes(path);
      const lw = key.lastWrite;
      if (lw) w.ascii(',"lastWrite":"').ascii(lw.toISOString()).ascii('"');
      if (options.locations) location(w, key.offset, key.line);
      w.ascii('}\n');
      for (const v of key.values()) {
        w.ascii('{"type":"value",');
        if (hive) w.ascii('"hive":').bytes(hive).ascii(',');
        w.ascii('"path":').bytes(path).ascii(',"name":').string(v.name);
        w.ascii(',"valueType":"').ascii(typeName(v.type)).ascii('","data":');
        writeValueData(w, v.type, v.data);
        if (options.locations) location(w, v.offset, v.line);
        w.ascii('}\n');
      }
    },
    (p) => problems.push(walkAnomaly(p)),
  );
  w.flush();
  return problems;
}

function location(w: JsonBytes, offset: number | undefined, line: number | undefined): void {
  if (offset !== undefined) w.ascii(',"offset":' + offset);
  if (line !== undefined) w.ascii(',"line":' + line);
}
