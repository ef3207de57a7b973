/** @fileoverview A license-server list stored in a shape Windows does not document (audit A7, C2). */
import type { ServerList } from '../facts/types.js';
import { REF } from './references.js';
import type { Report, Rule } from './rule.js';

/** Shows an element with its blanks visible. */
const show = (s: string) => JSON.stringify(s);

export const rule: Rule = {
  meta: {
    id: 'license-server-list-malformed',
    title: 'License server list is malformed',
    severity: 'high',
    severityNote: 'high (medium for blanks around names and empty elements)',
    category: 'licensing',
    appliesTo: 'rdsh',
    reads: ['system:termservice', 'software:ts-policies'],
    description:
      'TermService\\Parameters\\LicenseServers SpecifiedLicenseServers is documented as REG_MULTI_SZ, one license server (FQDN or IP) per element (reg add /t REG_MULTI_SZ, WMI SetSpecifiedLicenseServerList takes a string array); commas are documented only for the Group Policy text LicenseServers. A REG_SZ there, an element holding "," or ";" or blanks, or empty elements may not be read as intended; in the policy text, ";" is no separator and blanks around names are suspect. How TermService parses such values is unverified (rds-licensing-audit.md D3), so the list is reported as stored, not repaired.',
    messages: {
      wrongType: 'SpecifiedLicenseServers is {{type}}, not REG_MULTI_SZ ({{value}}); whether TermService reads it is unverified.',
      joined: 'SpecifiedLicenseServers element {{element}} holds several names joined by "," or ";": one element is one server, and whether TermService splits it is unverified.',
      padded: '{{where}} element {{element}} has blanks around or inside the name; whether Windows trims them is unverified.',
      empty: '{{where}} has {{count}} empty element(s) ({{elements}}){{tail}}.',
      policySemicolon: 'Policy LicenseServers {{element}} uses ";" as a separator: Group Policy documents commas only, so this is read as one name (unverified).',
    },
    remediation: [
      'Write SpecifiedLicenseServers as REG_MULTI_SZ with one license server per line and no blanks, e.g. reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService\\Parameters\\LicenseServers" /v SpecifiedLicenseServers /t REG_MULTI_SZ /d ls01.contoso.local\\0ls02.contoso.local, or set it through the RD Connection Broker or WMI SetSpecifiedLicenseServerList.',
      'In the Group Policy "Use the specified Remote Desktop license servers", separate names with commas only.',
    ],
    references: [REF.setSpecifiedLicenseServerList, REF.licenseSessionHosts],
  },
  check(f, ctx) {
    const spec = f.licensing.localServers.find((l) => l.form === 'specified') ?? null;
    const pol = f.licensing.policyServers;
    if (!spec && !pol) return ctx.notApplicable('no SpecifiedLicenseServers and no policy LicenseServers');
    const out: Report[] = [];
    if (spec) {
      const ev = spec.evidence;
      if (spec.valueType !== 'REG_MULTI_SZ') out.push({ messageId: 'wrongType', data: { type: spec.valueType ?? 'unknown', value: spec.raw.length ? spec.raw.map(show).join(', ') : 'not a string' }, evidence: ev });
      for (const e of spec.raw) {
        if (/[,;]/.test(e)) out.push({ messageId: 'joined', data: { element: show(e) }, evidence: ev });
        else if (e.trim() !== '' && /\s/.test(e)) out.push({ messageId: 'padded', data: { where: 'SpecifiedLicenseServers', element: show(e) }, evidence: ev, severity: 'medium' });
      }
      empties(spec, 'SpecifiedLicenseServers', out);
    }
    if (pol) {
      const ev = pol.evidence;
      for (const e of pol.raw) {
        if (e.includes(';')) out.push({ messageId: 'policySemicolon', data: { element: show(e) }, evidence: ev });
        else if (e.trim() !== '' && /\s/.test(e)) out.push({ messageId: 'padded', data: { where: 'Policy LicenseServers', element: show(e) }, evidence: ev, severity: 'medium' });
      }
      empties(pol, 'Policy LicenseServers', out);
    }
    for (const r of out) ctx.report(r);
  },
};

function empties(list: ServerList, where: string, out: Report[]): void {
  const blank = list.raw.filter((e) => e.trim() === '');
  if (blank.length === 0) return;
  // A REG_MULTI_SZ ends at its first empty string: readers that walk it stop there.
  const cut = list.valueType === 'REG_MULTI_SZ' && list.raw.includes(''); // decodeMultiSz drops only the trailing ones
  const tail = cut ? ': a REG_MULTI_SZ ends at its first empty string, so the names after it may not be read' : '';
  out.push({ messageId: 'empty', data: { where, count: blank.length, elements: blank.map(show).join(', '), tail }, evidence: list.evidence, severity: cut ? 'high' : 'medium' });
}
