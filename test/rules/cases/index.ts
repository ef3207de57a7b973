/** Every rule's RuleTester cases, by rule id; files that add cases to the same rule are concatenated. */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { clientHostCases } from './client-host.js';
import { deploymentCases } from './deployments.js';
import { evidenceCases } from './evidence.js';
import { graceCases } from './grace-period.js';
import { licensingCases } from './licensing.js';
import { serviceCases } from './service.js';
import { tamperCases } from './tamper.js';

function merge(...sets: Record<string, RuleCases>[]): Record<string, RuleCases> {
  const out: Record<string, RuleCases> = {};
  for (const set of sets)
    for (const [id, c] of Object.entries(set)) out[id] = out[id] ? { valid: [...out[id].valid, ...c.valid], invalid: [...out[id].invalid, ...c.invalid] } : c;
  return out;
}

export const ruleCases: Record<string, RuleCases> = merge(licensingCases, graceCases, serviceCases, clientHostCases, deploymentCases, evidenceCases, tamperCases);
