/**
 * `dump --deleted`: recovered records as JSON lines in the shape of the live dump (jsonl.ts), each marked
 * `"deleted":true` with its file offset. Every key is followed by the values re-attached to it, then come the
 * values no key claimed, with `"path":null` (they belong to no known key; '' would mean the root).
 * A partial path (its parent chain broke) adds `"pathComplete":false`; data read through a pointer that no
 * longer leads to free space adds `"dataReliable":false`; a name cut short by reused space adds
 * `"nameTruncated":true`.
 */
import type { RecoveredValue, RecoveryResult } from '../regf/recover/types.js';
import { typeName } from '../view/value-types.js';
import { JsonBytes } from './json-bytes.js';
import { writeValueData } from './value-data.js';

export function dumpDeletedJsonl(result: RecoveryResult, emit: (chunk: Uint8Array) => void): void {
  const w = new JsonBytes(emit);
  for (const key of result.keys) {
    const path = w.literal(key.path).slice();
    w.ascii('{"type":"key","path":').bytes(path);
    if (key.lastWrite) w.ascii(',"lastWrite":"').ascii(key.lastWrite.toISOString()).ascii('"');
    if (!key.pathComplete) w.ascii(',"pathComplete":false');
    if (key.nameTruncated) w.ascii(',"nameTruncated":true');
    w.ascii(',"deleted":true,"offset":' + key.offset + '}\n');
    for (const v of key.values) value(w, path, v);
  }
  const none = new TextEncoder().encode('null');
  for (const v of result.values) if (v.keyOffset === null) value(w, none, v);
  w.flush();
}

function value(w: JsonBytes, path: Uint8Array, v: RecoveredValue): void {
  w.ascii('{"type":"value","path":').bytes(path).ascii(',"name":').string(v.name);
  w.ascii(',"valueType":"').ascii(typeName(v.type)).ascii('","data":');
  writeValueData(w, v.type, v.data);
  if (v.nameTruncated) w.ascii(',"nameTruncated":true');
  if (!v.dataReliable) w.ascii(',"dataReliable":false');
  w.ascii(',"deleted":true,"offset":' + v.offset + '}\n');
}
