/**
 * Self-relative SECURITY_DESCRIPTOR encoding (MS-DTYP 2.4.6) for sk cells. Parts are laid out the way Windows
 * writes them for registry keys: header, SACL, DACL, owner, group.
 */
import type { Ace, Acl, SecurityDescriptor } from '../view/security-descriptor.js';
import { encodeSid } from './sid.js';

/** SECURITY_DESCRIPTOR_CONTROL bits the encoder derives from the parts present. */
export const SE_DACL_PRESENT = 0x0004;
export const SE_SACL_PRESENT = 0x0010;
export const SE_SELF_RELATIVE = 0x8000;

const SD_HEADER_SIZE = 20;
const ACL_HEADER_SIZE = 8;
/** ACE types 5..8 (object ACEs) carry a Flags dword before the optional GUIDs. */
const FIRST_OBJECT_ACE = 5;
const LAST_OBJECT_ACE = 8;

/** Writes what it is given, even without an owner (Windows may refuse such a descriptor; not verified here). */
export function encodeSecurityDescriptor(sd: SecurityDescriptor): Uint8Array {
  const sacl = sd.sacl ? encodeAcl(sd.sacl) : null;
  const dacl = sd.dacl ? encodeAcl(sd.dacl) : null;
  const owner = sd.owner !== null ? encodeSid(sd.owner) : null;
  const group = sd.group !== null ? encodeSid(sd.group) : null;

  let control = (sd.control | SE_SELF_RELATIVE) & 0xffff;
  // The present bit follows the decoded model: a DACL, or a NULL DACL (present with offset 0).
  control = dacl || sd.nullDacl ? control | SE_DACL_PRESENT : control & ~SE_DACL_PRESENT;
  if (sacl) control |= SE_SACL_PRESENT;

  const parts = [sacl, dacl, owner, group];
  const size = SD_HEADER_SIZE + parts.reduce((n, p) => n + (p ? p.length : 0), 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out[0] = sd.revision;
  dv.setUint16(2, control, true);
  let at = SD_HEADER_SIZE;
  const place = (bytes: Uint8Array | null, field: number): void => {
    if (!bytes) return;
    out.set(bytes, at);
    dv.setUint32(field, at, true);
    at += bytes.length;
  };
  place(sacl, 12);
  place(dacl, 16);
  place(owner, 4);
  place(group, 8);
  return out;
}

export function encodeAcl(acl: Acl): Uint8Array {
  const aces = acl.aces.map(encodeAce);
  const size = ACL_HEADER_SIZE + aces.reduce((n, a) => n + a.length, 0);
  if (size > 0xffff) throw new RangeError(`ACL of ${size} bytes exceeds 65535`);
  if (aces.length > 0xffff) throw new RangeError(`ACL has too many ACEs (${aces.length})`);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out[0] = acl.revision;
  dv.setUint16(2, size, true);
  dv.setUint16(4, aces.length, true);
  let at = ACL_HEADER_SIZE;
  for (const a of aces) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Header, mask, (object flags = 0: no GUIDs), SID; the decoded Ace carries nothing else to write. */
export function encodeAce(ace: Ace): Uint8Array {
  const sid = ace.sid !== null ? encodeSid(ace.sid) : new Uint8Array(0);
  const objectFlags = ace.type >= FIRST_OBJECT_ACE && ace.type <= LAST_OBJECT_ACE ? 4 : 0;
  const size = 8 + objectFlags + sid.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out[0] = ace.type;
  out[1] = ace.flags;
  dv.setUint16(2, size, true);
  dv.setUint32(4, ace.mask >>> 0, true);
  out.set(sid, 8 + objectFlags);
  return out;
}
