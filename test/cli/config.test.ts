/** `--config` as the README shows it: disabled rules, changed severities and suppressions appear in every format. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/oracles.js';

const EXPIRED = join(ROOT, 'samples/grace-period-expired');

function run(config: object): { dir: string; json: any; html: string; md: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rdslic-config-'));
  writeFileSync(join(dir, 'cfg.json'), JSON.stringify(config));
  const r = runCli(['analyze', EXPIRED, '--out', join(dir, 'out'), '--format', 'html,md,json', '--config', join(dir, 'cfg.json'), '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  const files = readdirSync(join(dir, 'out'));
  const read = (suffix: string) => readFileSync(join(dir, 'out', files.find((f) => /^\d+-/.test(f) && f.endsWith(suffix))!), 'utf8');
  return { dir, json: JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')), html: read('.html'), md: read('.md') };
}

describe('--config in every format', () => {
  it('a rule "off" (the README example) renders as disabled in HTML, Markdown and JSON', () => {
    const { json, html, md } = run({ rules: { 'cal-version-required': 'off' } });
    expect(json.hosts[0].disabled).toEqual(['cal-version-required']);
    expect(json.hosts[0].findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('cal-version-required');
    expect(html).toMatch(/<caption>Disabled by configuration \(1\)<\/caption>[\s\S]*?<td class="mono">cal-version-required<\/td>/);
    expect(md).toMatch(/### Disabled by configuration \(1\)[\s\S]*?\| cal-version-required \|/);
  });

  it('a changed severity is the finding severity, and says so, in HTML, Markdown and JSON', () => {
    const { json, html, md } = run({ rules: { 'grace-period-expired': { severity: 'low' } } });
    const host = json.hosts[0];
    expect(host.findings.find((f: { ruleId: string }) => f.ruleId === 'grace-period-expired').severity).toBe('low');
    expect(host.severityOverrides).toEqual([{ ruleId: 'grace-period-expired', severity: 'low', defaultSeverity: 'critical' }]);
    expect(html).toMatch(/grace-period-expired<\/code><\/span><\/h4>\n<p class="note">severity set by configuration \(the rule&#x27;s own: critical\)<\/p>/);
    expect(html).toMatch(/<caption>Severity changed by configuration \(1\)<\/caption>/);
    expect(md).toMatch(/### low: .*\(grace-period-expired\)\n\n_severity set by configuration \(the rule's own: critical\)_/);
    expect(md).toMatch(/### Severity changed by configuration \(1\)[\s\S]*?\| grace-period-expired \| low \| critical \|/);
  });

  it('a suppression keeps its reason (escaped) in HTML, Markdown and JSON', () => {
    const { json, html, md } = run({ suppress: [{ ruleId: 'no-license-server', reason: 'server <b>ordered</b>, ticket 42' }] });
    const host = json.hosts[0];
    expect(host.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('no-license-server');
    expect(host.suppressed).toMatchObject([{ ruleId: 'no-license-server', reason: 'server <b>ordered</b>, ticket 42' }]);
    expect(html).toMatch(/<caption>Suppressed \(1\)<\/caption>[\s\S]*?server &lt;b&gt;ordered&lt;\/b&gt;, ticket 42/);
    expect(html).not.toContain('<b>ordered</b>');
    expect(md).toMatch(/### Suppressed \(1\)[\s\S]*?\| no-license-server \|.*ticket 42 \|/);
  });

  it("the README's --config example, verbatim, renders in all three formats", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = readme.match(/`--config FILE` \(JSON\): `(\{[^`]*\})`/)?.[1];
    expect(example).toBeDefined();
    const { json, html, md } = run(JSON.parse(example!.replace(/\s*\n\s*/g, ' ')));
    expect(json.hosts[0].disabled.length).toBeGreaterThan(0);
    expect(html).toMatch(/Disabled by configuration \([1-9]\)/);
    expect(md).toMatch(/Disabled by configuration \([1-9]\)/);
  });
});
