/** `rdslic analyze` as users run it: samples to reports, JSON on stdout, exit codes, fleets, config, safety. */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { zipSync } from 'fflate';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const SAMPLES = join(ROOT, 'samples');
const tmp = () => mkdtempSync(join(tmpdir(), 'rdslic-analyze-'));

describe('rdslic analyze', () => {
  it('reports/ is exactly what `npm start` makes from samples/ (regenerate with npm start)', () => {
    const out = tmp();
    // Relative, as `npm start` runs it: input paths appear in the reports as given.
    const r = runCli(['analyze', 'samples', '--out', out, '--quiet', '--jobs', '2']);
    expect(r.code, r.stderr).toBe(0);
    const committed = readdirSync(join(ROOT, 'reports')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const f of committed) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(ROOT, 'reports', f), 'utf8'));
  });

  it('--format json without --out prints one schema-valid report to stdout; the same with one or two jobs', () => {
    const a = runCli(['analyze', SAMPLES, '--format', 'json', '--jobs', '1', '--quiet']);
    const b = runCli(['analyze', SAMPLES, '--format', 'json', '--jobs', '2', '--quiet']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/report.schema.json'), 'utf8')));
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.hosts).toHaveLength(22);
  });

  it('the exact grace end is decrypted from the disk-image sample; the .reg twin says what it could not check', () => {
    const r = runCli(['analyze', join(SAMPLES, 'rdsh-disk-image'), join(SAMPLES, 'grace-period-expired-reg-export'), '--format', 'json', '--quiet']);
    const hosts = JSON.parse(r.stdout).hosts;
    const image = hosts.find((h: { hostname: string }) => h.hostname === 'RDSH-IMAGE');
    expect(image.facts.gracePeriod.endKind).toBe('decoded');
    expect(image.facts.gracePeriod.end).toBe('2025-06-26T12:00:00.000Z');
    const reg = hosts.find((h: { label: string }) => h.label === 'grace-period-expired-reg-export');
    expect(reg.notCheckable.map((n: { ruleId: string }) => n.ruleId)).toContain('grace-period-expired');
  });

  it('--fail-on: exit 1 at or above the threshold, 0 below it', () => {
    const expired = join(SAMPLES, 'grace-period-expired');
    expect(runCli(['analyze', expired, '--format', 'json', '--fail-on', 'critical', '--quiet']).code).toBe(1);
    expect(runCli(['analyze', join(SAMPLES, 'healthy-per-user'), '--format', 'json', '--fail-on', 'low', '--quiet']).code).toBe(0);
  });

  it('three machines under arbitrary names and a zip of one of them: three hosts, one report each', () => {
    const dir = tmp();
    const inputs = join(dir, 'customer');
    mkdirSync(inputs);
    cpSync(join(SAMPLES, 'grace-period-expired/SYSTEM'), join(inputs, 'srv-a/reg1.bin'), { recursive: true });
    cpSync(join(SAMPLES, 'grace-period-expired/SOFTWARE'), join(inputs, 'srv-a/reg2.bin'));
    cpSync(join(SAMPLES, 'healthy-per-user/SYSTEM'), join(inputs, 'second box/hive_sys'), { recursive: true });
    const zip = zipSync({ 'export/SYSTEM.hiv': readFileSync(join(SAMPLES, 'rdp-wrapper-workstation/SYSTEM')), 'export/soft.hiv': readFileSync(join(SAMPLES, 'rdp-wrapper-workstation/SOFTWARE')) });
    writeFileSync(join(inputs, 'third.zip'), zip);
    const info = runCli(['info', '--json', inputs]);
    expect(JSON.parse(info.stdout).hosts).toHaveLength(3);
    const out = join(dir, 'out');
    const r = runCli(['analyze', inputs, '--out', out, '--format', 'html,md,json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.hosts.map((h: { hostname: string }) => h.hostname).sort()).toEqual(['DESKTOP-7', 'RDSH01', 'RDSH02']);
    expect(readdirSync(out).filter((f) => f.endsWith('.html'))).toHaveLength(4);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('a host whose only hive is truncated does not stop the run: it is in the summary as damaged', () => {
    const dir = tmp();
    cpSync(join(SAMPLES, 'healthy-per-user'), join(dir, 'fleet/good'), { recursive: true });
    mkdirSync(join(dir, 'fleet/bad'));
    const sys = Buffer.from(readFileSync(join(SAMPLES, 'healthy-per-user/SYSTEM')));
    writeFileSync(join(dir, 'fleet/bad/SYSTEM'), sys.subarray(0, 4096 + 64));
    const r = runCli(['analyze', join(dir, 'fleet'), '--out', join(dir, 'out'), '--format', 'md,json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readFileSync(join(dir, 'out/summary.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    const bad = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')).hosts.find((h: { label: string }) => h.label === 'bad');
    expect(bad.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('hive-corrupt');
  });

  it('refuses to write reports inside the evidence folder', () => {
    const dir = tmp();
    cpSync(join(SAMPLES, 'healthy-per-user'), join(dir, 'ev'), { recursive: true });
    const r = runCli(['analyze', join(dir, 'ev'), '--out', join(dir, 'ev/reports')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside the evidence folder/);
    expect(readdirSync(join(dir, 'ev')).sort()).toEqual(['SOFTWARE', 'SYSTEM']);
  });

  it('a config file disables rules and suppresses findings with a reason the report keeps; a bad one is a usage error', () => {
    const dir = tmp();
    const cfg = join(dir, 'rdslic.json');
    writeFileSync(cfg, JSON.stringify({ rules: { 'cal-version-required': 'off' }, suppress: [{ ruleId: 'no-license-server', reason: 'license server being procured, ticket 42' }] }));
    const r = runCli(['analyze', join(SAMPLES, 'grace-period-expired'), '--format', 'json', '--config', cfg, '--quiet']);
    const host = JSON.parse(r.stdout).hosts[0];
    const ids = host.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain('cal-version-required');
    expect(ids).not.toContain('no-license-server');
    expect(host.suppressed[0]).toMatchObject({ ruleId: 'no-license-server', reason: 'license server being procured, ticket 42' });
    writeFileSync(cfg, JSON.stringify({ suppress: [{ ruleId: 'no-license-server' }] }));
    const bad = runCli(['analyze', join(SAMPLES, 'grace-period-expired'), '--format', 'json', '--config', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/reason.*mandatory/);
  });

  it('usage errors are one line with exit 2', () => {
    for (const args of [
      ['analyze', SAMPLES, '--format', 'pdf'],
      ['analyze', SAMPLES, '--as-of', 'yesterday'],
      ['analyze', SAMPLES, '--fail-on', 'severe'],
      ['analyze', SAMPLES, '--jobs', '0'],
      ['analyze', join(ROOT, 'docs')],
      ['explain', 'no-such-rule'],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('rules lists the catalog and explain shows one rule', () => {
    expect(runCli(['rules']).stdout).toMatch(/grace-period-expired\s+critical/);
    const e = runCli(['explain', 'grace-period-expired']);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/Remediation:/);
    expect(e.stdout).toMatch(/https:\/\/learn\.microsoft\.com/);
  });
});
