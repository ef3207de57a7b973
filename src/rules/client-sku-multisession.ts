/** @fileoverview A client SKU made to accept concurrent Remote Desktop sessions (wrapper, patched service). */
import { REF } from './references.js';
import type { Provenance } from '../facts/types.js';
import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'client-sku-multisession',
    title: 'Client Windows configured for multiple Remote Desktop sessions',
    severity: 'high',
    severityNote: 'high (info for fSingleSessionPerUser = 0 alone)',
    category: 'service',
    appliesTo: 'any',
    reads: ['system:product-options', 'system:terminal-server', 'system:termservice', 'software:current-version'],
    description:
      'A client SKU (InstallationType Client; Enterprise multi-session excluded, which reports ProductType ServerNT) with RDP Wrapper, a non-standard TermService ServiceDll or EnableConcurrentSessions = 1: concurrent sessions on a client SKU are a licence violation and a common attacker access path. fSingleSessionPerUser = 0 or AllowMultipleTSSessions = 1 alone (often a domain-wide policy or an inert leftover) creates no concurrent session without a wrapper or patch: info.',
    messages: {
      multi: 'Client SKU ({{sku}}) with {{what}}.',
      inert: 'Client SKU ({{sku}}) with {{what}} but no wrapper, non-standard ServiceDll or EnableConcurrentSessions: by itself this allows no concurrent sessions.',
    },
    remediation: ['Remove the wrapper/patch and the enabling values; use an RD Session Host with CALs for multi-user access.'],
    references: [REF.cal],
  },
  check(f, ctx) {
    if (f.identity.sku !== 'client') return ctx.notApplicable('not a client SKU');
    if (/ServerRdsh|MultiSession/i.test(f.identity.editionId?.value ?? '')) return ctx.notApplicable('Enterprise multi-session edition');
    const c = f.connection;
    const strong: string[] = [];
    const weak: string[] = [];
    const ev: Provenance[] = [...(f.identity.productType?.evidence ?? f.identity.installationType?.evidence ?? [])];
    const t = f.termService;
    if (t.rdpWrapper) {
      strong.push('RDP Wrapper');
      ev.push(...t.serviceDll!.evidence);
    } else if (t.serviceDllStandard === false && t.serviceDll) {
      strong.push(`non-standard ServiceDll ${t.serviceDll.value}`);
      ev.push(...t.serviceDll.evidence);
    }
    if (c.enableConcurrentSessions?.value === 1) {
      strong.push('EnableConcurrentSessions = 1');
      ev.push(...c.enableConcurrentSessions.evidence);
    }
    const build = f.identity.currentBuild?.value ?? null;
    if (c.allowMultipleTSSessions?.value === 1 && (build === null || build >= 6000)) {
      weak.push('AllowMultipleTSSessions = 1');
      ev.push(...c.allowMultipleTSSessions.evidence);
    }
    if (c.singleSessionPerUser.value === 0) {
      weak.push('fSingleSessionPerUser = 0');
      ev.push(...(c.singleSessionPerUser.policy ?? c.singleSessionPerUser.local)!.evidence);
    }
    const sku = f.identity.productType?.value ?? f.identity.installationType?.value ?? 'client';
    if (strong.length) ctx.report({ messageId: 'multi', data: { sku, what: [...strong, ...weak].join(', ') }, evidence: ev });
    else if (weak.length) ctx.report({ messageId: 'inert', data: { sku, what: weak.join(', ') }, severity: 'info', evidence: ev });
  },
};
