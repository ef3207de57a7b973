import { describe } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { runRuleTester } from '../helpers/rule-tester.js';
import { ruleCases } from './cases/index.js';

for (const rule of rules) {
  const cases = ruleCases[rule.meta.id];
  if (!cases) continue; // meta.test.ts fails for a rule without cases
  describe(rule.meta.id, () => runRuleTester(rule, cases));
}
