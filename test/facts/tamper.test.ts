/**
 * Tampering across the image (issue 16): the tool catalog, the script and .reg scanner, following auto-starts into
 * the machine's files, and discovery keeping an image's scripts and .reg files as files of that machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeHost } from '../../src/analysis/index.js';
import { buildTimeline } from '../../src/report/timeline.js';
import { followAutoStarts } from '../../src/facts/follow.js';
import { autoStart } from '../../src/facts/autostarts.js';
import { scanRegFile, scanScript } from '../../src/facts/script-scan.js';
import { matchTamperTool, TAMPER_TOOLS } from '../../src/facts/tamper-tools.js';
import { discoverHosts, loadHost } from '../../src/node/discovery/index.js';
import { fromPortablePlan, toPortablePlan } from '../../src/node/discovery/portable-plan.js';
import { makeZip, TempTree } from '../evidence/fixtures.js';
import { factsWithFiles, machineFiles } from '../rules/cases/tamper.js';
import { runRules } from '../../src/rules/engine.js';
import { rules } from '../../src/rules/index.js';
import { bamEntry, RESET120_REG, reset120Image, reset120Scripts, utf16Bom } from '../scenarios/tamper.js';
import { server } from '../scenarios/host.js';
import { HiveBuilder } from '../scenarios/builder.js';
import { writeHive } from '../../src/regf-writer/index.js';
import { hostScenario } from '../helpers/rule-tester.js';
import { scenarioEvidence } from '../helpers/scenario-evidence.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
let tree: TempTree | null = null;
const fresh = () => (tree = new TempTree());
afterEach(() => {
  tree?.remove();
  tree = null;
});

describe('tamper-tool catalog', () => {
  it('matches the shipped names and their variants by file name, case and separators ignored', () => {
    expect(matchTamperTool('C:\\Users\\bob\\Downloads\\RDPWrap-v1.6.2\\RDPWInst.exe')?.id).toBe('rdpwrap-installer');
    expect(matchTamperTool('rdpconf.EXE')?.id).toBe('rdpwrap-config');
    expect(matchTamperTool('RDPCheck.exe')?.id).toBe('rdpwrap-check');
    expect(matchTamperTool('UniversalTermsrvPatch-x64.exe')?.id).toBe('universal-termsrv-patch');
    expect(matchTamperTool('UniversalTermsrvPatch-x86.exe')?.id).toBe('universal-termsrv-patch');
    expect(matchTamperTool('TermsrvPatcher.ps1')?.id).toBe('termsrv-patcher');
    expect(matchTamperTool('\\\\srv\\tools\\TSTool.exe')?.id).toBe('tstool');
    expect(matchTamperTool('Reset-TSGracePeriod.ps1')?.id).toBe('reset-tsgraceperiod');
    expect(matchTamperTool('reset_ts_grace_period.cmd')?.id).toBe('reset-tsgraceperiod');
    expect(matchTamperTool('Reset-RDS-GracePeriod.ps1')?.id).toBe('reset-rdsgraceperiod');
    expect(matchTamperTool('reset-rds-grace-period.ps1')?.id).toBe('reset-rdsgraceperiod');
    expect(matchTamperTool('Reset-RdsGracePeriod.cmd')?.id).toBe('reset-rdsgraceperiod');
    expect(matchTamperTool('C:\\Windows\\Reset120.cmd')?.id).toBe('reset120');
    expect(matchTamperTool('Reset120.reg')?.id).toBe('reset120');
  });
  it('does not recognise a renamed binary, another extension or a look-alike name', () => {
    expect(matchTamperTool('C:\\Temp\\setup.exe')).toBeNull();
    expect(matchTamperTool('Reset120.txt')).toBeNull();
    expect(matchTamperTool('TSTool.dll')).toBeNull();
    expect(matchTamperTool('RDPWInstaller.exe')).toBeNull();
    expect(matchTamperTool('mstsc.exe')).toBeNull();
    expect(matchTamperTool('termsrv.dll')).toBeNull();
  });
  it('every entry says what it does and where its name comes from', () => {
    for (const t of TAMPER_TOOLS) {
      expect(t.does.length).toBeGreaterThan(20);
      expect(t.reference).toMatch(/https:\/\/github\.com\/|unverified/);
      expect(t.names.length).toBeGreaterThan(0);
    }
  });
});

describe('scanScript', () => {
  const actions = (text: string, lang: Parameters<typeof scanScript>[1]) => scanScript(text, lang).lines.map((l) => `${l.line}:${l.action}`);
  it('finds deletes of the key and the timebomb, clock moves, tlsbln and .reg imports', () => {
    expect(actions('reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod" /f', 'cmd')).toEqual(['1:delete-grace-key']);
    expect(actions('reg.exe delete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod" /v L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588 /f', 'cmd')).toEqual(['1:delete-timebomb']);
    expect(actions("Remove-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod' -Recurse", 'powershell')).toEqual(['1:delete-grace-key']);
    expect(actions('Set-Date -Date (Get-Date).AddDays(3650)\r\n& tlsbln.exe\r\nSet-Date -Adjust -3650.00:00:00', 'powershell')).toEqual(['1:clock-move', '2:tlsbln', '3:clock-move']);
    expect(actions('date 01-01-2035', 'cmd')).toEqual(['1:clock-move']);
    expect(actions('w32tm /stripchart /computer:localhost /offset:+3650', 'cmd')).toEqual(['1:clock-move']);
    expect(actions('Set WshShell = CreateObject("WScript.Shell")\nWshShell.RegDelete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod\\"', 'vbscript')).toEqual(['2:delete-grace-key']);
    expect(actions('regedit /s "C:\\Windows\\Reset120.reg"', 'cmd')).toEqual(['1:reg-import']);
  });
  it('a read-only monitoring script only reads; date /t and w32tm /resync move nothing', () => {
    expect(actions('$d = (gwmi -namespace root\\cimv2\\terminalservices Win32_TerminalServiceSetting).GetGracePeriodDays()', 'powershell')).toEqual(['1:reads-grace']);
    expect(actions('reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod"', 'cmd')).toEqual(['1:reads-grace']);
    expect(actions('date /t\r\nw32tm /resync', 'cmd')).toEqual([]);
  });
  it('commented-out lines and PowerShell block comments do not count', () => {
    expect(actions('rem reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod" /f\r\n:: tlsbln', 'cmd')).toEqual([]);
    expect(actions("<#\r\nRemove-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM\\GracePeriod'\r\n#>\r\n# tlsbln.exe", 'powershell')).toEqual([]);
  });
  it('lists the scripts and .reg files a script names', () => {
    const r = scanScript('call "C:\\Program Files\\x\\step 2.cmd"\r\npowershell -File .\\b.ps1\r\nregedit /s C:\\Windows\\Reset120.reg', 'cmd');
    expect(r.references.map((x) => x.target)).toEqual(['C:\\Program Files\\x\\step 2.cmd', '.\\b.ps1', 'C:\\Windows\\Reset120.reg']);
  });
});

describe('scanRegFile', () => {
  it('reads deletions of the timebomb and the key with the project\'s .reg reader (UTF-16LE, REGEDIT4)', () => {
    expect(scanRegFile(utf16Bom(RESET120_REG), 'Reset120.reg').lines.map((l) => `${l.line}:${l.action}`)).toEqual(['4:delete-timebomb']);
    const key = 'REGEDIT4\r\n\r\n[-HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\RCM\\GracePeriod]\r\n';
    expect(scanRegFile(ascii(key), 'k.reg').lines.map((l) => l.action)).toEqual(['delete-grace-key']);
  });
  it('a .reg file that only sets other values is harmless; a text file is refused, not scanned', () => {
    const other = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso]\r\n"x"=dword:00000001\r\n';
    expect(scanRegFile(ascii(other), 'o.reg').lines).toEqual([]);
    expect(scanRegFile(ascii('hello'), 'n.reg').refused).not.toBeNull();
  });
});

describe('followAutoStarts', () => {
  const start = (cmd: string) => autoStart('task:\\T', 'task', '\\T', cmd, '', [{ input: 'SOFTWARE', keyPath: 'SOFTWARE\\x', data: null, lastWrite: null }]);
  it('follows %SystemRoot% and relative names, stops at cycles, and lists what the image lacks', () => {
    const files = machineFiles([
      { windowsPath: 'C:\\Windows\\a.cmd', bytes: ascii('call b.cmd\r\ncall \\\\srv\\share\\x.cmd\r\ncall missing.cmd') },
      { windowsPath: 'C:\\Windows\\b.cmd', bytes: ascii('call a.cmd\r\ntlsbln.exe') },
    ]);
    const r = followAutoStarts([start('%SystemRoot%\\a.cmd')], files);
    expect(r.scripts.map((s) => [s.windowsPath, s.chain.join(' > '), s.lines.map((l) => l.action).join()])).toEqual([
      ['C:\\Windows\\a.cmd', 'task \\T > C:\\Windows\\a.cmd', ''],
      ['C:\\Windows\\b.cmd', 'task \\T > C:\\Windows\\a.cmd line 1 > C:\\Windows\\b.cmd', 'tlsbln'],
    ]);
    expect(r.unresolved).toEqual([
      { from: 'task:\\T', target: '\\\\srv\\share\\x.cmd', reason: 'network path: not in the image' },
      { from: 'task:\\T', target: 'missing.cmd', reason: 'not in the image' },
    ]);
  });
  it('reads at most maxBytes of a file and says so; nothing is followed without an image', () => {
    const big = new Uint8Array(2 * 1024 * 1024).fill(0x20);
    const r = followAutoStarts([start('C:\\x\\big.ps1')], machineFiles([{ windowsPath: 'C:\\x\\big.ps1', bytes: big }]));
    expect(r.scripts[0].truncated).toBe(true);
    expect(r.scripts[0].problem).toMatch(/only the first 1048576 bytes/);
    expect(followAutoStarts([start('C:\\x\\big.ps1')], undefined)).toEqual({ scripts: [], unresolved: [] });
  });
  it('goes no deeper than four files from the auto-start', () => {
    const chain = [1, 2, 3, 4, 5, 6].map((i) => ({ windowsPath: `C:\\s\\${i}.cmd`, bytes: ascii(`call ${i + 1}.cmd`) }));
    const r = followAutoStarts([start('C:\\s\\1.cmd')], machineFiles(chain));
    expect(r.scripts.map((s) => s.windowsPath)).toEqual(['C:\\s\\1.cmd', 'C:\\s\\2.cmd', 'C:\\s\\3.cmd', 'C:\\s\\4.cmd']);
  });
});

describe('discovery and analysis of an image tree with Reset120', () => {
  const check = async (root: string) => {
    const d = await discoverHosts([root]);
    expect(d.hosts.map((h) => h.label)).toEqual(['rdsh-reset120-image']);
    const plan = d.hosts[0];
    expect(plan.hives.map((h) => h.format)).toEqual(['regf', 'regf']);
    expect(plan.files?.map((f) => f.windowsPath)).toEqual(['C:\\Scripts\\Check-Grace.ps1', 'C:\\Windows\\Reset120.cmd', 'C:\\Windows\\Reset120.reg']);
    expect(d.ignored.filter((i) => /Reset120|Check-Grace/.test(i.path))).toEqual([]);
    const ev = await loadHost(fromPortablePlan(structuredClone(toPortablePlan(plan))));
    expect(ev.inputs.map((i) => i.format)).toEqual(['regf', 'regf']);
    const report = analyzeHost(ev);
    const byRule = (id: string) => report.findings.filter((f) => f.ruleId === id);
    expect(byRule('grace-reset-script').map((f) => f.message)).toEqual([expect.stringContaining('C:\\Windows\\Reset120.reg line 4 deletes the timebomb value')]);
    expect(byRule('grace-reset-script')[0].message).toContain('task \\Reset120 → C:\\Windows\\Reset120.cmd line 3 → C:\\Windows\\Reset120.reg');
    expect(byRule('grace-period-reset-task').map((f) => [f.severity, f.messageId])).toEqual([['high', 'task']]);
    // The timeline puts the task's last run beside the grace start it caused.
    const tl = buildTimeline(report)!;
    const at = (label: string) => tl.points.find((p) => p.label === label)?.time;
    expect(at('Task \\Reset120 last run')).toBe('2025-05-29T12:00:00.000Z');
    expect(at('Task \\Reset120 registered')).toBe('2024-06-01T12:00:00.000Z');
    expect(at('Grace start')).toBe('2025-05-29T12:00:00.000Z');
    expect(tl.points.filter((p) => p.kind === 'tamper').map((p) => p.label)).toEqual(['Task \\Reset120 registered', 'Task \\Reset120 last run']);
  };
  it('a KAPE tree (C/ above Windows): one host, the scripts and the .reg file are its files, and the recipe fires', async () => {
    const t = fresh();
    for (const f of reset120Image()) t.write(f.path, f.bytes);
    await check(t.path('rdsh-reset120-image'));
  });
  it('the same image in a zip with Velociraptor\'s uploads/auto/C%3A layout', async () => {
    const t = fresh();
    const zip: Record<string, Uint8Array> = {};
    for (const f of reset120Image('x')) zip[f.path.replace(/^x\/C\//, 'uploads/auto/C%3A/')] = f.bytes;
    t.write('rdsh-reset120-image.zip', makeZip(zip));
    await check(t.path('rdsh-reset120-image.zip'));
  });
  it('a .reg file outside any image root is still an export of its own', async () => {
    const t = fresh();
    t.write('exports/Reset120.reg', utf16Bom(RESET120_REG));
    const d = await discoverHosts([t.path('exports')]);
    expect(d.hosts.map((h) => h.hives.map((x) => x.format))).toEqual([['reg']]);
  });
});

describe('tool executions on the report timeline', () => {
  it('a BAM run of TSTool is drawn beside the grace start, with its artifact, time basis and user', () => {
    const h = server('rdsh-tstool').grace(2).rcmCertificates();
    bamEntry(h, 'S-1-5-21-1-2-3-500', '\\Device\\HarddiskVolume2\\Tools\\TSTool.exe', new Date('2025-05-30T11:59:00Z'));
    const report = analyzeHost(scenarioEvidence(hostScenario(h)));
    expect(report.findings.filter((f) => f.ruleId === 'tamper-tool-executed').map((f) => f.message)).toEqual([
      expect.stringMatching(/^BAM records TSTool \(\\Device\\HarddiskVolume2\\Tools\\TSTool\.exe\), last execution 2025-05-30T11:59:00\.000Z, user S-1-5-21-1-2-3-500: rewrites the timebomb/),
    ]);
    const p = buildTimeline(report)!.points.find((x) => x.kind === 'tamper')!;
    expect([p.label, p.time, p.basis]).toEqual(['TSTool.exe (BAM)', '2025-05-30T11:59:00.000Z', 'BAM: last execution, user S-1-5-21-1-2-3-500']);
  });
});

describe('Amcache.hve of an image', () => {
  it('Windows/AppCompat/Programs/Amcache.hve joins the machine and its InventoryApplicationFile entries are matched', async () => {
    const t = fresh();
    for (const f of reset120Image('img')) t.write(f.path, f.bytes);
    const am = new HiveBuilder('Amcache', new Date('2025-05-20T08:00:00Z'));
    const entry = 'Root\\InventoryApplicationFile\\rdpwinst.exe|5c2b0f1e3a4d6e7f';
    am.sz(entry, 'LowerCaseLongPath', 'c:\\users\\bob\\downloads\\rdpwrap-v1.6.2\\rdpwinst.exe');
    am.sz(entry, 'FileId', '0000' + 'ab'.repeat(20));
    am.sz('Root\\InventoryApplicationFile\\notepad.exe|0000000000000001', 'LowerCaseLongPath', 'c:\\windows\\system32\\notepad.exe');
    t.write('img/C/Windows/AppCompat/Programs/Amcache.hve', writeHive(am.root, { hiveName: '\\??\\C:\\Windows\\AppCompat\\Programs\\Amcache.hve' }));
    const d = await discoverHosts([t.path('img')]);
    expect(d.hosts).toHaveLength(1);
    expect(d.hosts[0].hives.map((h) => `${h.slot}:${h.kinds.join()}`).sort()).toEqual(['amcache:AMCACHE', 'software:SOFTWARE', 'system:SYSTEM']);
    const report = analyzeHost(await loadHost(d.hosts[0]));
    expect(report.facts.tamper.executionSources).toContain('Amcache');
    expect(report.findings.filter((f) => f.ruleId === 'tamper-tool-executed').map((f) => f.message)).toEqual([
      expect.stringMatching(/^Amcache InventoryApplicationFile records RDP Wrapper Library installer \(c:\\users\\bob\\downloads\\rdpwrap-v1\.6\.2\\rdpwinst\.exe\), Amcache key LastWrite \(first seen\) 2025-05-20T08:00:00\.000Z: installs rdpwrap\.dll/),
    ]);
  });
});

describe('task XML files of the image', () => {
  it('a task known only from Windows\\System32\\Tasks (not in the TaskCache) is followed like a cached one', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-16"?>',
      '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
      '  <RegistrationInfo><Date>2024-06-01T12:00:00</Date><Author>RDSH\\admin</Author><URI>\\Reset120</URI></RegistrationInfo>',
      '  <Actions Context="Author"><Exec><Command>%SystemRoot%\\Reset120.cmd</Command></Exec></Actions>',
      '</Task>',
    ].join('\r\n');
    const facts = factsWithFiles(server('rdsh-xml').grace(3), [...reset120Scripts(), { windowsPath: 'C:\\Windows\\System32\\Tasks\\Reset120', bytes: utf16Bom(xml) }]);
    expect(facts.tamper.autoStarts.map((a) => [a.id, a.commandLine, a.registered])).toEqual([['task-xml:\\Reset120', '%SystemRoot%\\Reset120.cmd', '2024-06-01T12:00:00']]);
    const r = runRules(rules, facts);
    expect(r.findings.filter((f) => f.ruleId === 'grace-reset-script').map((f) => f.message)).toEqual([expect.stringContaining('Reached by task \\Reset120 → C:\\Windows\\Reset120.cmd line 3 → C:\\Windows\\Reset120.reg')]);
    const task = r.findings.filter((f) => f.ruleId === 'grace-period-reset-task');
    expect(task.map((f) => [f.severity, f.messageId])).toEqual([['high', 'task']]);
    expect(task[0].evidence.map((e) => e.keyPath)).toContain('C:\\Windows\\System32\\Tasks\\Reset120');
  });
});
