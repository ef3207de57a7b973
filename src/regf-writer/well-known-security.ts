/**
 * Security descriptors seen on real SYSTEM hives, for building realistic hosts. Shapes copied from
 * `reglookup -s` on regipy's SYSTEM_WIN_10_1709 (root key, `Control`, `Terminal Server\RCM\Secrets`).
 */
import { KEY_ALL_ACCESS, KEY_READ, GENERIC_ALL, type Ace, type SecurityDescriptor } from '../view/security-descriptor.js';

export const SID_SYSTEM = 'S-1-5-18';
export const SID_NETWORK_SERVICE = 'S-1-5-20';
export const SID_ADMINISTRATORS = 'S-1-5-32-544';
export const SID_USERS = 'S-1-5-32-545';
export const SID_CREATOR_OWNER = 'S-1-3-0';

export const ACCESS_ALLOWED_ACE_TYPE = 0;
export const ACCESS_DENIED_ACE_TYPE = 1;

/** ACE flags (winnt.h). */
export const OBJECT_INHERIT_ACE = 0x01;
export const CONTAINER_INHERIT_ACE = 0x02;
export const INHERIT_ONLY_ACE = 0x08;
export const INHERITED_ACE = 0x10;

/** SECURITY_DESCRIPTOR_CONTROL bits used by the descriptors below. */
const SE_DACL_PRESENT = 0x0004;
const SE_DACL_AUTO_INHERITED = 0x0400;
const SE_SACL_AUTO_INHERITED = 0x0800;
const SE_DACL_PROTECTED = 0x1000;
const SE_SELF_RELATIVE = 0x8000;

const ACE_TYPE_NAMES: Record<number, string> = { 0: 'ACCESS_ALLOWED', 1: 'ACCESS_DENIED', 2: 'SYSTEM_AUDIT' };

/** An ACE in the decoded shape; typeName follows the type number. */
export function ace(type: number, sid: string, mask: number, flags = 0): Ace {
  return { type, typeName: ACE_TYPE_NAMES[type] ?? `ACE_TYPE_${type}`, flags, mask: mask >>> 0, sid };
}

export function allow(sid: string, mask: number, flags = 0): Ace {
  return ace(ACCESS_ALLOWED_ACE_TYPE, sid, mask, flags);
}

/** A self-relative descriptor with owner, group and a revision-2 DACL. */
export function descriptor(owner: string, group: string, aces: Ace[], control = SE_SELF_RELATIVE | SE_DACL_PRESENT): SecurityDescriptor {
  return { revision: 1, control, owner, group, dacl: { revision: 2, aces }, sacl: null, nullDacl: false };
}

const CI = CONTAINER_INHERIT_ACE;
const CI_IO = CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE;

/** The hive root of SYSTEM/SOFTWARE: owner Administrators, group SYSTEM, protected DACL, inheritable full control. */
export const HIVE_ROOT_SD: SecurityDescriptor = descriptor(
  SID_ADMINISTRATORS,
  SID_SYSTEM,
  [
    allow(SID_USERS, KEY_READ),
    allow(SID_USERS, 0x8000_0000, CI_IO), // GENERIC_READ
    allow(SID_ADMINISTRATORS, KEY_ALL_ACCESS),
    allow(SID_ADMINISTRATORS, GENERIC_ALL, CI_IO),
    allow(SID_SYSTEM, KEY_ALL_ACCESS),
    allow(SID_SYSTEM, GENERIC_ALL, CI_IO),
    allow(SID_CREATOR_OWNER, GENERIC_ALL, CI_IO),
  ],
  SE_SELF_RELATIVE | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED | SE_DACL_PRESENT,
);

/** A typical HKLM key: owner Administrators, group SYSTEM; Users read, Administrators and SYSTEM full control (inherited). */
export const HKLM_KEY_SD: SecurityDescriptor = descriptor(
  SID_ADMINISTRATORS,
  SID_SYSTEM,
  [
    allow(SID_USERS, KEY_READ, CI | INHERITED_ACE),
    allow(SID_ADMINISTRATORS, KEY_ALL_ACCESS, CI | INHERITED_ACE),
    allow(SID_SYSTEM, KEY_ALL_ACCESS, CI | INHERITED_ACE),
    allow(SID_CREATOR_OWNER, KEY_ALL_ACCESS, CI_IO | INHERITED_ACE),
  ],
  SE_SELF_RELATIVE | SE_DACL_AUTO_INHERITED | SE_DACL_PRESENT,
);

/**
 * A NETWORK SERVICE-owned, non-inheriting key as TermService keeps under `Terminal Server\RCM` (exact shape of
 * `RCM\Secrets`; rds-licensing.md §1.2 says `RCM\GracePeriod` is NETWORK SERVICE-owned the same way).
 */
export const NETWORK_SERVICE_KEY_SD: SecurityDescriptor = descriptor(
  SID_NETWORK_SERVICE,
  SID_NETWORK_SERVICE,
  [allow(SID_NETWORK_SERVICE, KEY_ALL_ACCESS), allow(SID_SYSTEM, KEY_ALL_ACCESS)],
  SE_SELF_RELATIVE | SE_SACL_AUTO_INHERITED | SE_DACL_PRESENT,
);

/** `RCM\GracePeriod` after the "grace period reset" hack: owner taken by Administrators, who add a full-control ACE. */
export const GRACE_PERIOD_TAKEN_OWNERSHIP_SD: SecurityDescriptor = descriptor(
  SID_ADMINISTRATORS,
  SID_NETWORK_SERVICE,
  [allow(SID_NETWORK_SERVICE, KEY_ALL_ACCESS), allow(SID_SYSTEM, KEY_ALL_ACCESS), allow(SID_ADMINISTRATORS, KEY_ALL_ACCESS)],
  SE_SELF_RELATIVE | SE_SACL_AUTO_INHERITED | SE_DACL_PRESENT,
);
