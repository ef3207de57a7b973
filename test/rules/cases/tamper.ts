/** RuleTester cases for the tampering rules that follow the machine's own files (issue 16). */
import type { MachineFile } from '../../../src/evidence/types.js';
import { gatherFacts } from '../../../src/facts/index.js';
import type { Facts } from '../../../src/facts/types.js';
import { hostScenario, type RuleCases } from '../../helpers/rule-tester.js';
import { scenarioEvidence } from '../../helpers/scenario-evidence.js';
import { CS, server, type HostBuilder } from '../../scenarios/host.js';
import { addTask } from '../../scenarios/index.js';
import { CHECK_GRACE_PS1, MONITOR_TASK, reset120Host, reset120Scripts } from '../../scenarios/tamper.js';

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
