import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCertificate, findCertificates } from '../../src/facts/der.js';
import * as certs from '../scenarios/certs.js';
import { certChain } from '../scenarios/host.js';

/** node:crypto (OpenSSL) as the oracle: its subject lines are "CN=x\nO=y", validity strings are Date-parsable. */
function oracle(der: Uint8Array) {
  const x = new X509Certificate(der);
  return { subject: x.subject.split('\n').join(', '), issuer: x.issuer.split('\n').join(', '), serialNumber: x.serialNumber.toLowerCase(), notBefore: new Date(x.validFrom).toISOString(), notAfter: new Date(x.validTo).toISOString() };
}

describe('DER X.509 reader against node:crypto', () => {
  for (const [name, der] of Object.entries(certs)) {
    it(`${name}: subject, issuer, serial and validity match OpenSSL`, () => {
      const r = decodeCertificate(der);
      expect('cert' in r).toBe(true);
      if (!('cert' in r)) return;
      const o = oracle(der);
      expect(r.cert.subject).toBe(o.subject);
      expect(r.cert.issuer).toBe(o.issuer);
      expect(r.cert.serialNumber.replace(/^00/, '')).toBe(o.serialNumber.replace(/^00/, ''));
      expect(r.cert.notBefore).toBe(o.notBefore);
      expect(r.cert.notAfter).toBe(o.notAfter);
      expect(r.length).toBe(der.length);
    });
  }
  it('reads UTF8String, BMPString and GeneralizedTime (2050+)', () => {
    const r = decodeCertificate(certs.unicode);
    expect(r).toMatchObject({ cert: { subject: 'CN=Zürich ü, OU=Büro, C=CH', notAfter: '2051-01-01T00:00:00.000Z' } });
  });
  it('finds every certificate of an MS-RDPBCGR chain and behind a header', () => {
    expect(findCertificates(certChain([certs.lsRoot, certs.rdshServer])).certs.map((c) => c.subject)).toEqual(['CN=LS01, O=Contoso', 'CN=RDSH01']);
    const padded = new Uint8Array(37 + certs.tempClient.length);
    padded.set(certs.tempClient, 37);
    expect(findCertificates(padded).certs).toHaveLength(1);
  });
});

describe('DER reader on hostile bytes', () => {
  it('every truncation of a certificate is an error result, never a throw', () => {
    for (let n = 0; n < certs.rdshServer.length; n++) {
      const r = decodeCertificate(certs.rdshServer.subarray(0, n));
      expect('error' in r).toBe(true);
    }
  });
  it('every single-byte corruption returns a result without throwing', () => {
    const der = certs.lsRoot;
    for (let i = 0; i < der.length; i++) {
      for (const v of [0x00, 0x7f, 0x80, 0x84, 0xff]) {
        const b = der.slice();
        b[i] = v;
        expect(() => decodeCertificate(b)).not.toThrow();
        expect(() => findCertificates(b)).not.toThrow();
      }
    }
  });
  it('a blob made of SEQUENCE headers is scanned with a bounded budget', () => {
    const b = new Uint8Array(1 << 20);
    for (let i = 0; i < b.length; i += 4) b.set([0x30, 0x82, 0xff, 0xf0], i);
    const t = performance.now();
    const r = findCertificates(b);
    expect(r.certs).toEqual([]);
    expect(r.error).toMatch(/runs past|truncated|expected/);
    expect(performance.now() - t).toBeLessThan(2000);
  });
  it('rejects indefinite and over-long lengths', () => {
    expect(decodeCertificate(Uint8Array.from([0x30, 0x80, 0, 0]))).toMatchObject({ error: expect.stringMatching(/length form/) });
    expect(decodeCertificate(Uint8Array.from([0x30, 0x85, 1, 1, 1, 1, 1]))).toMatchObject({ error: expect.stringMatching(/length form/) });
  });
});
