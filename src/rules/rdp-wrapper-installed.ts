/** @fileoverview RDP Wrapper hooks TermService (ServiceDll = rdpwrap.dll). */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'rdp-wrapper-installed',
    title: 'RDP Wrapper is installed',
    severity: 'high',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:termservice'],
    description: 'TermService\\Parameters\\ServiceDll points at rdpwrap.dll: RDP Wrapper enables unlicensed concurrent sessions (a licence violation on client SKUs) and is also used for attacker persistence.',
    messages: { wrapper: 'TermService ServiceDll is {{dll}}.' },
    remediation: ['Uninstall RDP Wrapper (RDPWInst -u) and restore ServiceDll to %SystemRoot%\\System32\\termsrv.dll; triage the DLL and its rdpwrap.ini.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    const d = f.termService.serviceDll;
    if (f.termService.rdpWrapper && d) ctx.report({ messageId: 'wrapper', data: { dll: d.value }, evidence: d.evidence });
  },
};
