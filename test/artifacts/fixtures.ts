/** Writer-built hives shared by the parser tests and the RegRipper comparison on them. */
import { HiveBuilder, filetimeBytes } from '../scenarios/builder.js';
import { rot13 } from '../../src/artifacts/userassist.js';
import { actionsBlob, dynamicInfo, userAssist16, userAssist72 } from './encoders.js';

export const T0 = new Date('2024-03-05T10:20:30.123Z');
export const at = (s: string) => new Date(s);
export const SID1 = 'S-1-5-21-1111111111-2222222222-3333333333-1001';
export const SID2 = 'S-1-5-21-1111111111-2222222222-3333333333-500';

export function bamSystem(): HiveBuilder {
  const b = new HiveBuilder('SYSTEM', T0);
  b.dword('Select', 'Current', 1);
  const st = `ControlSet001\\Services\\bam\\State\\UserSettings\\${SID1}`;
  b.dword(st, 'Version', 1).dword(st, 'SequenceNumber', 7);
  b.binary(st, '\\Device\\HarddiskVolume2\\Users\\admin\\Downloads\\TSTool.exe', new Uint8Array([...filetimeBytes(at('2024-03-01T08:00:00Z')), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  b.binary(st, 'Microsoft.Windows.Cortana_cw5n1h2txyewy', filetimeBytes(at('2024-03-02T09:30:15.5Z')));
  b.binary(`ControlSet001\\Services\\bam\\UserSettings\\${SID2}`, '\\Device\\HarddiskVolume2\\Windows\\RDPWInst.exe', filetimeBytes(at('2023-12-24T23:59:59Z')));
  b.binary(`ControlSet001\\Services\\dam\\State\\UserSettings\\${SID1}`, '\\Device\\HarddiskVolume2\\Windows\\explorer.exe', filetimeBytes(at('2024-03-03T00:00:01Z')));
  // Not the current control set: never read.
  b.binary(`ControlSet002\\Services\\bam\\State\\UserSettings\\${SID1}`, '\\Device\\HarddiskVolume2\\old.exe', filetimeBytes(at('2020-01-01T00:00:00Z')));
  return b;
}

export function userAssistNtuser(): HiveBuilder {
  const b = new HiveBuilder('NTUSER', T0);
  const ua = 'Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist';
  const win7 = `${ua}\\{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}`;
  b.dword(win7, 'Version', 5);
  b.binary(`${win7}\\Count`, rot13('{F38BF404-1D43-42F2-9305-67DE0B28FC23}\\TSTool.exe'), userAssist72(3, 4, 65_000, at('2024-02-29T12:34:56.789Z')));
  b.binary(`${win7}\\Count`, rot13('C:\\Tools\\Reset-TSGracePeriod.ps1'), userAssist72(1, 0, 0, null));
  b.binary(`${win7}\\Count`, 'HRZR_PGYFRFFVBA', new Uint8Array(1612));
  const xp = `${ua}\\{75048700-EF1F-11D0-9888-006097DEACF9}`;
  b.dword(xp, 'Version', 3);
  b.binary(`${xp}\\Count`, rot13('UEME_RUNPATH:C:\\WINDOWS\\system32\\notepad.exe'), userAssist16(1, 8, at('2006-05-01T10:00:00Z')));
  b.binary(`${xp}\\Count`, rot13('UEME_RUNPATH:C:\\x.exe'), userAssist16(1, 5, null));
  return b;
}

export const TASK_ID = '{4A3B2C1D-0000-4000-8000-00000000BEEF}';
export const CLSID = Uint8Array.from([0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);

export function taskSoftware(): HiveBuilder {
  const b = new HiveBuilder('SOFTWARE', T0);
  const tc = 'Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache';
  b.sz(`${tc}\\Tree\\Reset120`, 'Id', TASK_ID);
  b.key(`${tc}\\Tree\\Microsoft\\Windows`); // a folder: no Id, not a task
  const t = `${tc}\\Tasks\\${TASK_ID}`;
  b.sz(t, 'Path', '\\Reset120');
  b.sz(t, 'Author', 'WIN-RDS\\admin');
  b.binary(t, 'Actions', actionsBlob(3, 'Author', [
    { kind: 'exec', command: 'C:\\Windows\\Reset120.cmd', arguments: '/quiet', workingDirectory: 'C:\\Windows' },
    { kind: 'com', clsid: CLSID, data: '<Data>x</Data>' },
  ]));
  b.binary(t, 'DynamicInfo', dynamicInfo(at('2024-01-10T06:00:00Z'), at('2024-03-01T06:00:05Z'), at('2024-03-01T06:00:07Z')));
  // A task definition no Tree key names: kept, marked.
  b.sz(`${tc}\\Tasks\\{00000000-0000-4000-8000-000000000001}`, 'Path', '\\Hidden');
  return b;
}

