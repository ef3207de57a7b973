/** RuleTester cases for the evidence rules of issue 13 (one machine per host). */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf } from '../../helpers/rule-tester.js';
import { CURRENT_VERSION, healthyRdsh } from '../../scenarios/host.js';

const GP_STATE = 'Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine';
const PROFILES = `${CURRENT_VERSION}\\ProfileList`;

function withProfiles(folders: string[]) {
  const h = healthyRdsh();
  folders.forEach((f, i) => h.software.expandSz(`${PROFILES}\\S-1-5-21-1-2-3-${1001 + i}`, 'ProfileImagePath', `C:\\Users\\${f}`));
  return h;
}

export const evidenceCases: Record<string, RuleCases> = {
  'evidence-mixed-hosts': {
    valid: [
      { name: 'SYSTEM and SOFTWARE of one machine (Group Policy CN = computer name)', facts: () => factsOf(healthyRdsh()) },
      { name: 'a 15-character NetBIOS name against a longer CN', facts: () => {
        const h = healthyRdsh('rdsh-finance-0001x');
        return factsOf(h);
      } },
      { name: 'user hive with a profile in ProfileList', facts: () => {
        const h = withProfiles(['alice']);
        h.user('alice');
        return factsOf(h);
      } },
      { name: 'the Default profile needs no ProfileList entry', facts: () => {
        const h = withProfiles(['alice']);
        h.user('Default');
        return factsOf(h);
      } },
    ],
    invalid: [
      { name: 'SOFTWARE of another computer (RDSH02 SYSTEM, CN=RDSH01 Group Policy state)', facts: () => {
        const h = healthyRdsh('rdsh02');
        h.software.sz(GP_STATE, 'Distinguished-Name', 'CN=RDSH01,OU=Servers,DC=contoso,DC=local');
        return factsOf(h);
      }, messageIds: ['mixed'], severity: 'high' },
      { name: 'a user hive whose profile SOFTWARE does not know', facts: () => {
        const h = withProfiles(['bob']);
        h.user('mallory');
        return factsOf(h);
      }, messageIds: ['mixed'] },
    ],
  },
};
