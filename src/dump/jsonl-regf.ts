/**
 * `dump --format jsonl` of a binary hive, written from the records' bytes: names are escaped from the hive into the
 * output, each key's path is kept as escaped bytes and extended by one name per level, times and numbers are
 * formatted without strings. The lines are byte for byte those of the generic writer (jsonl.ts, over RegKey
 * objects), which a full dump spent most of its time allocating.
 */
import { nkNameIsLatin1, NK_LAST_WRITE, NK_NAME } from '../regf/key-node.js';
import { filetimePartsToMs } from '../regf/filetime.js';
import type { RegfHive, RegfKey } from '../regf/hive.js';
import { RecordWalk } from '../regf/record-walk.js';
import { vkNameIsLatin1, VK_NAME } from '../regf/value-key.js';
import { MAX_WALK_DEPTH, walkAnomaly } from '../view/walk.js';
import type { Anomaly } from '../view/anomaly.js';
import { typeName } from '../view/value-types.js';
import { concatBytes } from '../bytes/concat.js';
import { JsonBytes, putLatin1, putUtf16 } from './json-bytes.js';
import type { DumpOptions } from './jsonl.js';
import { writeValueData } from './value-data.js';

const enc = new TextEncoder();
/** `,"valueType":"REG_…","data":` of each known type, encoded once. */
const TYPE_FIELDS = Array.from({ length: 12 }, (_, t) => enc.encode(`,"valueType":"${typeName(t)}","data":`));
const KEY_HEAD = enc.encode('{"type":"key",');
const VALUE_HEAD = enc.encode('{"type":"value",');
const PATH_FIELD = enc.encode('"path":"');
const NAME_FIELD = enc.encode('","name":');
/** Fields of the REG_UNKNOWN_<n> types met, encoded once each (bounded: a hostile hive has any number of types). */
const unknownTypeFields = new Map<number, Uint8Array>();
const LAST_WRITE_FIELD = enc.encode('","lastWrite":"');
const HIVE_FIELD = enc.encode('"hive":');

export function dumpRegfJsonl(hive: RegfHive, start: RegfKey, emit: (chunk: Uint8Array) => void, options: DumpOptions): Anomaly[] {
  const problems: Anomaly[] = [];
  const w = new JsonBytes(emit);
  const bytes = hive.bytes;
  const dv = hive.cells.dv;
  const hive_ = options.hive !== undefined ? w.literal(options.hive).slice() : null;
  const locations = options.locations === true;
  // The current key's path as escaped JSON text; pathEnd[d] is where the path of the key at depth d ends.
  const startPath = w.literal(start.path);
  let path = new Uint8Array(Math.max(4096, startPath.length * 2));
  path.set(startPath.subarray(1, startPath.length - 1));
  const pathEnd = new Int32Array(MAX_WALK_DEPTH + 2);
  pathEnd[0] = startPath.length - 2;
  let end = pathEnd[0];

  // Line starts up to the path's text, with the hive name of a multi-hive export when there is one.
  const hiveField = hive_ ? concatBytes(HIVE_FIELD, hive_, enc.encode(',')) : new Uint8Array(0);
  const keyStart = concatBytes(KEY_HEAD, hiveField, PATH_FIELD);
  const valueStart = concatBytes(VALUE_HEAD, hiveField, PATH_FIELD);
  // Where the path's text of the key line at each depth was written (buffer number, offset): a child's line
  // copies its parent's path from there within the output buffer, and its own value lines copy it from its line.
  const lineChunk = new Int32Array(MAX_WALK_DEPTH + 2).fill(-1);
  const lineFrom = new Int32Array(MAX_WALK_DEPTH + 2);
  let depthNow = 0;
  // Every value line of a key starts alike, up to its name: written once, then copied within the output buffer.
  let prefixChunk = -1;
  let prefixFrom = 0;
  let prefixTo = 0;
  const valuePrefix = (): void => {
    if (w.repeat(prefixChunk, prefixFrom, prefixTo)) return;
    w.room(valueStart.length + end + NAME_FIELD.length);
    prefixChunk = w.chunk;
    prefixFrom = w.at;
    w.bytes(valueStart);
    if (!w.repeat(lineChunk[depthNow], lineFrom[depthNow], lineFrom[depthNow] + end)) w.text(path, 0, end);
    w.bytes(NAME_FIELD);
    prefixTo = w.at;
  };
  const walk = new RecordWalk(hive, start);
  walk.run({
    key(p, nameLen, depth) {
      let parentEnd = 0;
      if (depth > 0) {
        let q = (parentEnd = pathEnd[depth - 1]);
        if (q + 2 + nameLen * 6 > path.length) {
          const grown = new Uint8Array((q + 2 + nameLen * 6) * 2);
          grown.set(path.subarray(0, q));
          path = grown;
        }
        // joinPath: the root's children are not prefixed (the root's path is '').
        if (q > 0) {
          path[q++] = 0x5c;
          path[q++] = 0x5c;
        }
        end = pathEnd[depth] = nkNameIsLatin1(dv, p) ? putLatin1(path, q, bytes, p + NK_NAME, nameLen) : putUtf16(path, q, bytes, p + NK_NAME, nameLen);
      } else end = pathEnd[0];
      depthNow = depth;
      prefixChunk = -1;
      // Room for the start and the path first, so that the path's place is in the buffer that keeps it.
      w.room(keyStart.length + end);
      w.bytes(keyStart);
      lineChunk[depth] = w.chunk;
      lineFrom[depth] = w.at;
      if (depth > 0 && w.repeat(lineChunk[depth - 1], lineFrom[depth - 1], lineFrom[depth - 1] + parentEnd)) w.text(path, parentEnd, end);
      else w.text(path, 0, end);
      const ms = filetimePartsToMs(dv.getUint32(p + NK_LAST_WRITE, true), dv.getUint32(p + NK_LAST_WRITE + 4, true));
      if (ms !== null) w.bytes(LAST_WRITE_FIELD).isoTime(ms);
      w.ascii('"');
      if (locations) w.ascii(',"offset":').uint(p - 4);
      w.ascii('}\n');
      if (depth === 0) {
        // The start key's values as RegfKey has them (they may be cached from an earlier lookup).
        for (const v of start.values()) {
          valuePrefix();
          w.string(v.name);
          typeField(w, v.type);
          writeValueData(w, v.type, v.data);
          if (locations && v.offset !== undefined) w.ascii(',"offset":').uint(v.offset);
          w.ascii('}\n');
        }
      }
    },
    value(p, nameLen, type, data) {
      valuePrefix();
      if (vkNameIsLatin1(dv, p)) w.latin1(bytes, p + VK_NAME, nameLen);
      else w.utf16(bytes, p + VK_NAME, nameLen);
      typeField(w, type);
      writeValueData(w, type, data);
      if (locations) w.ascii(',"offset":').uint(p - 4);
      w.ascii('}\n');
    },
    problem(kind, p, _nameLen, depth) {
      problems.push(walkAnomaly({ kind, key: { path: walk.pathAt(depth), offset: p - 4 } }));
    },
  });
  w.flush();
  return problems;
}

function typeField(w: JsonBytes, type: number): void {
  let f = TYPE_FIELDS[type] ?? unknownTypeFields.get(type);
  if (!f) {
    f = enc.encode(`,"valueType":"${typeName(type)}","data":`);
    if (unknownTypeFields.size < 4096) unknownTypeFields.set(type, f);
  }
  w.bytes(f);
}

