/** Writes docs/rules.md from the rule metadata: node --experimental-strip-types scripts/gen-rules-doc.ts (or via vitest's loader). */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRulesMarkdown } from '../src/rules/render-docs.js';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/rules.md');
writeFileSync(out, renderRulesMarkdown());
console.log(`wrote ${out}`);
