/** @fileoverview RCM certificate values partly missing, empty, or not decodable as DER. */
import { REF } from './references.js';
import type { Rule } from './rule.js';

const X509_SET = ['X509 Certificate', 'X509 Certificate ID', 'X509 Certificate2'];

export const rule: Rule = {
  meta: {
    id: 'x509-certificate-suspect',
    title: 'RCM licensing certificate values look damaged',
    severity: 'high',
    severityNote: 'high (partly missing: low)',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:rcm'],
    description:
      'The RCM X.509 values (X509 Certificate, X509 Certificate2) are empty or do not decode: the symptoms are event 1004, "Because of a security error, the client could not connect" and the X.224 protocol error in RD Licensing Diagnoser. Only some of X509 Certificate, X509 Certificate ID and X509 Certificate2 present is a low note: that every licensed host holds all three is unverified. No X509 value at all is normal before a host first reaches a license server (license-never-obtained covers a host that should have).',
    messages: {
      partial: 'Only some X509 values exist under RCM (missing: {{missing}}); unverified: no source says every licensed host has all three.',
      empty: 'RCM value {{name}} is empty.',
      undecodable: 'RCM value {{name}} ({{size}} bytes) holds no decodable X.509 certificate ({{error}}).',
    },
    remediation: [
      'Export HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\RCM as a backup.',
      'Delete the values Certificate, X509 Certificate, X509 Certificate ID and X509 Certificate2, restart the host, and reactivate the license server; repeat on each session host.',
    ],
    references: [REF.noLicenseServer],
  },
  check(f, ctx) {
    const present = f.certificates.rcm;
    const x509Present = present.filter((v) => X509_SET.some((n) => n.toUpperCase() === v.name.toUpperCase()));
    const x509Missing = X509_SET.filter((n) => f.certificates.missing.includes(n));
    if (x509Present.length > 0 && x509Missing.length > 0) ctx.report({ messageId: 'partial', data: { missing: x509Missing.join(', ') }, severity: 'low', evidence: x509Present.flatMap((v) => v.evidence) });
    for (const v of present) {
      if (v.size === 0) ctx.report({ messageId: 'empty', data: { name: v.name }, evidence: v.evidence });
      else if (v.decodeError !== null) ctx.report({ messageId: 'undecodable', data: { name: v.name, size: v.size, error: v.decodeError }, evidence: v.evidence });
    }
  },
};
