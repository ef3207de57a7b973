/** RuleTester cases for the grace-period rules. */
import type { RuleCases } from '../../helpers/rule-tester.js';
import { factsOf } from '../../helpers/rule-tester.js';
import { regTreeView } from '../../helpers/scenario-evidence.js';
import { ace, FULL, READ, sd, SID } from '../../scenarios/builder.js';
import { healthyRdsh, IMAGE_TIME, INSTALL_TIME, RCM, server, TASKCACHE, TS_POLICIES } from '../../scenarios/host.js';
import { addTask } from '../../scenarios/index.js';
import { CHECK_GRACE_PS1, MONITOR_TASK, reset120Host, reset120Scripts } from '../../scenarios/tamper.js';
import { factsWithFiles } from './tamper.js';

const DAY = 86_400_000;
const unlicensed = () => server('a');
const HOUR = 3_600_000;
const HIDE = 'fDisableTerminalServerTooltip';
/** A session host whose role was installed two hours before the image time. */
const freshRdsh = () => server('a', { installed: new Date(IMAGE_TIME.getTime() - 2 * HOUR) });
const decoded = (end: Date) => ({ timebombDecoder: () => ({ status: 'decoded' as const, end, derivation: 'test decoder' }) });

export const graceCases: Record<string, RuleCases> = {
  'grace-period-expired': {
    valid: [
      { name: 'licensed host after the grace period', facts: () => factsOf(healthyRdsh()) },
      { name: 'unlicensed, 30 days into the grace period', facts: () => factsOf(unlicensed().grace(30)) },
      { name: '.reg export: end unknown', facts: () => factsOf(unlicensed().graceFromInstall(), { view: regTreeView }), status: 'notCheckable' },
      { name: 'decoded end in the future wins over an old LastWrite', facts: () => factsOf(unlicensed().graceFromInstall(), decoded(new Date(IMAGE_TIME.getTime() + 20 * DAY))), status: 'passed' },
      { name: 'no timebomb at all', facts: () => factsOf(unlicensed().grace(400, undefined, false)), status: 'notApplicable' },
      { name: 'a future-dated key gives no estimate', facts: () => factsOf(unlicensed().grace(-3650)), status: 'notCheckable' },
      { name: 'an explicit --as-of before the end is the clock used', facts: () => factsOf(unlicensed().grace(125), { asOf: new Date(IMAGE_TIME.getTime() - 10 * DAY) }), status: 'passed' },
    ],
    invalid: [
      { name: 'mode 5, no server, 121 days', facts: () => factsOf(unlicensed().grace(121)), messageIds: ['expired'], severity: 'critical' },
      { name: 'an explicit --as-of after the end is the clock used, ShutdownTime notwithstanding', facts: () => factsOf(unlicensed().grace(100), { asOf: new Date(IMAGE_TIME.getTime() + 30 * DAY) }), messageIds: ['expired'] },
      { name: 'mode set but no server', facts: () => factsOf(unlicensed().localMode(4).grace(200)), messageIds: ['expired'] },
      { name: 'decoded end in the past on a .reg export', facts: () => factsOf(unlicensed().grace(5), { ...decoded(new Date(IMAGE_TIME.getTime() - DAY)), view: regTreeView }), messageIds: ['expired'] },
    ],
  },
  'grace-period-expiring': {
    valid: [
      { name: '40 days left', facts: () => factsOf(unlicensed().grace(80)) },
      { name: '10 days left but licensed', facts: () => factsOf(healthyRdsh().grace(110)) },
      { name: 'expired (other rule)', facts: () => factsOf(unlicensed().grace(125)) },
    ],
    invalid: [
      { name: '25 days left', facts: () => factsOf(unlicensed().grace(95)), messageIds: ['expiring'], severity: 'medium' },
      { name: '10 days left', facts: () => factsOf(unlicensed().grace(110)), messageIds: ['expiring'], severity: 'high' },
    ],
  },
  'grace-period-estimated': {
    valid: [
      { name: 'decoded', facts: () => factsOf(healthyRdsh(), decoded(new Date('2024-05-15T00:00:00Z'))), status: 'passed' },
      { name: 'no timebomb', facts: () => factsOf(unlicensed().grace(4, undefined, false)), status: 'notApplicable' },
      { name: '.reg export: no estimate', facts: () => factsOf(healthyRdsh(), { view: regTreeView }), status: 'notCheckable' },
      { name: 'key dated after the image clock: no estimate', facts: () => factsOf(unlicensed().grace(-3650)), status: 'notCheckable' },
      { name: 'key dated after the --as-of: no estimate', facts: () => factsOf(unlicensed().grace(5), { asOf: new Date(IMAGE_TIME.getTime() - 30 * DAY) }), status: 'notCheckable' },
    ],
    invalid: [{ name: 'undecoded blob', facts: () => factsOf(healthyRdsh()), messageIds: ['estimated'], severity: 'info' }],
  },
  'timebomb-missing': {
    valid: [
      { name: 'timebomb present', facts: () => factsOf(healthyRdsh()), status: 'passed' },
      { name: 'a .reg export without the key: regedit cannot read it live', facts: () => {
        const h = healthyRdsh();
        h.system.remove(`${RCM}\\GracePeriod`);
        return factsOf(h, { view: regTreeView });
      }, status: 'notCheckable' },
    ],
    invalid: [
      { name: 'role two hours old, only the proprietary Certificate: info', facts: () => {
        const h = freshRdsh();
        h.system.binary(RCM, 'Certificate', new Uint8Array(184).fill(7));
        return factsOf(h);
      }, messageIds: ['noKeyYoung'], severity: 'info' },
      { name: 'role two hours old, timebomb value missing: info', facts: () => factsOf(freshRdsh().grace(0, undefined, false)), messageIds: ['noValueYoung'], severity: 'info' },
      { name: 'role two hours old but an X509 Certificate exists', facts: () => factsOf(freshRdsh().rcmCertificates()), messageIds: ['noKey'], severity: 'high' },
      { name: 'role 500 days old, no certificates at all', facts: () => factsOf(server('a')), messageIds: ['noKey'], severity: 'high' },
      { name: 'key deleted', facts: () => {
        const h = healthyRdsh();
        h.system.remove(`${RCM}\\GracePeriod`);
        return factsOf(h);
      }, messageIds: ['noKey'], severity: 'high' },
      { name: 'value deleted', facts: () => factsOf(healthyRdsh().grace(3, undefined, false)), messageIds: ['noValue'], severity: 'high' },
    ],
  },
  'grace-period-acl-tampered': {
    valid: [
      { name: 'owner NETWORK SERVICE, Administrators read', facts: () => factsOf(healthyRdsh()), status: 'passed' },
      { name: 'owner SYSTEM', facts: () => factsOf(healthyRdsh().grace(3, sd(SID.system, [ace(SID.system, FULL), ace(SID.networkService, FULL)]))), status: 'passed' },
      { name: 'inherited Administrators full control is not counted (default DACL unverified)', facts: () => factsOf(healthyRdsh().grace(3, sd(SID.networkService, [ace(SID.networkService, FULL), ace(SID.administrators, FULL, 0, 0x10)]))), status: 'passed' },
      { name: 'deny ACE for Administrators is not a grant', facts: () => factsOf(healthyRdsh().grace(3, sd(SID.networkService, [ace(SID.networkService, FULL), ace(SID.administrators, FULL, 1)]))), status: 'passed' },
      { name: '.reg export', facts: () => factsOf(healthyRdsh(), { view: regTreeView }), status: 'notCheckable' },
    ],
    invalid: [
      { name: 'owner Administrators', facts: () => factsOf(healthyRdsh().grace(3, sd(SID.administrators, [ace(SID.networkService, FULL), ace(SID.administrators, READ)]))), messageIds: ['tampered'] },
      { name: 'Administrators full control', facts: () => factsOf(healthyRdsh().grace(3, sd(SID.networkService, [ace(SID.networkService, FULL), ace(SID.administrators, FULL)]))), messageIds: ['tampered'] },
      { name: 'a user SID may set values', facts: () => factsOf(healthyRdsh().grace(3, sd(SID.networkService, [ace(SID.networkService, FULL), ace('S-1-5-21-1-2-3-1001', 0x2)]))), messageIds: ['tampered'] },
    ],
  },
  'grace-period-reset-suspected': {
    valid: [
      { name: 'written at install', facts: () => factsOf(healthyRdsh()), status: 'passed' },
      { name: 'role installed recently', facts: () => factsOf(server('a', { installed: new Date(IMAGE_TIME.getTime() - 20 * DAY) }).grace(19)), status: 'passed' },
      { name: '.reg export', facts: () => factsOf(server('a').grace(10), { view: regTreeView }), status: 'notCheckable' },
    ],
    invalid: [
      { name: 'written 10 days ago, installed 500 days ago', facts: () => factsOf(server('a').grace(10)), messageIds: ['reset'], severity: 'medium' },
      { name: 'the same with notifications hidden', facts: () => {
        const h = server('a').grace(10);
        h.software.dword(TS_POLICIES, HIDE, 1);
        return factsOf(h);
      }, messageIds: ['reset'], severity: 'medium' },
      { name: 'licensed host (mode, server, X509): a sealed image recreates the key at boot', facts: () => factsOf(healthyRdsh().grace(10)), messageIds: ['image'], severity: 'info' },
    ],
  },
  'grace-period-key-future-dated': {
    valid: [
      { name: 'written at install', facts: () => factsOf(healthyRdsh()), status: 'passed' },
      { name: 'written at the last boot, hours before shutdown', facts: () => factsOf(healthyRdsh().grace(0.2)), status: 'passed' },
      { name: 'no GracePeriod key', facts: () => {
        const h = healthyRdsh();
        h.system.remove(`${RCM}\\GracePeriod`);
        return factsOf(h);
      }, status: 'notApplicable' },
      { name: '.reg export', facts: () => factsOf(healthyRdsh().grace(-3650), { view: regTreeView }), status: 'notCheckable' },
      { name: 'an explicit --as-of earlier than the key is the analyst\'s clock, not the image\'s', facts: () => factsOf(healthyRdsh().grace(5), { asOf: new Date(IMAGE_TIME.getTime() - 60 * DAY) }), status: 'passed' },
    ],
    invalid: [
      { name: 'written ten years after ShutdownTime', facts: () => factsOf(unlicensed().grace(-3650)), messageIds: ['future'], severity: 'high' },
      { name: 'no ShutdownTime: after every other key of SYSTEM', facts: () => factsOf(server('a', { shutdown: null }).grace(-30)), messageIds: ['future'] },
      { name: 'with notifications hidden', facts: () => {
        const h = unlicensed().grace(-3650);
        h.software.dword(TS_POLICIES, HIDE, 1);
        return factsOf(h);
      }, messageIds: ['future'] },
    ],
  },
  'grace-period-reset-task': {
    valid: [
      { name: 'only Windows tasks', facts: () => factsOf(healthyRdsh()), status: 'passed' },
      { name: 'a monitoring task whose script only reads GetGracePeriodDays and queries the key', facts: () => {
        const h = server('rdsh-mon').grace(30);
        addTask(h, MONITOR_TASK.path, MONITOR_TASK.guid, 'powershell.exe', '-NoProfile -File C:\\Scripts\\Check-Grace.ps1');
        return factsWithFiles(h, [{ windowsPath: 'C:\\Scripts\\Check-Grace.ps1', bytes: Uint8Array.from(CHECK_GRACE_PS1, (c) => c.charCodeAt(0)) }]);
      }, status: 'passed' },
      { name: 'a task named Graceful-Shutdown is not a reset', facts: () => {
        const h = healthyRdsh();
        h.software.sz(`${TASKCACHE}\\Tree\\Graceful-Shutdown`, 'Id', '{00000000-0000-0000-0000-000000000009}');
        return factsOf(h);
      } },
    ],
    invalid: [
      { name: 'task name', facts: () => {
        const h = healthyRdsh();
        h.software.sz(`${TASKCACHE}\\Tree\\Ops\\Reset-TSGracePeriod`, 'Id', '{00000000-0000-0000-0000-000000000001}');
        return factsOf(h);
      }, messageIds: ['task'] },
      { name: 'innocent name, action deletes the timebomb', facts: () => {
        const h = healthyRdsh();
        const guid = '{00000000-0000-0000-0000-000000000002}';
        h.software.sz(`${TASKCACHE}\\Tree\\Maintenance`, 'Id', guid);
        const cmd = 'reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod" /v L$RTMTIMEBOMB_1320153D /f';
        const u = new Uint8Array(7 + cmd.length * 2);
        for (let i = 0; i < cmd.length; i++) u[7 + i * 2] = cmd.charCodeAt(i);
        h.software.binary(`${TASKCACHE}\\Tasks\\${guid}`, 'Actions', u);
        return factsOf(h);
      }, messageIds: ['task'], severity: 'high' },
      { name: 'Reset120: the task reaches a .reg file in the image that deletes the timebomb', facts: () => factsWithFiles(reset120Host(), reset120Scripts()), messageIds: ['task'], severity: 'high' },
      { name: 'Reset120 without the image: the action names a known reset script', facts: () => factsOf(reset120Host()), messageIds: ['task', 'suspect'] },
      { name: 'a grace-period task whose action is unknown is only suspect', facts: () => {
        const h = healthyRdsh();
        h.software.sz(`${TASKCACHE}\\Tree\\GracePeriodCheck`, 'Id', '{00000000-0000-0000-0000-000000000003}');
        return factsOf(h);
      }, messageIds: ['suspect'], severity: 'medium' },
    ],
  },
  'grace-period-end-rewritten': {
    valid: [
      { name: 'decoded end = install + 120 days', facts: () => factsOf(healthyRdsh(), decoded(new Date(INSTALL_TIME.getTime() + 120 * DAY))), status: 'passed' },
      { name: 'not decoded', facts: () => factsOf(healthyRdsh()), status: 'notCheckable' },
    ],
    invalid: [
      { name: 'decoded end two years after install: 227 days after the image clock', facts: () => factsOf(healthyRdsh(), decoded(new Date(INSTALL_TIME.getTime() + 730 * DAY))), messageIds: ['impossible'], severity: 'high' },
      { name: 'TSTool default (+114,515 days)', facts: () => factsOf(healthyRdsh(), decoded(new Date(IMAGE_TIME.getTime() + 114_515 * DAY))), messageIds: ['impossible'], severity: 'high' },
      { name: 'Windows-like end, long after the role install, unlicensed', facts: () => factsOf(unlicensed().grace(10), decoded(new Date(IMAGE_TIME.getTime() + 110 * DAY))), messageIds: ['rewritten'], severity: 'medium' },
      { name: 'the same with notifications hidden', facts: () => {
        const h = unlicensed().grace(10);
        h.software.dword(TS_POLICIES, HIDE, 1);
        return factsOf(h, decoded(new Date(IMAGE_TIME.getTime() + 110 * DAY)));
      }, messageIds: ['rewritten'], severity: 'medium' },
      { name: 'the same on a licensed host (sealed image)', facts: () => factsOf(healthyRdsh().grace(10), decoded(new Date(IMAGE_TIME.getTime() + 110 * DAY))), messageIds: ['image'], severity: 'info' },
      { name: 'licensed does not excuse an end beyond 120 days', facts: () => factsOf(healthyRdsh().grace(10), decoded(new Date(IMAGE_TIME.getTime() + 400 * DAY))), messageIds: ['impossible'], severity: 'high' },
    ],
  },
  'timebomb-not-decryptable': {
    valid: [
      { name: 'decoded', facts: () => factsOf(healthyRdsh(), decoded(new Date('2024-05-15T00:00:00Z'))), status: 'passed' },
      { name: 'no DPAPI material', facts: () => factsOf(healthyRdsh(), { timebombDecoder: () => ({ status: 'unavailable', reason: 'no SECURITY hive' }) }), status: 'notCheckable' },
    ],
    invalid: [{ name: 'valid keys, blob does not open', facts: () => factsOf(healthyRdsh(), { timebombDecoder: () => ({ status: 'failed', reason: 'master key {59873e79-…} not among the machine keys' }) }), messageIds: ['failed'] }],
  },
};

