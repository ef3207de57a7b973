/**
 * Path-scoped recovery (`scope`): restricted to the scope, the same keys and values as the full mode on every
 * corpus hive that opens and on the samples; values deleted from live keys; live records never reported.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openHive, type RegfHive } from '../../src/regf/hive.js';
import { recoverDeleted, type RecoveryResult, type RecoveryScope } from '../../src/regf/recover/index.js';
import { ScopeMatcher } from '../../src/regf/recover/scope.js';
import { BASE_BLOCK_SIZE } from '../../src/regf/spec.js';
import { binary, dword, sz, treeFromPaths, writeHiveLayout } from '../../src/regf-writer/index.js';
import { treeKey } from '../../src/view/tree-view.js';
import { patternBytes } from '../regf-writer/sample-tree.js';
import { CORPUS, oracles } from '../helpers/oracles.js';
import { DELETED_SCOPE } from '../../src/facts/paths.js';
import { discoverHosts } from '../../src/node/discovery/index.js';
import { runHost } from '../../src/node/host-runner.js';
import { setI32, setU32, u32 } from './hive-edit.js';
import { filesUnder } from '../helpers/files.js';

const TS = 'ControlSet001\\Control\\Terminal Server';
const RCM = `${TS}\\RCM`;
const GRACE = `${RCM}\\GracePeriod`;
const TIMEBOMB = 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588';
const LICENSING: RecoveryScope = { paths: ['ControlSet*\\Control\\Terminal Server\\RCM', 'ControlSet*\\Services\\TermService\\Parameters'], valueNames: /TIMEBOMB/i };
const T1 = new Date('2023-06-01T10:00:00Z');

/** Named values the full mode found in slack outside the scope, which the scoped mode does not scan. */
let slackOutside = 0;

/** The full mode's result cut down to a scope, as the scoped mode must give it. */
function restrict(full: RecoveryResult, scoped: RecoveryResult, scope: RecoveryScope) {
  const m = new ScopeMatcher(scope);
  const keys = full.keys.filter((k) => k.pathComplete && m.covers(k.path));
  const kept = new Set(keys.map((k) => k.offset));
  // Loose values kept for their place in a live key's value list: the full mode must have them loose too.
  const byList = new Set(scoped.values.filter((v) => v.keyOffset === null && !(scope.valueNames?.test(v.name) ?? false)).map((v) => v.offset));
  const scopedAt = new Set(scoped.values.map((v) => v.offset));
  const values = full.values.filter((v) => {
    if (v.keyOffset !== null ? kept.has(v.keyOffset) : byList.has(v.offset)) return true;
    if (!(scope.valueNames?.test(v.name) ?? false)) return false;
    // Slack outside the scope is not scanned (RecoveryScope): a named value found only there may be missing.
    if (v.source === 'slack' && !scopedAt.has(v.offset)) {
      slackOutside++;
      return false;
    }
    return true;
  });
  expect(values.filter((v) => byList.has(v.offset)).length).toBe(byList.size);
  return { keys, values };
}

function expectSameAsFull(hive: RegfHive, scope: RecoveryScope, full = recoverDeleted(hive)): RecoveryResult {
  const scoped = recoverDeleted(hive, { scope });
  const want = restrict(full, scoped, scope);
  const where = `${JSON.stringify(scope.paths)} ${scope.valueNames ?? ''}`;
  // Offsets first, for a readable failure; then every field.
  expect(scoped.keys.map((k) => `${k.offset} ${k.path}`), where).toEqual(want.keys.map((k) => `${k.offset} ${k.path}`));
  expect(scoped.values.map((v) => `${v.offset} ${v.keyPath}\\${v.name}`), where).toEqual(want.values.map((v) => `${v.offset} ${v.keyPath}\\${v.name}`));
  expect({ keys: scoped.keys, values: scoped.values }, where).toEqual(want);
  return scoped;
}

describe('ScopeMatcher', () => {
  it('matches path prefixes case-insensitively, with * inside a component', () => {
    const m = new ScopeMatcher({ paths: ['controlset*\\CONTROL\\terminal server\\rcm', 'Micro*ft\\*Licens*ing', 'A*B*C'] });
    for (const p of [RCM, GRACE, 'ControlSet002\\Control\\Terminal Server\\RCM\\Licensing Core', 'Microsoft\\MSLicensing', 'microsoft\\TermServLicensing\\x', 'ABC', 'AxxBxxC', 'ABBC']) expect(m.covers(p), p).toBe(true);
    for (const p of ['ControlSet001\\Control\\Terminal Server', 'ControlSet001\\Control\\Terminal Server\\RCMX', 'Control\\Terminal Server\\RCM', 'Microsoft\\MSLicensingX', 'AC', 'ACB', 'xABC', '…\\RCM', '']) expect(m.covers(p), p).toBe(false);
  });

  it('an empty path covers the whole hive', () => {
    expect(new ScopeMatcher({ paths: [''] }).covers('a\\b')).toBe(true);
    expect(new ScopeMatcher({ paths: [] }).covers('a')).toBe(false);
  });
});

describe('scoped recovery on written hives', () => {
  const live = treeFromPaths({
    [RCM]: { values: [dword('Enabled', 1)], lastWrite: T1 },
    [`${RCM}\\Licensing Core`]: { values: [dword('LicensingMode', 4)], lastWrite: T1 },
    'ControlSet002\\Control\\Terminal Server\\RCM': { values: [dword('Enabled', 1)], lastWrite: T1 },
    'ControlSet001\\Services\\Other': { values: [dword('Start', 3)], lastWrite: T1 },
  });
  const layout = writeHiveLayout(live, {
    deleted: [
      { parent: RCM, keys: [treeKey('GracePeriod', [binary(TIMEBOMB, patternBytes(16, 7)), sz('note', 'old')], [treeKey('Child', [dword('d', 7)], [], { lastWrite: T1 })], { lastWrite: T1 })], values: [dword('loose', 5)] },
      { parent: 'ControlSet002\\Control\\Terminal Server\\RCM', keys: [treeKey('Gone2', [dword('x', 1)], [], { lastWrite: T1 })] },
      { parent: 'ControlSet001\\Services\\Other', keys: [treeKey('OutOfScope', [dword('y', 2)], [], { lastWrite: T1 })], values: [dword('elsewhere', 9)] },
    ],
  });

  it('finds the deleted keys under every control set, with their values, and nothing outside the scope', () => {
    const r = expectSameAsFull(openHive(layout.bytes), LICENSING);
    expect(r.keys.map((k) => [k.path, k.values.map((v) => v.name).sort()])).toEqual([
      [GRACE, ['note', TIMEBOMB].sort()],
      [`${GRACE}\\Child`, ['d']],
      ['ControlSet002\\Control\\Terminal Server\\RCM\\Gone2', ['x']],
    ]);
    // 'loose' and 'elsewhere' belong to no key and do not match valueNames.
    expect(r.values.map((v) => v.name).sort()).toEqual(['d', 'note', 'x', TIMEBOMB].sort());
    expect(r.anomalies).toEqual([]);
  });

  it('agrees with the full mode for narrower, wider and whole-hive scopes', () => {
    const hive = openHive(layout.bytes);
    const full = recoverDeleted(hive);
    for (const paths of [[GRACE], [`${GRACE}\\Child`], ['ControlSet001'], ['ControlSet*\\Services'], [''], ['Nope\\Nothing'], [RCM, `${RCM}\\GracePeriod`]]) {
      expectSameAsFull(hive, { paths }, full);
      expectSameAsFull(hive, { paths, valueNames: /^(loose|elsewhere)$/ }, full);
    }
    expect(recoverDeleted(hive, { scope: { paths: [''], valueNames: /./ } }).values.length).toBe(full.values.length);
  });

  it('keeps a timebomb deleted from a live GracePeriod key by its name; no key points at it', () => {
    const withLive = treeFromPaths({ [GRACE]: { values: [dword('other', 1)], lastWrite: T1 }, 'Software\\X': { values: [], lastWrite: T1 } });
    const bytes = writeHiveLayout(withLive, { deleted: [{ parent: GRACE, values: [binary(TIMEBOMB, patternBytes(16, 7)), dword('plain', 3)] }] }).bytes;
    const hive = openHive(bytes);
    const r = expectSameAsFull(hive, LICENSING);
    expect(r.keys).toEqual([]);
    expect(r.values.map((v) => [v.name, v.keyPath, v.keyOffset, [...v.data], v.dataReliable])).toEqual([[TIMEBOMB, '', null, [...patternBytes(16, 7)], true]]);
    // Without a name rule nothing ties it to the scope.
    expect(recoverDeleted(hive, { scope: { paths: LICENSING.paths } }).values).toEqual([]);
  });

  it("keeps a value deleted from a live scoped key while the key's value list still names it past the count", () => {
    // As Windows leaves it: the last value's vk and data cells freed, the count lowered, the list cell kept.
    const bytes = writeHiveLayout(treeFromPaths({ [GRACE]: { values: [dword('keep', 1), binary('Gone', patternBytes(24, 5))], lastWrite: T1 } })).bytes;
    const hive0 = openHive(bytes);
    const key = hive0.key(GRACE)!;
    const gone = key.value('Gone')!.offset!;
    const data = BASE_BLOCK_SIZE + u32(bytes, gone + 4 + 8);
    setI32(bytes, gone, Math.abs(new DataView(bytes.buffer).getInt32(gone, true)));
    setI32(bytes, data, Math.abs(new DataView(bytes.buffer).getInt32(data, true)));
    setU32(bytes, key.offset! + 4 + 36, 1);
    const hive = openHive(bytes);
    expect(hive.key(GRACE)!.values().map((v) => v.name)).toEqual(['keep']);
    const r = expectSameAsFull(hive, { paths: [RCM] });
    expect(r.values.map((v) => [v.name, v.offset, v.keyPath, [...v.data], v.dataReliable])).toEqual([['Gone', gone, '', [...patternBytes(24, 5)], true]]);
    // Out of the scope, the same slot means nothing.
    expect(recoverDeleted(hive, { scope: { paths: ['Software'] } }).values).toEqual([]);
  });

  it('never reports a live scoped record that lies in a free cell', () => {
    const bytes = layout.bytes.slice();
    const enabled = openHive(bytes).key(RCM)!.value('Enabled')!.offset!;
    setI32(bytes, enabled, Math.abs(new DataView(bytes.buffer).getInt32(enabled, true)));
    const r = recoverDeleted(openHive(bytes), { scope: { paths: [RCM], valueNames: /Enabled/ } });
    expect(r.values.some((v) => v.offset === enabled)).toBe(false);
    expect(r.anomalies.map((a) => [a.code, a.offset])).toEqual([['recovery-live-record', enabled]]);
  });

  it('gives up the keys of a broken parent chain (they cannot be placed in the scope), not their named values', () => {
    const bytes = layout.bytes.slice();
    const grace = layout.deletedKeyOffsets[0].offset + BASE_BLOCK_SIZE;
    setU32(bytes, grace + 4 + 16, 0x7fff_fff0);
    const hive = openHive(bytes);
    const r = expectSameAsFull(hive, LICENSING);
    expect(r.keys.map((k) => k.path)).toEqual(['ControlSet002\\Control\\Terminal Server\\RCM\\Gone2']);
    expect(r.values.map((v) => v.name).sort()).toEqual(['x', TIMEBOMB].sort());
  });
});

describe('scoped recovery on the samples', () => {
  it('samples/grace-period-key-deleted/SYSTEM still yields the deleted GracePeriod key and its timebomb', () => {
    const hive = openHive(new Uint8Array(readFileSync(resolve('samples/grace-period-key-deleted/SYSTEM'))));
    const r = expectSameAsFull(hive, LICENSING);
    expect(r.keys.map((k) => [k.path, k.values.map((v) => v.name)])).toEqual([[GRACE, [TIMEBOMB]]]);
    expect(r.keys[0].values[0].data.length).toBeGreaterThan(0);
  });

  it('the analysis (runHost, scoped to DELETED_SCOPE) still reports the deleted GracePeriod key and its timebomb', async () => {
    const { hosts } = await discoverHosts([resolve('samples/grace-period-key-deleted')]);
    expect(hosts).toHaveLength(1);
    const out = await runHost(hosts[0], { asOf: new Date('2025-01-01T00:00:00Z') });
    expect(out.ok).toBe(true);
    const deleted = out.ok ? out.facts.deleted : null;
    expect(deleted!.checked).toBe(true);
    expect(deleted!.records.map((r) => [r.kind, r.keyPath.endsWith(GRACE.slice('ControlSet001'.length)), r.valueName ?? null])).toEqual([
      ['key', true, null],
      ['value', true, TIMEBOMB],
    ]);
  });

  it('every sample hive agrees with the full mode under the licensing scope', () => {
    let n = 0;
    for (const dir of readdirSync('samples')) {
      if (!statSync(join('samples', dir)).isDirectory()) continue;
      for (const f of readdirSync(join('samples', dir))) {
        const p = join('samples', dir, f);
        if (!statSync(p).isFile()) continue;
        const bytes = new Uint8Array(readFileSync(p));
        if (bytes.length < 4096 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'regf') continue;
        expectSameAsFull(openHive(bytes), DELETED_SCOPE);
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });
});

/** Scopes that make sense for a hive: where the full mode finds keys (first one and two components, control sets as a pattern). */
function scopesFor(full: RecoveryResult): RecoveryScope[] {
  const complete = full.keys.filter((k) => k.pathComplete).map((k) => k.path.split('\\'));
  const names = [...new Set(full.values.filter((v) => v.keyOffset === null).map((v) => v.name))].slice(0, 3);
  const valueNames = names.length > 0 ? new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`) : undefined;
  const top = [...new Set(complete.map((p) => p.slice(0, 1).join('\\')))].slice(0, 8);
  const two = [...new Set(complete.filter((p) => p.length > 1).map((p) => p.slice(0, 2).join('\\').replace(/^ControlSet\d+/i, 'ControlSet*')))].slice(0, 8);
  const scopes: RecoveryScope[] = [LICENSING, DELETED_SCOPE, { paths: top }];
  if (two.length > 0) scopes.push({ paths: two, ...(valueNames ? { valueNames } : {}) });
  for (const p of two.slice(0, 3)) scopes.push({ paths: [p] });
  return scopes;
}

describe.skipIf(!oracles.corpus)('scoped recovery on the corpus', () => {
  const NAMED = [
    'msuhanov_yarp/hives_for_tests/DeletedDataHive',
    'msuhanov_yarp/hives_for_tests/DeletedTreeHive',
    'msuhanov_yarp/hives_for_tests/DeletedTreeNoRootFlagHive',
    'msuhanov_yarp/hives_for_tests/DeletedTreePartialPathHive',
    'msuhanov_yarp/hives_for_tests/SlackHive',
    'msuhanov_yarp/hives_for_tests/RemnantsHive',
    'EricZimmerman_Registry/Registry.Test/Hives/UsrClassDeletedBags.dat',
    'mkorman90_regipy/regipy_tests/data/SYSTEM',
    'mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709',
    'mkorman90_regipy/regipy_tests/data/SYSTEM_B',
  ];

  it('gives the full mode\'s records under the scope, on every corpus hive that opens', () => {
    const files = filesUnder(CORPUS);
    const seen = new Set<string>();
    let opened = 0;
    let keysCompared = 0;
    for (const f of files.sort()) {
      let hive: RegfHive;
      try {
        hive = openHive(new Uint8Array(readFileSync(f)));
      } catch {
        continue;
      }
      opened++;
      const full = recoverDeleted(hive);
      for (const scope of scopesFor(full)) keysCompared += expectSameAsFull(hive, scope, full).keys.length;
      seen.add(f.slice(resolve(CORPUS).length + 1));
    }
    for (const n of NAMED) expect(seen.has(n), n).toBe(true);
    console.log(`scoped = full on ${opened} hives; ${keysCompared} keys compared; ${slackOutside} named values only in slack outside the scope`);
    expect(opened).toBeGreaterThan(80);
    expect(keysCompared).toBeGreaterThan(1000);
  });

  it('the named hives keep their deleted records under a scope where the full mode finds them', () => {
    const bags = openHive(new Uint8Array(readFileSync(resolve(CORPUS, NAMED[6]))));
    const r = expectSameAsFull(bags, { paths: ['local settings\\SOFTWARE\\Microsoft\\Windows\\Shell\\BagMRU\\1'] });
    expect(r.keys).toHaveLength(4);
    const tree = openHive(new Uint8Array(readFileSync(resolve(CORPUS, NAMED[1]))));
    expect(expectSameAsFull(tree, { paths: ['1\\2\\3\\4'] }).keys.map((k) => k.path)).toEqual(['1\\2\\3\\4\\New Key #1', '1\\2\\3\\4', '1\\2\\3\\4\\5']);
    const data = openHive(new Uint8Array(readFileSync(resolve(CORPUS, NAMED[0]))));
    expect(expectSameAsFull(data, { paths: ['456'], valueNames: /^v2$/ }).values.map((v) => v.name)).toEqual(['v2', 'v']);
  });
});
