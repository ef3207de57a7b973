/** TermService: Start, ImagePath, ServiceDll; standard-ness and RDP Wrapper (rds-licensing.md §1.5). */
import { TERMSERVICE, TERMSERVICE_PARAMETERS } from './paths.js';
import type { HiveSource } from './source.js';
import type { TermServiceFacts } from './types.js';

/** `%SystemRoot%\System32\termsrv.dll` in any of its spellings (env var, drive path, case). */
export function isStandardServiceDll(path: string): boolean {
  const p = path.trim().replace(/^"|"$/g, '').replace(/\//g, '\\');
  return /^(%SystemRoot%|%windir%|[A-Z]:\\Windows)\\System32\\termsrv\.dll$/i.test(p);
}

export function isSvchostImage(path: string): boolean {
  const p = path.trim().replace(/^"/, '').replace(/\//g, '\\');
  return /^(%SystemRoot%|%windir%|[A-Z]:\\Windows)\\System32\\svchost\.exe"?(\s|$)/i.test(p);
}

export function gatherTermService(system: HiveSource | null, cs: string | null): TermServiceFacts {
  const key = system && cs ? system.key(`${cs}\\${TERMSERVICE}`) : null;
  if (!system || !cs || !key) {
    return { present: false, start: null, imagePath: null, serviceDll: null, imagePathSvchost: null, serviceDllStandard: null, rdpWrapper: false, evidence: system && cs ? [system.absentEvidence(`${cs}\\${TERMSERVICE}`)] : [] };
  }
  const imagePath = system.string(`${cs}\\${TERMSERVICE}`, 'ImagePath');
  const serviceDll = system.string(`${cs}\\${TERMSERVICE_PARAMETERS}`, 'ServiceDll');
  return {
    present: true,
    start: system.dword(`${cs}\\${TERMSERVICE}`, 'Start'),
    imagePath,
    serviceDll,
    imagePathSvchost: imagePath ? isSvchostImage(imagePath.value) : null,
    serviceDllStandard: serviceDll ? isStandardServiceDll(serviceDll.value) : null,
    rdpWrapper: serviceDll ? /(^|[\\/])rdpwrap\.dll$/i.test(serviceDll.value.trim().replace(/"$/, '')) : false,
    evidence: [system.keyEvidence(key)],
  };
}
