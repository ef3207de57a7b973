import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { renderRulesMarkdown } from '../../src/rules/render-docs.js';
import { SEVERITIES } from '../../src/rules/rule.js';
import { ROOT } from '../helpers/oracles.js';
import { ruleCases } from './cases/index.js';

const catalog = readFileSync(resolve(ROOT, '../shared/docs/rule-catalog.md'), 'utf8');
const domainDoc = readFileSync(resolve(ROOT, '../shared/docs/rds-licensing.md'), 'utf8') + readFileSync(resolve(ROOT, '../shared/docs/rds-licensing-audit.md'), 'utf8');

/** `| id | severity | intent |` rows of the catalog tables: id → first severity word. */
function catalogRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of catalog.matchAll(/^\|\s*([a-z0-9]+(?:-[a-z0-9]+)+)\s*\|\s*([a-z]+)/gm)) rows.set(m[1], m[2]);
  return rows;
}

/** Ids of the catalog's last section (added this round): pending until implemented, so main can land in steps. */
function lastSectionIds(): Set<string> {
  const last = catalog.slice(catalog.lastIndexOf('\n## '));
  return new Set([...last.matchAll(/^\|\s*([a-z0-9]+(?:-[a-z0-9]+)+)\s*\|/gm)].map((m) => m[1]));
}

describe('rule catalog contract', () => {
  const rows = catalogRows();
  const added = lastSectionIds();
  it('the catalog parses into its ids', () => {
    expect(rows.size).toBeGreaterThanOrEqual(46);
    expect(added.size).toBeGreaterThan(0);
  });
  for (const [id, severity] of rows) {
    if (added.has(id) && !rules.some((r) => r.meta.id === id)) {
      it.todo(`${id} (added this round) is implemented with default severity ${severity}`);
      continue;
    }
    it(`${id} is implemented with default severity ${severity}`, () => {
      const rule = rules.find((r) => r.meta.id === id);
      expect(rule, `rule ${id} missing`).toBeDefined();
      expect(rule!.meta.severity).toBe(severity);
    });
  }
});

describe('rule modules', () => {
  it('registry is sorted by id, ids unique and kebab-case', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  });
  for (const rule of rules) {
    const m = rule.meta;
    describe(m.id, () => {
      it('has its own module named after the id', () => {
        expect(() => readFileSync(resolve(ROOT, `src/rules/${m.id}.ts`))).not.toThrow();
      });
      it('has complete metadata', () => {
        expect(SEVERITIES).toContain(m.severity);
        expect(m.title.length).toBeGreaterThan(5);
        expect(m.description.length).toBeGreaterThan(20);
        expect(m.remediation.length).toBeGreaterThan(0);
        expect(Object.keys(m.messages).length).toBeGreaterThan(0);
      });
      it('cites only Microsoft Learn URLs from rds-licensing.md or the audit (or their Learn form of a cited docs repo path)', () => {
        for (const url of m.references) {
          expect(url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
          const repoPath = url.match(/learn\.microsoft\.com\/windows-server\/(remote\/remote-desktop-services\/.+)$/);
          const cited = domainDoc.includes(url) || (repoPath !== null && domainDoc.includes(`WindowsServerDocs/${repoPath[1]}.md`));
          expect(cited, url).toBe(true);
        }
      });
      it('has RuleTester cases that fire and that stay quiet', () => {
        const c = ruleCases[m.id];
        expect(c, `no cases for ${m.id}`).toBeDefined();
        expect(c.valid.length).toBeGreaterThan(0);
        expect(c.invalid.length).toBeGreaterThan(0);
      });
    });
  }
});

describe('docs/rules.md', () => {
  it('is generated from the rule metadata and up to date (npm run gen:rules-doc)', () => {
    const committed = readFileSync(resolve(ROOT, 'docs/rules.md'), 'utf8');
    expect(committed).toBe(renderRulesMarkdown());
  });
  it('documents every rule', () => {
    const md = renderRulesMarkdown();
    for (const r of rules) expect(md).toContain(`### ${r.meta.id}\n`);
  });
});
