/**
 * Issue 9 end to end: a synthetic image (SYSTEM with Lsa class names and an RCM timebomb, SECURITY with PolEKList
 * and DPAPI_SYSTEM, a system master key file), written as real hives, analysed with the DPAPI decoder: the exact
 * end date comes out, and missing or wrong material falls back to the estimate with a precise note.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { EvidenceInput, HiveKind, HostEvidence, LoadedHive } from '../../src/evidence/types.js';
import { analyzeHost } from '../../src/analysis/analyze.js';
import { decodeTimebomb } from '../../src/analysis/timebomb-decoder.js';
import { openHive } from '../../src/regf/hive.js';
import { writeHive } from '../../src/regf-writer/index.js';
import type { TreeKey } from '../../src/view/tree-view.js';
import { syntheticImage } from '../dpapi/helpers/synthetic-image.js';
import { HiveBuilder } from '../scenarios/builder.js';
import { CS, IMAGE_TIME, INSTALL_TIME, RCM, server, TIMEBOMB } from '../scenarios/host.js';

const END = new Date('2025-06-20T10:30:00.000Z');

function loaded(path: string, kind: HiveKind, root: TreeKey): LoadedHive {
  const bytes = writeHive(root);
  const input: EvidenceInput = { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), kind, format: 'regf', dirty: false, logsApplied: [], logsMissing: false, anomalies: [] };
  return { input, view: openHive(bytes) };
}

function image(opts: { security?: boolean; masterKeys?: boolean; end?: Date; wrongBootKey?: boolean } = {}) {
  const img = syntheticImage({ seed: 'rdslic-e2e', end: opts.end ?? END, rounds: 1000 });
  const other = syntheticImage({ seed: 'another-machine', end: END, rounds: 1000 });
  const host = server('rdsh-dpapi').grace(100);
  const gp = host.system.key(`${RCM}\\GracePeriod`);
  gp.values = [{ name: TIMEBOMB, type: 3, data: img.input.blob }];
  const names = (opts.wrongBootKey ? other : img).input.bootKeyClassNames;
  for (const part of ['JD', 'Skew1', 'GBG', 'Data'] as const) host.system.key(`${CS}\\Control\\Lsa\\${part}`, { className: names[part] });
  const security = new HiveBuilder('SECURITY', IMAGE_TIME);
  security.binary('Policy\\PolEKList', '', img.input.polEKList!);
  security.binary('Policy\\Secrets\\DPAPI_SYSTEM\\CurrVal', '', img.input.dpapiSystemCurrVal);
  security.binary('Policy\\Secrets\\DPAPI_SYSTEM\\OldVal', '', img.input.dpapiSystemOldVal!);
  const hives = host.hives();
  const system = loaded('img/Windows/System32/config/SYSTEM', 'SYSTEM', hives.system);
  const software = loaded('img/Windows/System32/config/SOFTWARE', 'SOFTWARE', hives.software!);
  const sec = opts.security === false ? undefined : loaded('img/Windows/System32/config/SECURITY', 'SECURITY', security.root);
  const auxiliary = opts.masterKeys === false ? [] : img.input.masterKeyFiles.map((f) => ({ path: `img/Windows/System32/Microsoft/Protect/${f.name}`, role: 'dpapi-system-masterkey' as const, bytes: f.bytes }));
  const evidence: HostEvidence = { label: 'img', system, software, security: sec, users: [], auxiliary, inputs: [system, software, ...(sec ? [sec] : [])].map((h) => h.input) };
  return { evidence, img };
}

describe('exact grace-period end from the image (offline DPAPI)', () => {
  it('decodes the timebomb to the exact end and says how', () => {
    const { evidence, img } = image();
    const r = analyzeHost(evidence, { timebombDecoder: (ev, blob) => decodeTimebomb(ev, blob) });
    const g = r.facts.gracePeriod;
    expect(g.endKind).toBe('decoded');
    expect(g.end).toBe(END.toISOString());
    expect(g.decoded?.derivation).toContain(img.masterKeyGuid);
    expect(g.decoded?.derivation).toMatch(/CALG_AES_256\/CALG_SHA_512/);
    const ids = r.findings.map((f) => f.ruleId);
    expect(ids).not.toContain('grace-period-estimated');
    // Key material never reaches the report.
    const json = JSON.stringify(r);
    for (const s of img.secrets) expect(json).not.toContain(Buffer.from(s).toString('hex'));
  });

  it('a stored end far past install + 120 days is reported as rewritten', () => {
    const far = new Date(INSTALL_TIME.getTime() + 400 * 86_400_000);
    const { evidence } = image({ end: far });
    const r = analyzeHost(evidence, { timebombDecoder: (ev, blob) => decodeTimebomb(ev, blob) });
    expect(r.facts.gracePeriod.end).toBe(far.toISOString());
    expect(r.findings.map((f) => f.ruleId)).toContain('grace-period-end-rewritten');
  });

  it('without SECURITY: the estimate, and the note names what is missing', () => {
    const { evidence } = image({ security: false });
    const d = decodeTimebomb(evidence, evidence.system!.view.key(`${RCM}\\GracePeriod`)!.value(TIMEBOMB)!.data);
    expect(d).toMatchObject({ status: 'unavailable' });
    expect((d as { reason: string }).reason).toMatch(/SECURITY hive not supplied/);
    const r = analyzeHost(evidence, { timebombDecoder: (ev, blob) => decodeTimebomb(ev, blob) });
    expect(r.facts.gracePeriod.endKind).toBe('estimated');
    const est = r.findings.find((f) => f.ruleId === 'grace-period-estimated');
    expect(est?.message).toMatch(/SECURITY hive not supplied/);
    expect(r.notCheckable.find((n) => n.ruleId === 'timebomb-not-decryptable')?.reason).toMatch(/SECURITY hive not supplied/);
  });

  it('without master key files: unavailable, naming the Protect folder', () => {
    const { evidence } = image({ masterKeys: false });
    const d = decodeTimebomb(evidence, evidence.system!.view.key(`${RCM}\\GracePeriod`)!.value(TIMEBOMB)!.data);
    expect((d as { reason: string }).reason).toMatch(/Protect\/S-1-5-18/);
  });

  it('SECURITY of another machine (wrong boot key): a clear failure, never a crash', () => {
    const { evidence } = image({ wrongBootKey: true });
    const r = analyzeHost(evidence, { timebombDecoder: (ev, blob) => decodeTimebomb(ev, blob) });
    expect(r.facts.gracePeriod.endKind).toBe('estimated');
    expect(r.facts.gracePeriod.decryptFailure?.reason).toBeTruthy();
    expect(r.findings.map((f) => f.ruleId)).toContain('timebomb-not-decryptable');
  });
});
