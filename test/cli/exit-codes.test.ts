/** Exit codes as the README documents them: 0 done, 1 a finding at or above --fail-on, 2 usage or input error. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const SYSTEM = join(ROOT, 'samples/healthy-per-user/SYSTEM');

describe('commander usage errors', () => {
  for (const [args, pattern] of [
    [['analyze'], /missing required argument 'inputs' \(see `rdslic analyze --help`\)/],
    [['bogus'], /unknown command 'bogus'/],
    [['analyze', SYSTEM, '--bogus'], /unknown option '--bogus' \(see `rdslic analyze --help`\)/],
    [['dump', SYSTEM, '--format', 'json'], /argument 'json' is invalid. Allowed choices are jsonl/],
    [['dump', '--bogus', SYSTEM], /unknown option '--bogus'/],
    [['explain'], /missing required argument 'ruleId'/],
  ] as const) {
    it(`rdslic ${args.join(' ')}: exit 2, one line, no help dump`, () => {
      const r = runCli([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^rdslic: /);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/Usage:/);
      expect(r.stdout).toBe('');
    });
  }

  it('rdslic with no command shows the help on stderr and exits 2; --help and --version exit 0', () => {
    const bare = runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: rdslic/);
    expect(runCli(['--help']).code).toBe(0);
    expect(runCli(['analyze', '--help']).code).toBe(0);
    expect(runCli(['--version']).code).toBe(0);
  });

  it('an unknown command suggests the nearest one on the same line', () => {
    const r = runCli(['analyse', SYSTEM]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Did you mean analyze\?/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('forgiving spellings', () => {
  it('explain takes a rule id in any case, or with underscores', () => {
    const want = runCli(['explain', 'grace-period-expired']).stdout;
    for (const typed of ['GRACE-PERIOD-EXPIRED', 'Grace_Period_Expired']) {
      const r = runCli(['explain', typed]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(want);
    }
  });

  it('explain shows placeholders as <words>, not template syntax; info shows the hive name as it reads', () => {
    const e = runCli(['explain', 'grace-period-expired']).stdout;
    expect(e).not.toContain('{{');
    expect(e).toMatch(/Grace period ended <end>/);
    expect(runCli(['info', SYSTEM]).stdout).toMatch(/^ {2}name {8}\\REGISTRY\\MACHINE\\SYSTEM$/m);
  });

  it('--format markdown is md', () => {
    const md = runCli(['analyze', join(ROOT, 'samples/healthy-per-user'), '--format', 'markdown', '--out', mkdtempSync(join(tmpdir(), 'rdslic-md-')), '--quiet']);
    expect(md.code, md.stderr).toBe(0);
  });
});
