/**
 * Tampering across the image: a disk-image tree (KAPE layout, `C/` above the Windows root) of an RDSH whose task
 * Reset120 runs C:\Windows\Reset120.cmd, which imports C:\Windows\Reset120.reg with `regedit /s` to delete the
 * timebomb; beside it a harmless monitoring task whose script only reads GetGracePeriodDays and `reg query`s the key.
 */
import { writeHive } from '../../src/regf-writer/index.js';
import { rot13 } from '../../src/artifacts/index.js';
import { daysBefore, filetimeBytes, type HiveBuilder } from './builder.js';
import type { HostBuilder } from './host.js';
import { CS, IMAGE_TIME, server, TASKCACHE, TIMEBOMB } from './host.js';
import { addTask } from './index.js';

export interface ImageFile {
  /** '/'-separated, relative to the collection root. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** regedit's export encoding: UTF-16LE with a BOM. */
export function utf16Bom(s: string): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    out[2 + i * 2] = s.charCodeAt(i) & 0xff;
    out[3 + i * 2] = s.charCodeAt(i) >> 8;
  }
  return out;
}

export const RESET120_CMD = ['@echo off', 'rem Reset the RDS grace period', 'regedit /s C:\\Windows\\Reset120.reg', 'net stop TermService /y', 'net start TermService', ''].join('\r\n');
export const RESET120_REG = [
  'Windows Registry Editor Version 5.00',
  '',
  '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod]',
  `"${TIMEBOMB}"=-`,
  '',
].join('\r\n');
/** A monitoring script: reads the days left and queries the key, changes nothing. */
export const CHECK_GRACE_PS1 = [
  '# Report the RDS grace days left',
  '$ts = Get-WmiObject -Namespace root\\cimv2\\terminalservices -Class Win32_TerminalServiceSetting',
  '$days = $ts.GetGracePeriodDays().DaysLeft',
  'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod"',
  'Write-Output "Grace days left: $days"',
  '',
].join('\r\n');

export const RESET120_TASK = { path: 'Reset120', guid: '{5E120000-1111-4222-8333-944455556666}' };
export const MONITOR_TASK = { path: 'Monitoring\\Check RDS grace period days', guid: '{C4EC0000-1111-4222-8333-944455556667}' };

/** TaskCache DynamicInfo (36 bytes): version 3, registration FILETIME at 4, last run at 12, last result at 24, completed at 28. */
export function taskTimes(h: HostBuilder, guid: string, registered: Date, lastRun: Date): void {
  const d = new Uint8Array(36);
  d[0] = 3;
  d.set(filetimeBytes(registered), 4);
  d.set(filetimeBytes(lastRun), 12);
  d.set(filetimeBytes(new Date(lastRun.getTime() + 2000)), 28);
  h.software.binary(`${TASKCACHE}\\Tasks\\${guid}`, 'DynamicInfo', d);
}

/**
 * The host's hives: an unlicensed RDSH whose GracePeriod key was rewritten 3 days before the image, when the task
 * Reset120 (registered a year earlier) last ran; and the monitoring task.
 */
export function reset120Host(name = 'rdsh-reset120'): HostBuilder {
  const h = server(name).grace(3).rcmCertificates();
  addTask(h, RESET120_TASK.path, RESET120_TASK.guid, 'C:\\Windows\\Reset120.cmd', '');
  taskTimes(h, RESET120_TASK.guid, daysBefore(IMAGE_TIME, 365), daysBefore(IMAGE_TIME, 3));
  addTask(h, MONITOR_TASK.path, MONITOR_TASK.guid, 'powershell.exe', '-NoProfile -File C:\\Scripts\\Check-Grace.ps1');
  return h;
}

/** The machine's own files the tasks reach, as Windows paths below the volume root. */
export function reset120Scripts(): { windowsPath: string; bytes: Uint8Array }[] {
  return [
    { windowsPath: 'C:\\Windows\\Reset120.cmd', bytes: ascii(RESET120_CMD) },
    { windowsPath: 'C:\\Windows\\Reset120.reg', bytes: utf16Bom(RESET120_REG) },
    { windowsPath: 'C:\\Scripts\\Check-Grace.ps1', bytes: ascii(CHECK_GRACE_PS1) },
  ];
}

/** The whole image tree under `<root>/C/`: hives in Windows/System32/config, the scripts where the tasks expect them. */
export function reset120Image(root = 'rdsh-reset120-image'): ImageFile[] {
  const h = reset120Host().hives();
  const base = `${root}/C`;
  return [
    { path: `${base}/Windows/System32/config/SYSTEM`, bytes: writeHive(h.system, { hiveName: '\\REGISTRY\\MACHINE\\SYSTEM' }) },
    { path: `${base}/Windows/System32/config/SOFTWARE`, bytes: writeHive(h.software!, { hiveName: '\\REGISTRY\\MACHINE\\SOFTWARE' }) },
    ...reset120Scripts().map((s) => ({ path: `${base}/${s.windowsPath.slice(3).replace(/\\/g, '/')}`, bytes: s.bytes })),
  ];
}

/** A BAM entry as Windows 10 writes it: value name = device path of the program, data = FILETIME + 16 zero bytes. */
export function bamEntry(h: HostBuilder, sid: string, path: string, at: Date): void {
  const data = new Uint8Array(24);
  data.set(filetimeBytes(at), 0);
  h.system.binary(`${CS}\\Services\\bam\\State\\UserSettings\\${sid}`, path, data);
}

/** A UserAssist entry (Windows 7+ 72-byte record): ROT13 value name, run count at 4, last run FILETIME at 60. */
export function userAssistEntry(user: HiveBuilder, path: string, runs: number, at: Date): void {
  const data = new Uint8Array(72);
  const dv = new DataView(data.buffer);
  dv.setUint32(4, runs, true);
  dv.setUint32(8, runs, true);
  data.set(filetimeBytes(at), 60);
  const guid = '{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}';
  user.dword(`Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist\\${guid}`, 'Version', 5);
  user.binary(`Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist\\${guid}\\Count`, rot13(path), data);
}
