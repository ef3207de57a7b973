/** RuleTester cases for the tampering rules that follow the machine's own files (issue 16). */
import type { MachineFile } from '../../../src/evidence/types.js';
import { gatherFacts } from '../../../src/facts/index.js';
import type { Facts } from '../../../src/facts/types.js';
import { hostScenario, type RuleCases } from '../../helpers/rule-tester.js';
import { scenarioEvidence } from '../../helpers/scenario-evidence.js';
import { CS, server, type HostBuilder } from '../../scenarios/host.js';
import { addTask } from '../../scenarios/index.js';
import { bamEntry, CHECK_GRACE_PS1, MONITOR_TASK, reset120Host, reset120Scripts, userAssistEntry } from '../../scenarios/tamper.js';
import { factsOf } from '../../helpers/rule-tester.js';
import { IMAGE_TIME, workstation } from '../../scenarios/host.js';

const SID_BOB = 'S-1-5-21-1111111111-2222222222-3333333333-1001';
const daysAgo = (n: number) => new Date(IMAGE_TIME.getTime() - n * 86_400_000);
/** A host with an (empty) BAM key and one user with UserAssist: execution evidence that names no tool. */
const withArtifacts = (h: HostBuilder) => {
  bamEntry(h, SID_BOB, '\\Device\\HarddiskVolume2\\Windows\\System32\\notepad.exe', daysAgo(1));
  userAssistEntry(h.user('bob'), '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\mstsc.exe', 3, daysAgo(2));
  return h;
};

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function machineFiles(scripts: { windowsPath: string; bytes: Uint8Array }[]): MachineFile[] {
  return scripts.map((s) => ({
    path: `image/${s.windowsPath.slice(3).replace(/\\/g, '/')}`,
    windowsPath: s.windowsPath,
    size: s.bytes.length,
    read: (max: number) => s.bytes.subarray(0, max),
  }));
}

/** Facts of a host whose evidence is an image root holding these files. */
export function factsWithFiles(h: HostBuilder, scripts: { windowsPath: string; bytes: Uint8Array }[]): Facts {
  return gatherFacts({ ...scenarioEvidence(hostScenario(h)), files: machineFiles(scripts) });
}

const monitorOnly = () => {
  const h = server('rdsh-mon').grace(30);
  addTask(h, MONITOR_TASK.path, MONITOR_TASK.guid, 'powershell.exe', '-NoProfile -File C:\\Scripts\\Check-Grace.ps1');
  return h;
};
const monitorScript = [{ windowsPath: 'C:\\Scripts\\Check-Grace.ps1', bytes: ascii(CHECK_GRACE_PS1) }];

export const tamperCases: Record<string, RuleCases> = {
  'tamper-tool-executed': {
    valid: [
      { name: 'execution evidence of ordinary programs only', facts: () => factsOf(withArtifacts(server('rdsh-clean').grace(30))), status: 'passed' },
      {
        name: 'a renamed binary is not recognised (names only)',
        facts: () => {
          const h = withArtifacts(server('rdsh-renamed').grace(30));
          bamEntry(h, SID_BOB, '\\Device\\HarddiskVolume2\\Users\\bob\\Downloads\\setup64.exe', daysAgo(4));
          return factsOf(h);
        },
        status: 'passed',
      },
      { name: 'no BAM, AppCompatCache or UserAssist in the evidence', facts: () => factsOf(server('rdsh-bare').grace(30)), status: 'notCheckable' },
    ],
    invalid: [
      {
        name: 'BAM records RDPWInst.exe and UserAssist records RDPConf.exe',
        facts: () => {
          const h = withArtifacts(workstation('desktop-wrap'));
          bamEntry(h, SID_BOB, '\\Device\\HarddiskVolume2\\Users\\bob\\Downloads\\RDPWrap-v1.6.2\\RDPWInst.exe', daysAgo(3));
          userAssistEntry(h.user('bob'), 'C:\\Users\\bob\\Downloads\\RDPWrap-v1.6.2\\RDPConf.exe', 2, daysAgo(3));
          return factsOf(h);
        },
        messageIds: ['executed', 'executed'],
        severity: 'high',
      },
      {
        name: 'BAM records TSTool.exe run by an administrator',
        facts: () => {
          const h = withArtifacts(server('rdsh-tstool').grace(1));
          bamEntry(h, 'S-1-5-21-1111111111-2222222222-3333333333-500', '\\Device\\HarddiskVolume2\\Tools\\TSTool.exe', daysAgo(1));
          return factsOf(h);
        },
        messageIds: ['executed'],
      },
    ],
  },
  'grace-reset-script': {
    valid: [
      { name: 'registry hives only: nothing to follow', facts: () => gatherFacts(scenarioEvidence(hostScenario(reset120Host()))), status: 'notCheckable' },
      { name: 'a monitoring task whose script reads GetGracePeriodDays and runs reg query', facts: () => factsWithFiles(monitorOnly(), monitorScript), status: 'passed' },
      { name: 'Reset120 files in the image but no task, Run value or service reaches them', facts: () => factsWithFiles(server('rdsh-idle').grace(30), reset120Scripts()), status: 'passed' },
      {
        name: 'the delete is commented out',
        facts: () => {
          const h = server('rdsh-rem').grace(30);
          addTask(h, 'Maintenance', '{00000000-0000-0000-0000-0000000000a1}', 'C:\\Tools\\clean.cmd', '');
          return factsWithFiles(h, [{ windowsPath: 'C:\\Tools\\clean.cmd', bytes: ascii('@echo off\r\nrem reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod" /f\r\n:: tlsbln.exe\r\n') }]);
        },
        status: 'passed',
      },
    ],
    invalid: [
      { name: 'Reset120: task → Reset120.cmd → regedit /s Reset120.reg deleting the timebomb', facts: () => factsWithFiles(reset120Host(), reset120Scripts()), messageIds: ['script'], severity: 'high' },
      {
        name: 'a Run value runs a PowerShell script that deletes the GracePeriod key through a variable',
        facts: () => {
          const h = server('rdsh-run').grace(30);
          h.software.sz('Microsoft\\Windows\\CurrentVersion\\Run', 'Updater', 'powershell.exe -WindowStyle Hidden -File "%ProgramData%\\upd\\u.ps1"');
          const ps = "$k = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod'\r\nRemove-Item -Path $k -Recurse -Force\r\n";
          return factsWithFiles(h, [{ windowsPath: 'C:\\ProgramData\\upd\\u.ps1', bytes: ascii(ps) }]);
        },
        messageIds: ['script'],
      },
      {
        name: 'a service whose image is cmd.exe runs a batch file that moves the clock and runs tlsbln',
        facts: () => {
          const h = server('rdsh-svc').grace(30);
          h.system.expandSz(`${CS}\\Services\\GraceKeeper`, 'ImagePath', '%SystemRoot%\\System32\\cmd.exe /c C:\\Tools\\keep.bat');
          h.system.dword(`${CS}\\Services\\GraceKeeper`, 'Start', 2);
          const bat = '@echo off\r\ndate 01-01-2035\r\ntlsbln.exe\r\n';
          return factsWithFiles(h, [{ windowsPath: 'C:\\Tools\\keep.bat', bytes: ascii(bat) }]);
        },
        messageIds: ['script'],
      },
    ],
  },
};
