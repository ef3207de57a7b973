/** Self-relative SECURITY_DESCRIPTOR decoding (MS-DTYP 2.4.6), sized from the structures, not from offset order. */
import type { Ace, Acl, SecurityDescriptor } from '../view/security-descriptor.js';

const SE_DACL_PRESENT = 0x0004;
const SE_SACL_PRESENT = 0x0010;
const MAX_SUB_AUTHORITIES = 15;

const ACE_TYPE_NAMES: Record<number, string> = {
  0: 'ACCESS_ALLOWED',
  1: 'ACCESS_DENIED',
  2: 'SYSTEM_AUDIT',
  3: 'SYSTEM_ALARM',
  5: 'ACCESS_ALLOWED_OBJECT',
  6: 'ACCESS_DENIED_OBJECT',
  7: 'SYSTEM_AUDIT_OBJECT',
  8: 'SYSTEM_ALARM_OBJECT',
  9: 'ACCESS_ALLOWED_CALLBACK',
  10: 'ACCESS_DENIED_CALLBACK',
  17: 'SYSTEM_MANDATORY_LABEL',
};

/** `S-1-<authority>-<sub>…` from a SID at `off`, or null when it does not fit in `end`. */
export function decodeSid(b: Uint8Array, off: number, end: number): string | null {
  if (off < 0 || off + 8 > end) return null;
  const count = b[off + 1];
  if (count > MAX_SUB_AUTHORITIES || off + 8 + 4 * count > end) return null;
  // The identifier authority is a 48-bit big-endian number.
  let auth = 0;
  for (let i = 2; i < 8; i++) auth = auth * 256 + b[off + i];
  let s = `S-${b[off]}-${auth}`;
  const dv = new DataView(b.buffer, b.byteOffset);
  for (let i = 0; i < count; i++) s += `-${dv.getUint32(off + 8 + 4 * i, true)}`;
  return s;
}

function decodeAcl(b: Uint8Array, off: number, end: number): Acl | null {
  if (off + 8 > end) return null;
  const dv = new DataView(b.buffer, b.byteOffset);
  const size = dv.getUint16(off + 2, true);
  const count = dv.getUint16(off + 4, true);
  const aclEnd = Math.min(end, off + size);
  const aces: Ace[] = [];
  let p = off + 8;
  for (let i = 0; i < count && p + 4 <= aclEnd; i++) {
    const type = b[p];
    const flags = b[p + 1];
    const aceSize = dv.getUint16(p + 2, true);
    if (aceSize < 4 || p + aceSize > aclEnd) break;
    let mask = 0;
    let sid: string | null = null;
    if (aceSize >= 8) mask = dv.getUint32(p + 4, true);
    if (type >= 5 && type <= 8) {
      // Object ACEs: mask, flags, then up to two GUIDs before the SID.
      const objFlags = aceSize >= 12 ? dv.getUint32(p + 8, true) : 0;
      const sidOff = p + 12 + (objFlags & 1 ? 16 : 0) + (objFlags & 2 ? 16 : 0);
      sid = decodeSid(b, sidOff, p + aceSize);
    } else if (aceSize >= 16) {
      sid = decodeSid(b, p + 8, p + aceSize);
    }
    aces.push({ type, typeName: ACE_TYPE_NAMES[type] ?? `ACE_TYPE_${type}`, flags, mask: mask >>> 0, sid });
    p += aceSize;
  }
  return { revision: b[off], aces };
}

/** Decodes a self-relative security descriptor; null when even the 20-byte header does not fit. */
export function decodeSecurityDescriptor(b: Uint8Array): SecurityDescriptor | null {
  if (b.length < 20) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const control = dv.getUint16(2, true);
  const ownerOff = dv.getUint32(4, true);
  const groupOff = dv.getUint32(8, true);
  const saclOff = dv.getUint32(12, true);
  const daclOff = dv.getUint32(16, true);
  const end = b.length;
  const daclPresent = (control & SE_DACL_PRESENT) !== 0;
  return {
    revision: b[0],
    control,
    owner: ownerOff ? decodeSid(b, ownerOff, end) : null,
    group: groupOff ? decodeSid(b, groupOff, end) : null,
    sacl: control & SE_SACL_PRESENT && saclOff ? decodeAcl(b, saclOff, end) : null,
    dacl: daclPresent && daclOff ? decodeAcl(b, daclOff, end) : null,
    nullDacl: daclPresent && daclOff === 0,
  };
}
