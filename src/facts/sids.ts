/** Well-known SIDs (MS-DTYP 2.4.2.4) shown by name in ACL facts, and access-mask helpers. */
import {
  DELETE,
  GENERIC_ALL,
  GENERIC_WRITE,
  KEY_CREATE_SUB_KEY,
  KEY_SET_VALUE,
  WRITE_DAC,
  WRITE_OWNER,
} from '../view/security-descriptor.js';

const WELL_KNOWN: Record<string, string> = {
  'S-1-1-0': 'Everyone',
  'S-1-3-0': 'CREATOR OWNER',
  'S-1-5-4': 'INTERACTIVE',
  'S-1-5-11': 'Authenticated Users',
  'S-1-5-18': 'SYSTEM',
  'S-1-5-19': 'LOCAL SERVICE',
  'S-1-5-20': 'NETWORK SERVICE',
  'S-1-5-32-544': 'BUILTIN\\Administrators',
  'S-1-5-32-545': 'BUILTIN\\Users',
  'S-1-5-32-547': 'BUILTIN\\Power Users',
  'S-1-15-2-1': 'ALL APPLICATION PACKAGES',
  'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464': 'NT SERVICE\\TrustedInstaller',
  'S-1-5-80-446051430-1559341753-4161941529-1950928533-810483104': 'NT SERVICE\\TermService',
};

export function accountName(sid: string | null): string {
  if (sid === null) return '(none)';
  const known = WELL_KNOWN[sid.toUpperCase()];
  if (known) return known;
  if (/^S-1-5-21-\d+-\d+-\d+-500$/i.test(sid)) return 'local/domain Administrator account';
  if (/^S-1-5-21-/i.test(sid)) return 'user or group account';
  if (/^S-1-5-80-/i.test(sid)) return 'service SID';
  return sid;
}

/** Rights that let the holder change a key's values, subkeys, owner or ACL. */
export const WRITE_MASK = KEY_SET_VALUE | KEY_CREATE_SUB_KEY | DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_ALL | GENERIC_WRITE;

export function grantsWrite(mask: number): boolean {
  return (mask & WRITE_MASK) !== 0;
}

/** Accounts that legitimately hold write access to service-owned keys. */
export function isServiceAccount(sid: string | null): boolean {
  if (!sid) return false;
  const s = sid.toUpperCase();
  return s === 'S-1-5-18' || s === 'S-1-5-19' || s === 'S-1-5-20' || s.startsWith('S-1-5-80-') || s === 'S-1-3-0';
}

/** SIDs that stand for ordinary (non-admin) interactive users. */
export const NON_ADMIN_USERS = ['S-1-1-0', 'S-1-5-4', 'S-1-5-11', 'S-1-5-32-545'];
