/**
 * Known licensing tamper tools, as data: the file and script names they ship under, what each does, and where the
 * name comes from. Matched by file name only (a renamed binary is not recognised), against execution evidence,
 * task actions and followed scripts; the artifact parsers know nothing of this list.
 */

export type TamperToolKind = 'grace-reset' | 'rdp-wrapper' | 'termsrv-patch';

export interface TamperTool {
  /** Stable id, used in facts and findings. */
  readonly id: string;
  readonly name: string;
  readonly kind: TamperToolKind;
  /** What running it does to licensing. */
  readonly does: string;
  /**
   * File names it ships as, compared on the base name without extension, case and separators ignored
   * (`Reset-TSGracePeriod.ps1`, `reset_ts_grace_period.cmd` are one name); `*` ends a prefix.
   */
  readonly names: readonly string[];
  /** The extensions under which the name counts (a `Reset120.txt` is no tool). */
  readonly extensions: readonly string[];
  /** Where the name was seen: a public repository and the file, or "unverified" with why. */
  readonly reference: string;
  /** A reset script name alone is reason enough for high severity (grace-period-reset-task). */
  readonly resetScript?: boolean;
}

const EXE = ['exe'];
const SCRIPT = ['ps1', 'cmd', 'bat', 'vbs'];

export const TAMPER_TOOLS: readonly TamperTool[] = [
  {
    id: 'rdpwrap-installer',
    name: 'RDP Wrapper Library installer',
    kind: 'rdp-wrapper',
    does: 'installs rdpwrap.dll as TermService\'s ServiceDll, which patches termsrv.dll in memory to allow concurrent sessions without RDS CALs',
    names: ['RDPWInst'],
    extensions: EXE,
    reference: 'https://github.com/stascorp/rdpwrap (bin/RDPWInst.exe)',
  },
  {
    id: 'rdpwrap-config',
    name: 'RDP Wrapper configuration tool',
    kind: 'rdp-wrapper',
    does: 'configures and checks an installed RDP Wrapper',
    names: ['RDPConf'],
    extensions: EXE,
    reference: 'https://github.com/stascorp/rdpwrap (bin/RDPConf.exe)',
  },
  {
    id: 'rdpwrap-check',
    name: 'RDP Wrapper local RDP checker',
    kind: 'rdp-wrapper',
    does: 'opens a loopback RDP session to test an installed RDP Wrapper',
    names: ['RDPCheck'],
    extensions: EXE,
    reference: 'https://github.com/stascorp/rdpwrap (bin/RDPCheck.exe)',
  },
  {
    id: 'universal-termsrv-patch',
    name: 'Universal Termsrv Patch',
    kind: 'termsrv-patch',
    does: 'patches termsrv.dll on disk to lift the concurrent session limit',
    names: ['UniversalTermsrvPatch*'],
    extensions: EXE,
    reference: 'https://github.com/sbousseaden/EVTX-ATTACK-SAMPLES (README.md: "RDP Service settings\'s tampering - RDPWrap, UniversalTermsrvPatch"); the binary itself has no public repository (unverified source)',
  },
  {
    id: 'termsrv-patcher',
    name: 'TermsrvPatcher',
    kind: 'termsrv-patch',
    does: 'PowerShell script that patches termsrv.dll on disk for multiple concurrent RDP sessions',
    names: ['TermsrvPatcher'],
    extensions: ['ps1', 'exe'],
    reference: 'https://github.com/fabianosrc/TermsrvPatcher (README.md, TermsrvPatcher.ps1)',
  },
  {
    id: 'termsrv-rdp-patch',
    name: 'termsrv_rdp_patch.ps1',
    kind: 'termsrv-patch',
    does: 'PowerShell script that takes ownership of termsrv.dll and replaces its session-limit check',
    names: ['termsrv_rdp_patch', 'RDP_patch'],
    extensions: ['ps1'],
    reference: 'https://github.com/maxbakhub/winposh (termsrv_rdp_patch.ps1); https://github.com/blefmuren/posh_winadmin (Desktop/RDP_patch.ps1)',
  },
  {
    id: 'tstool',
    name: 'TSTool',
    kind: 'grace-reset',
    does: 'rewrites the timebomb to a far-future end (default +114515 days), then restores the GracePeriod key\'s ACL and restarts TermService',
    names: ['TSTool'],
    extensions: EXE,
    reference: 'https://github.com/Jamesits/TSTool (TSTool/Program.cs, TSTool/TerminalService.cs)',
    resetScript: true,
  },
  {
    id: 'reset-tsgraceperiod',
    name: 'Reset-TSGracePeriod',
    kind: 'grace-reset',
    does: 'PowerShell script that takes ownership of the GracePeriod key and deletes it (some variants then run tlsbln.exe or restart TermService)',
    names: ['Reset-TSGracePeriod', 'ResetTSGracePeriod'],
    extensions: SCRIPT,
    reference: 'https://github.com/kjentech/PowerShellSnippets (Reset-TSGracePeriod.ps1); https://github.com/izzthzwn/scripts (Reset-TSGracePeriod.ps1)',
    resetScript: true,
  },
  {
    id: 'reset-rdpgraceperiod',
    name: 'ResetRDPGracePeriod',
    kind: 'grace-reset',
    does: 'PowerShell script that deletes the GracePeriod key',
    names: ['ResetRDPGracePeriod', 'Reset-RDPGracePeriod'],
    extensions: SCRIPT,
    reference: 'https://github.com/optimus378/ResetRDPGracePeriod (ResetRDPGracePeriod.ps1)',
    resetScript: true,
  },
  {
    id: 'reset-remotedesktopgraceperiod',
    name: 'Reset-RemoteDesktopGracePeriod',
    kind: 'grace-reset',
    does: 'PowerShell script that deletes the GracePeriod key',
    names: ['Reset-RemoteDesktopGracePeriod'],
    extensions: SCRIPT,
    reference: 'https://github.com/nelons/psscripts (win/Reset-RemoteDesktopGracePeriod.ps1)',
    resetScript: true,
  },
  {
    id: 'reset-rdsgraceperiod',
    name: 'Reset-RdsGracePeriod / Reset-RDS-GracePeriod',
    kind: 'grace-reset',
    does: 'PowerShell script (with .cmd launchers) that deletes the GracePeriod key or its timebomb when fewer days are left than a threshold',
    names: ['Reset-RdsGracePeriod', 'Reset-RDS-GracePeriod', 'Reset-RDS-Grace-Period', 'RDS-Grace-Reset'],
    extensions: SCRIPT,
    reference:
      'named in public READMEs and scripts found by code search (Reset-RdsGracePeriod listed as https://github.com/dnemecek/Reset-RdsGracePeriod; a task Reset-RDS-GracePeriod installed by install-rds-grace-reset-task.ps1); those repositories are not in the index (unverified)',
    resetScript: true,
  },
  {
    id: 'reset120',
    name: 'Reset120',
    kind: 'grace-reset',
    does: 'a task Reset120 runs C:\\Windows\\Reset120.cmd, which imports C:\\Windows\\Reset120.reg with regedit /s to delete the timebomb',
    names: ['Reset120'],
    extensions: ['cmd', 'bat', 'reg'],
    reference: 'the recipe described in rdslic issue 16; its public source was not found by code search (unverified)',
    resetScript: true,
  },
];

/** `Reset-TSGracePeriod` → `resettsgraceperiod`: case, separators and spaces do not tell names apart. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9*]/g, '');
}

const FOLDED = TAMPER_TOOLS.map((t) => ({ tool: t, names: t.names.map(fold), extensions: new Set(t.extensions) }));

/** The file name of a Windows path or command (`"C:\x\RDPWInst.exe" -i` → `RDPWInst.exe`). */
export function baseNameOf(path: string): string {
  const p = path.trim().replace(/^"([^"]*)".*$/, '$1');
  return p.slice(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1);
}

/** The catalog entry whose name this file has, or null; `fileName` is a base name or a whole path. */
export function matchTamperTool(fileName: string): TamperTool | null {
  const base = baseNameOf(fileName);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = base.slice(dot + 1).toLowerCase();
  const stem = fold(base.slice(0, dot));
  if (stem === '') return null;
  for (const { tool, names, extensions } of FOLDED) {
    if (!extensions.has(ext)) continue;
    for (const n of names) if (n.endsWith('*') ? stem.startsWith(n.slice(0, -1)) : stem === n) return tool;
  }
  return null;
}

/** Every catalog tool named anywhere in a command line or script line (each token that looks like a file name). */
export function toolsNamedIn(text: string): { tool: TamperTool; name: string }[] {
  const out: { tool: TamperTool; name: string }[] = [];
  for (const m of text.matchAll(/[^\s"'<>|&;,()=]+\.[A-Za-z0-9]{2,4}\b/g)) {
    const tool = matchTamperTool(m[0]);
    if (tool && !out.some((o) => o.tool === tool)) out.push({ tool, name: baseNameOf(m[0]) });
  }
  return out;
}

/** The reset tool a bare name (a task's name, no extension) is named after: `Reset120`, `Reset-TSGracePeriod`. */
export function resetToolNamed(name: string): TamperTool | null {
  const stem = fold(name);
  if (stem === '') return null;
  for (const { tool, names } of FOLDED) {
    if (!tool.resetScript) continue;
    for (const n of names) if (n.endsWith('*') ? stem.startsWith(n.slice(0, -1)) : stem === n) return tool;
  }
  return null;
}
