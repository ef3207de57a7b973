/**
 * RuleTester cases for issue 14's host-role and licensing-configuration calibration (rds-licensing-audit.md A1–A8,
 * A18–A22, C1–C3, C5, C7, C11, C12). Merged with the per-family case files by rule id (cases/index.ts).
 */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf, linkedFacts } from '../../helpers/rule-tester.js';
import { multiSessionHost, server, workstation } from '../../scenarios/host.js';

const rdshOn = (build: number) => server('rdsh01', { build }).localMode(4).policyMode(4).policyServers('ls01.contoso.local').graceFromInstall().rcmCertificates();
const lsOn = (build: number) => server('ls01', { build, rdsh: false });

export const deploymentCases: Record<string, RuleCases> = {
  'multisession-host': {
    valid: [
      { name: 'Windows Server RDSH', facts: () => factsOf(server('a').grace(5)), status: 'notApplicable' },
      { name: 'Windows 10 Pro', facts: () => factsOf(workstation('w')), status: 'notApplicable' },
    ],
    invalid: [
      { name: 'EditionID ServerRdsh (AVD)', facts: () => factsOf(multiSessionHost('avd')), messageIds: ['multiSession'], severity: 'info' },
      { name: 'EditionID EnterpriseMultiSession', facts: () => factsOf(multiSessionHost('avd', { edition: 'EnterpriseMultiSession' })), messageIds: ['multiSession'] },
    ],
  },
  'license-server-older-than-host': {
    valid: [
      { name: '2012 license server for a 2012 R2 host (one CAL generation)', facts: () => linkedFacts([rdshOn(9600), lsOn(9200)]), status: 'passed' },
      { name: '2008 license server for a 2008 R2 SP1 host', facts: () => linkedFacts([rdshOn(7601), lsOn(6002)]), status: 'passed' },
      { name: 'multi-session host never compares', facts: () => linkedFacts([multiSessionHost('avd').policyServers('ls01'), lsOn(9200)]), status: 'notApplicable' },
    ],
    invalid: [
      { name: '2008 R2 license server for a 2012 host', facts: () => linkedFacts([rdshOn(9200), lsOn(7601)]), messageIds: ['older'], severity: 'high' },
      { name: '2012 R2 license server for a 2016 host', facts: () => linkedFacts([rdshOn(14393), lsOn(9600)]), messageIds: ['older'] },
    ],
  },
  'cal-version-required': {
    valid: [{ name: 'multi-session host needs no CAL', facts: () => factsOf(multiSessionHost('avd')), status: 'notApplicable' }],
    invalid: [
      { name: '2008 R2 SP1 takes 2008 CALs too', facts: () => factsOf(server('a', { build: 7601 }).grace(5)), messageIds: ['required'], message: /TS\/RDS 2008 or 2008 R2 CALs or newer/ },
      { name: '2012 R2 takes RDS 2012 CALs', facts: () => factsOf(server('a', { build: 9600 }).grace(5)), messageIds: ['required'], message: /Windows Server 2012 R2 .*needs RDS 2012 CALs/ },
    ],
  },
};
