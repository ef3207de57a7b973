/** @fileoverview A client SKU configured for concurrent Remote Desktop sessions. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'client-sku-multisession',
    title: 'Client Windows configured for multiple Remote Desktop sessions',
    severity: 'high',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:product-options', 'system:terminal-server', 'system:termservice', 'software:current-version'],
    description: 'A client SKU (ProductType WinNT, not Enterprise multi-session) with RDP Wrapper, multi-session enablers or fSingleSessionPerUser = 0: a licence violation and a common attacker access path.',
    messages: { multi: 'Client SKU ({{sku}}) with {{what}}.' },
    remediation: ['Remove the wrapper/patch and the enabling values; use an RD Session Host with CALs for multi-user access.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    if (f.identity.sku !== 'client') return ctx.notApplicable('not a client SKU');
    if (/ServerRdsh|MultiSession/i.test(f.identity.editionId?.value ?? '')) return ctx.notApplicable('Enterprise multi-session edition');
    const c = f.connection;
    const what: string[] = [];
    const ev = [...(f.identity.productType?.evidence ?? [])];
    if (f.termService.rdpWrapper) {
      what.push('RDP Wrapper');
      ev.push(...f.termService.serviceDll!.evidence);
    }
    if (c.enableConcurrentSessions?.value === 1) {
      what.push('EnableConcurrentSessions = 1');
      ev.push(...c.enableConcurrentSessions.evidence);
    }
    if (c.allowMultipleTSSessions?.value === 1) {
      what.push('AllowMultipleTSSessions = 1');
      ev.push(...c.allowMultipleTSSessions.evidence);
    }
    if (c.singleSessionPerUser.value === 0) {
      what.push('fSingleSessionPerUser = 0');
      ev.push(...(c.singleSessionPerUser.policy ?? c.singleSessionPerUser.local)!.evidence);
    }
    if (what.length) ctx.report({ messageId: 'multi', data: { sku: f.identity.productType?.value ?? f.identity.installationType?.value ?? 'client', what: what.join(', ') }, evidence: ev });
  },
};
