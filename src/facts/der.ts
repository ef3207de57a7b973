/**
 * A small bounded DER reader for the few X.509 fields the report shows (subject, issuer, serial, validity).
 * Written here because node:crypto's X509Certificate is not available in the platform-neutral core.
 * Every length is checked against its enclosing element; nothing throws out of `decodeCertificate`.
 */
import { decodeUtf16, toHex } from '../view/value-types.js';
import type { X509Summary } from './types.js';

interface Tlv {
  readonly tag: number;
  /** Offset of the contents and their end (exclusive), in the buffer. */
  readonly start: number;
  readonly end: number;
}

class DerError extends Error {}

/** Reads one TLV at `off`, not past `limit`. Only definite lengths (DER); at most 4 length bytes. */
function readTlv(b: Uint8Array, off: number, limit: number): Tlv {
  if (off + 2 > limit) throw new DerError(`truncated header at ${off}`);
  const tag = b[off];
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at ${off}`);
  let len = b[off + 1];
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError(`unsupported length form at ${off}`);
    if (p + n > limit) throw new DerError(`truncated length at ${off}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i];
    p += n;
  }
  if (p + len > limit) throw new DerError(`element at ${off} runs past its container`);
  return { tag, start: p, end: p + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = t.start;
  while (p < t.end) {
    if (out.length > 4096) throw new DerError('too many elements');
    const c = readTlv(b, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`);
  return t;
}

const ATTR_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function oid(b: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

function directoryString(b: Uint8Array, t: Tlv): string {
  const c = b.subarray(t.start, t.end);
  switch (t.tag) {
    case 0x0c: // UTF8String
      return utf8.decode(c);
    case 0x1e: {
      // BMPString: UTF-16BE
      const sw = new Uint8Array(c.length & ~1);
      for (let i = 0; i + 1 < c.length; i += 2) {
        sw[i] = c[i + 1];
        sw[i + 1] = c[i];
      }
      return decodeUtf16(sw);
    }
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // T61String
    case 0x1a: // VisibleString
      return latin1.decode(c);
    default:
      return `#${toHex(c)}`;
  }
}

/** Name → `CN=x, O=y` in certificate order. */
function name(b: Uint8Array, t: Tlv): string {
  const rdns: string[] = [];
  for (const set of children(b, expect(t, 0x30, 'Name'))) {
    for (const atv of children(b, expect(set, 0x31, 'RDN'))) {
      const [type, value] = children(b, expect(atv, 0x30, 'AttributeTypeAndValue'));
      const o = oid(b, expect(type, 0x06, 'attribute OID'));
      if (!value) throw new DerError('attribute without value');
      rdns.push(`${ATTR_NAMES[o] ?? o}=${directoryString(b, value)}`);
    }
  }
  return rdns.join(', ');
}

/** UTCTime (YYMMDDHHMMSSZ, 50-year pivot per RFC 5280) or GeneralizedTime → ISO; null when malformed. */
function time(b: Uint8Array, t: Tlv): string | null {
  const s = latin1.decode(b.subarray(t.start, t.end));
  let m: RegExpMatchArray | null;
  let year: number;
  if (t.tag === 0x17 && (m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (t.tag === 0x18 && (m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/))) {
    year = Number(m[1]);
  } else return null;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

/** Decodes the Certificate at `off`; returns the summary and the byte length consumed, or an error message. */
export function decodeCertificate(b: Uint8Array, off = 0): { cert: X509Summary; length: number } | { error: string } {
  try {
    const certTlv = expect(readTlv(b, off, b.length), 0x30, 'Certificate SEQUENCE');
    const [tbs] = children(b, certTlv);
    const f = children(b, expect(tbs, 0x30, 'TBSCertificate'));
    let i = 0;
    if (f[i]?.tag === 0xa0) i++; // [0] version
    const serial = expect(f[i++], 0x02, 'serialNumber');
    expect(f[i++], 0x30, 'signature AlgorithmIdentifier');
    const issuer = name(b, f[i++]);
    const validity = children(b, expect(f[i++], 0x30, 'Validity'));
    const subject = name(b, f[i++]);
    if (validity.length !== 2) throw new DerError('Validity needs two times');
    return {
      cert: {
        subject,
        issuer,
        serialNumber: toHex(b.subarray(serial.start, serial.end)),
        notBefore: time(b, validity[0]),
        notAfter: time(b, validity[1]),
      },
      length: certTlv.end - off,
    };
  } catch (e) {
    if (e instanceof DerError) return { error: e.message };
    return { error: `undecodable: ${String(e)}` };
  }
}

/** Most certificates scanned for in one blob (a hostile blob full of `30 82` must not cost much). */
const MAX_CANDIDATES = 64;
const MAX_CERTS = 16;

/**
 * Finds DER certificates anywhere in a blob: the blob itself, a chain wrapper (MS-RDPBCGR's dwVersion /
 * NumCertBlobs / cbCert), or a licence blob with a header. Scans for `30 82` SEQUENCE starts, bounded.
 */
export function findCertificates(b: Uint8Array): { certs: X509Summary[]; error: string | null } {
  const certs: X509Summary[] = [];
  let firstError: string | null = null;
  let candidates = 0;
  for (let p = 0; p + 4 <= b.length && candidates < MAX_CANDIDATES && certs.length < MAX_CERTS; p++) {
    if (b[p] !== 0x30 || (b[p + 1] !== 0x82 && b[p + 1] !== 0x81)) continue;
    candidates++;
    const r = decodeCertificate(b, p);
    if ('cert' in r) {
      certs.push(r.cert);
      p += r.length - 1;
    } else firstError ??= `at offset ${p}: ${r.error}`;
  }
  return { certs, error: certs.length > 0 ? null : (firstError ?? 'no DER SEQUENCE found') };
}
