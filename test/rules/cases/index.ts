/** Every rule's RuleTester cases, by rule id. */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { clientHostCases } from './client-host.js';
import { evidenceCases } from './evidence.js';
import { graceCases } from './grace-period.js';
import { licensingCases } from './licensing.js';
import { serviceCases } from './service.js';

export const ruleCases: Record<string, RuleCases> = { ...licensingCases, ...graceCases, ...serviceCases, ...clientHostCases, ...evidenceCases };
