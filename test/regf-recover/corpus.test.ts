/**
 * Real hives with deleted data (yarp's and EZ's test hives): everything reglookup-recover lists is recovered too,
 * at the same offset with the same name, path, time, type and data length; and yarp's own expectations hold.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dumpDeletedJsonl } from '../../src/dump/deleted.js';
import { HiveFormatError, openHive } from '../../src/regf/hive.js';
import { recoverDeleted, PARTIAL_PATH_PREFIX, type RecoveryResult } from '../../src/regf/recover/index.js';
import { dumpData, typeName } from '../../src/view/value-types.js';
import { walkKeys } from '../../src/view/walk.js';
import { CORPUS, oracles, requireOracle } from '../helpers/oracles.js';
import { reglookupRecover } from './reglookup-recover.js';
import { filesUnder } from '../helpers/files.js';

const YARP = 'msuhanov_yarp/hives_for_tests';
const HIVES = [
  `${YARP}/DeletedDataHive`,
  `${YARP}/DeletedTreeHive`,
  `${YARP}/DeletedTreeNoRootFlagHive`,
  `${YARP}/DeletedTreePartialPathHive`,
  `${YARP}/SlackHive`,
  `${YARP}/RemnantsHive`,
  'EricZimmerman_Registry/Registry.Test/Hives/UsrClassDeletedBags.dat',
];

const cache = new Map<string, RecoveryResult>();
function recovered(rel: string): RecoveryResult {
  let r = cache.get(rel);
  if (!r) {
    r = recoverDeleted(openHive(new Uint8Array(readFileSync(resolve(CORPUS, rel)))));
    cache.set(rel, r);
  }
  return r;
}

function parts(path: string): string[] {
  const p = path.startsWith(PARTIAL_PATH_PREFIX) ? path.slice(PARTIAL_PATH_PREFIX.length) : path;
  return p === '' ? [] : p.split('\\');
}

function stamp(d: Date | null): string {
  return d ? d.toISOString().slice(0, 19).replace('T', ' ') : '';
}

describe.skipIf(!oracles.corpus)('deleted records in real hives', () => {
  for (const rel of HIVES) {
    describe(rel.split('/').pop()!, () => {
      it('recovers at least every record reglookup-recover lists', () => {
        if (!requireOracle('reglookup')) return;
        const hive = openHive(new Uint8Array(readFileSync(resolve(CORPUS, rel))));
        const r = recovered(rel);
        const { rows, status } = reglookupRecover(resolve(CORPUS, rel), hive.root.name);
        expect(status).toBe(0);
        const keys = new Map(r.keys.map((k) => [k.offset, k]));
        const values = new Map(r.values.map((v) => [v.offset, v]));
        const oracleKeys = rows.filter((o) => o.type === 'KEY');
        const oracleValues = rows.filter((o) => o.type === 'VALUE');
        for (const o of oracleKeys) {
          const k = keys.get(o.offset);
          expect(k, `key ${o.name} at 0x${o.offset.toString(16)}`).toBeDefined();
          expect([k!.name, parts(k!.path), stamp(k!.lastWrite)]).toEqual([o.name, o.path, o.mtime]);
        }
        for (const o of oracleValues) {
          const v = values.get(o.offset);
          expect(v, `value ${o.name} at 0x${o.offset.toString(16)}`).toBeDefined();
          expect([v!.name, typeName(v!.type)]).toEqual([o.name, `REG_${o.valueType}`]);
          if (o.path.length > 0) expect(parts(v!.keyPath)).toEqual(o.path);
          if (v!.dataReliable) expect(v!.data.length).toBe(o.dataLength);
        }
        console.log(`${rel}: keys ${r.keys.length} (reglookup-recover ${oracleKeys.length}), values ${r.values.length} (reglookup-recover ${oracleValues.length})`);
      });

      it('reports nothing the live tree reaches, and dumps every record as deleted', () => {
        const hive = openHive(new Uint8Array(readFileSync(resolve(CORPUS, rel))));
        const live = new Set<number>();
        walkKeys(hive.root, (k) => {
          live.add(k.offset!);
          for (const v of k.values()) live.add(v.offset!);
        });
        const r = recovered(rel);
        for (const rec of [...r.keys, ...r.values]) expect(live.has(rec.offset)).toBe(false);
        const chunks: Uint8Array[] = [];
        dumpDeletedJsonl(r, (c) => chunks.push(c));
        const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(r.keys.length + r.values.length);
        for (const l of lines) expect(JSON.parse(l)).toMatchObject({ deleted: true, offset: expect.any(Number) });
      });
    });
  }

  it('runs on every corpus file that opens as a hive (damaged, truncated, hostile) without throwing', () => {
    const files = filesUnder(CORPUS);
    let opened = 0;
    for (const f of files.sort()) {
      let hive;
      try {
        hive = openHive(new Uint8Array(readFileSync(f)));
      } catch (e) {
        expect(e).toBeInstanceOf(HiveFormatError);
        continue;
      }
      opened++;
      const r = recoverDeleted(hive);
      for (const rec of [...r.keys, ...r.values]) expect(rec.offset).toBeLessThan(hive.bytes.length);
    }
    expect(opened).toBeGreaterThan(80);
  });

  it("yarp DeletedDataHive: key 456 owns value v; v2 is loose (yarp's test_deleted)", () => {
    const r = recovered(`${YARP}/DeletedDataHive`);
    expect(r.keys.map((k) => [k.name, k.values.map((v) => v.name)])).toEqual([['456', ['v']]]);
    expect(r.values.map((v) => [v.name, v.keyPath, dumpData(v.type, v.data), v.dataReliable])).toEqual([
      ['v2', '', '456', true],
      ['v', '456', '123456', true],
    ]);
  });

  it("yarp DeletedTreeHive and its no-root-flag variant: four keys with full paths (yarp's test_deleted)", () => {
    const expected = ['1\\2\\3\\4\\New Key #1', '1\\2\\3', '1\\2\\3\\4', '1\\2\\3\\4\\5'];
    for (const rel of [`${YARP}/DeletedTreeHive`, `${YARP}/DeletedTreeNoRootFlagHive`]) {
      const r = recovered(rel);
      expect(r.keys.map((k) => [k.path, k.pathComplete])).toEqual(expected.map((p) => [p, true]));
      expect(r.values).toEqual([]);
    }
  });

  it('yarp DeletedTreePartialPathHive: the same keys under a broken parent get partial paths', () => {
    const r = recovered(`${YARP}/DeletedTreePartialPathHive`);
    expect(r.keys.map((k) => [k.path, k.pathComplete])).toEqual(
      ['3\\4\\New Key #1', '3', '3\\4', '3\\4\\5'].map((p) => [PARTIAL_PATH_PREFIX + p, false]),
    );
  });

  it("yarp RemnantsHive: one unnamed REG_DWORD 1 past the last bin (yarp's test_remnants)", () => {
    const r = recovered(`${YARP}/RemnantsHive`);
    expect(r.keys).toEqual([]);
    expect(r.values.map((v) => [v.name, typeName(v.type), dumpData(v.type, v.data), v.source])).toEqual([['', 'REG_DWORD', 1, 'remnant']]);
  });

  it('EZ UsrClassDeletedBags: the deleted BagMRU keys carry their values', () => {
    const r = recovered('EricZimmerman_Registry/Registry.Test/Hives/UsrClassDeletedBags.dat');
    const bag = 'Local Settings\\Software\\Microsoft\\Windows\\Shell\\BagMRU';
    expect(r.keys.map((k) => [k.path, k.values.map((v) => v.name).sort()])).toEqual([
      [`${bag}\\1\\0\\0`, ['0', 'MRUListEx', 'NodeSlot']],
      [`${bag}\\1\\0\\0\\0`, ['MRUListEx', 'NodeSlot']],
      [`${bag}\\1\\0`, ['0', 'MRUListEx']],
      [`${bag}\\1`, ['0', 'MRUListEx']],
    ]);
  });
});
