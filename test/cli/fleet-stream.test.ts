/**
 * Fleets are streamed (src/node/fleet-run.ts): facts in pool workers, outcomes spilled to a private temporary
 * folder, peers linked from small cards, each host's rules and pages in the workers, its pieces written in host
 * order. The files must be those of the whole-Report path (reportFromOutcomes + renderReports), byte for byte, in
 * every format; the spill folder must be gone after the run, also when it is interrupted.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFromOutcomes } from '../../src/analysis/run.js';
import { discoverHosts, type HostPlan } from '../../src/node/discovery/index.js';
import { runFleet } from '../../src/node/fleet-run.js';
import { runHost } from '../../src/node/host-runner.js';
import { loadTemplates } from '../../src/node/templates.js';
import { renderJson, renderReports, type ReportFormat } from '../../src/report/index.js';
import { canonical } from '../../src/report/json.js';
import { VERSION } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const ALL: ReportFormat[] = ['html', 'md', 'json', 'timesketch', 'tln', 'bodyfile'];
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** The samples, plus files discovery ignores (listed in report.json and beside their host). */
function fleetFolder(): string {
  const dir = tmp('rdslic-fleet-in-');
  cpSync(join(ROOT, 'samples'), dir, { recursive: true });
  writeFileSync(join(dir, 'healthy-per-user', 'notes.txt'), 'not a hive\n');
  mkdirSync(join(dir, 'zz-empty'));
  writeFileSync(join(dir, 'zz-empty', 'SYSTEM'), 'regf');
  return dir;
}

/** The plans of `input`, and with `broken` one more host whose hive cannot be read when it is loaded. */
async function plansOf(input: string, broken = false) {
  const discovery = await discoverHosts([input], { logs: true, extraLogs: [] });
  const plans: HostPlan[] = [...discovery.hosts];
  if (broken) {
    // Load failures of single files are recorded per input; a host fails as a whole only on the unexpected.
    const p = Object.defineProperty({ ...plans[0], label: 'zz-broken' }, 'hives', {
      get(): never {
        throw new Error('EIO: i/o error, read');
      },
    });
    plans.splice(3, 0, p);
  }
  return { plans, ignored: discovery.ignored };
}

async function wholeReport(plans: readonly HostPlan[], ignored: readonly { path: string; reason: string }[]) {
  const outcomes = [];
  for (const plan of plans) outcomes.push(await runHost(plan, { logs: true }));
  return reportFromOutcomes(outcomes, { tool: { name: 'rdslic', version: VERSION }, ignored });
}

describe('streamed fleets', () => {
  it('every format is byte-identical to renderReports over the whole Report (pool of 2, and --jobs 1)', async () => {
    const input = fleetFolder();
    const { plans, ignored } = await plansOf(input);
    const report = await wholeReport(plans, ignored);
    expect(report.hosts.some((h) => (h.facts.licenseServerPeers ?? []).length > 0)).toBe(true);
    const expected = renderReports(report, ALL, loadTemplates(), { caseId: 'C-7', examiner: 'J. Doe' });
    for (const jobs of ['2', '1']) {
      const out = tmp('rdslic-fleet-out-');
      const r = runCli(['analyze', input, '--out', out, '--format', ALL.join(','), '--jobs', jobs, '--case', 'C-7', '--examiner', 'J. Doe', '--quiet'], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(expected.map((f) => f.fileName).sort());
      for (const f of expected) expect(readFileSync(join(out, f.fileName), 'utf8') === f.content, `${f.fileName} (--jobs ${jobs})`).toBe(true);
      expect(JSON.parse(readFileSync(join(out, '.rdslic-manifest.json'), 'utf8')).files).toEqual(expected.map((f) => f.fileName).sort());
    }
    const stdout = runCli(['analyze', input, '--format', 'json', '--quiet'], { timeoutMs: 120_000 });
    expect(stdout.stdout === renderJson(report)).toBe(true);
  }, 240_000);

  it('in this thread too, with an unreadable host (its row, the exit facts), every format as renderReports', async () => {
    const { plans, ignored } = await plansOf(fleetFolder(), true);
    const report = await wholeReport(plans, ignored);
    expect(report.hosts.some((h) => h.label === 'zz-broken' && h.errors.some((e) => e.ruleId === 'evidence'))).toBe(true);
    const templates = loadTemplates();
    const expected = renderReports(report, ALL, templates);
    const got = new Map<string, string>();
    let names: readonly string[] = [];
    const result = await runFleet(
      plans,
      { logs: true, shell: { schemaVersion: 1, tool: report.tool, ...(report.ignored ? { ignored: report.ignored } : {}) }, formats: ALL, options: {}, templates },
      {
        jobs: 1,
        progress: false,
        worker: () => {
          throw new Error('no pool for --jobs 1');
        },
        open(n) {
          names = n;
          return { file: (name, content) => void got.set(name, content), append: (name, chunk) => void got.set(name, (got.get(name) ?? '') + chunk) };
        },
      },
    );
    expect(names).toEqual(expected.map((f) => f.fileName));
    expect([...got.keys()].sort()).toEqual([...names].sort());
    for (const f of expected) expect(got.get(f.fileName) === f.content, f.fileName).toBe(true);
    expect(result.unreadable.map((u) => [u.label, u.error])).toEqual([['zz-broken', 'EIO: i/o error, read']]);
    // The run took the plans over and let each go once its host had it: none is held through the reports.
    expect(plans.length).toBe(report.hosts.length);
    expect(plans.every((p) => p === undefined)).toBe(true);
    expect(result.summaries).toEqual(report.hosts.map((h) => h.summary));
  }, 120_000);

  it('report.json built from per-host pieces is the whole document as JSON.stringify writes it', async () => {
    const { plans, ignored } = await plansOf(fleetFolder());
    const report = await wholeReport(plans, ignored);
    expect(report.ignored?.length).toBeGreaterThan(0);
    for (const r of [report, { ...report, hosts: report.hosts.slice(0, 1) }, { ...report, hosts: [] }]) {
      expect(renderJson(r)).toBe(`${JSON.stringify(canonical(r), null, 2)}\n`);
    }
  }, 60_000);

  it('the spill folder is private to the run and removed after it, and when the run is interrupted', async () => {
    const input = tmp('rdslic-fleet-in-');
    for (let i = 0; i < 4; i++) cpSync(join(ROOT, 'samples'), join(input, `copy-${i}`), { recursive: true });
    const temp = tmp('rdslic-fleet-tmp-');
    const spills = () => readdirSync(temp).filter((n) => n.startsWith('rdslic-spill-'));
    const done = runCli(['analyze', input, '--out', tmp('rdslic-fleet-out-'), '--quiet'], { env: { TMPDIR: temp }, timeoutMs: 120_000 });
    expect(done.code, done.stderr).toBe(0);
    expect(spills()).toEqual([]);

    const child = spawn(process.execPath, [resolve(ROOT, 'dist/cli.js'), 'analyze', input, '--out', tmp('rdslic-fleet-out-'), '--quiet'], { env: { ...process.env, TMPDIR: temp }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    let seen: string | undefined;
    for (let i = 0; i < 2000 && !seen; i++) {
      seen = spills().find((n) => readdirSync(join(temp, n)).length > 0);
      if (!seen) await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen, 'a spill folder holding hosts appeared').toBeDefined();
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(existsSync(join(temp, seen!))).toBe(false);
  }, 240_000);
});
