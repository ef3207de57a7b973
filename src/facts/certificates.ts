/** RCM certificate values: presence, sizes, and the X.509 ones decoded (subject, issuer, validity) by der.ts. */
import type { RegKey, RegValue } from '../view/registry-view.js';
import { findCertificates } from './der.js';
import { RCM, RCM_CERT_VALUES, TERMSERVICE_PARAMETERS } from './paths.js';
import type { HiveSource } from './source.js';
import type { CertificateFacts, CertificateValue } from './types.js';

/** Values that hold X.509 DER (the proprietary `Certificate` and the `ID` do not). */
const X509_VALUES = new Set(['X509 CERTIFICATE', 'X509 CERTIFICATE2']);

function describe(system: HiveSource, key: RegKey, v: RegValue): CertificateValue {
  const x509 = X509_VALUES.has(v.name.toUpperCase());
  const found = x509 && v.data.length > 0 ? findCertificates(v.data) : null;
  return {
    name: v.name,
    size: v.data.length,
    certificates: found ? found.certs : [],
    decodeError: x509 ? (v.data.length === 0 ? 'empty' : found!.error) : null,
    evidence: [system.valueEvidence(key, v)],
  };
}

export function gatherCertificates(system: HiveSource | null, cs: string | null): CertificateFacts {
  if (!system || !cs) return { rcm: [], missing: [...RCM_CERT_VALUES], legacy: null };
  const rcm = system.key(`${cs}\\${RCM}`);
  const present: CertificateValue[] = [];
  const missing: string[] = [];
  for (const name of RCM_CERT_VALUES) {
    const v = rcm?.value(name);
    if (rcm && v) present.push(describe(system, rcm, v));
    else missing.push(name);
  }
  const params = system.key(`${cs}\\${TERMSERVICE_PARAMETERS}`);
  const lv = params?.value('Certificate');
  return { rcm: present, missing, legacy: params && lv ? describe(system, params, lv) : null };
}
