/** @fileoverview TermService does not load termsrv.dll through svchost. */
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'termservice-dll-nonstandard',
    title: 'TermService ServiceDll or ImagePath is not the Windows default',
    severity: 'high',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:termservice'],
    description: 'ServiceDll should be %SystemRoot%\\System32\\termsrv.dll and ImagePath svchost.exe; anything else is a wrapper, a hijack or malware.',
    messages: {
      dll: 'TermService ServiceDll is {{value}}, not %SystemRoot%\\System32\\termsrv.dll.',
      image: 'TermService ImagePath is {{value}}, not svchost.exe.',
    },
    remediation: ['Restore the defaults (ServiceDll %SystemRoot%\\System32\\termsrv.dll, ImagePath %SystemRoot%\\System32\\svchost.exe -k NetworkService) and triage the file that was configured.'],
    references: [],
  },
  check(f, ctx) {
    const t = f.termService;
    if (t.serviceDllStandard === false && t.serviceDll) ctx.report({ messageId: 'dll', data: { value: t.serviceDll.value }, evidence: t.serviceDll.evidence });
    if (t.imagePathSvchost === false && t.imagePath) ctx.report({ messageId: 'image', data: { value: t.imagePath.value }, evidence: t.imagePath.evidence });
  },
};
