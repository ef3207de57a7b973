/** Binary SID (MS-DTYP 2.4.2): revision, sub-authority count, 48-bit big-endian authority, LE sub-authorities. */

const MAX_SUB_AUTHORITIES = 15;

/** Encodes `S-1-5-32-544` (authority decimal or `0x` hex); throws RangeError on a malformed string (caller bug). */
export function encodeSid(sid: string): Uint8Array {
  const parts = sid.split('-');
  if (parts.length < 3 || parts[0].toUpperCase() !== 'S') throw new RangeError(`not a SID string: ${sid}`);
  const revision = parseField(parts[1], 0xff, sid);
  const authority = parseAuthority(parts[2], sid);
  const subs = parts.slice(3).map((p) => parseField(p, 0xffff_ffff, sid));
  if (subs.length > MAX_SUB_AUTHORITIES) throw new RangeError(`SID has more than ${MAX_SUB_AUTHORITIES} sub-authorities: ${sid}`);
  const out = new Uint8Array(8 + 4 * subs.length);
  const dv = new DataView(out.buffer);
  out[0] = revision;
  out[1] = subs.length;
  // 48-bit authority, big-endian: high 16 bits then low 32 bits.
  dv.setUint16(2, Math.floor(authority / 2 ** 32), false);
  dv.setUint32(4, authority % 2 ** 32, false);
  subs.forEach((s, i) => dv.setUint32(8 + 4 * i, s, true));
  return out;
}

function parseField(text: string, max: number, sid: string): number {
  if (!/^\d+$/.test(text)) throw new RangeError(`bad SID field '${text}' in ${sid}`);
  const n = Number(text);
  if (n > max) throw new RangeError(`SID field ${text} exceeds ${max} in ${sid}`);
  return n;
}

function parseAuthority(text: string, sid: string): number {
  const n = /^0x[0-9a-f]{1,12}$/i.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n >= 2 ** 48) throw new RangeError(`bad SID authority '${text}' in ${sid}`);
  return n;
}
