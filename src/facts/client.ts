/**
 * Client side: the MSLicensing CAL store (HardwareID, each stored licence, the store's ACL) from SOFTWARE, and
 * from each NTUSER hive the RDP servers the user reached (Terminal Server Client Default MRU and Servers).
 */
import { GENERIC_ALL, GENERIC_WRITE, KEY_CREATE_SUB_KEY, KEY_SET_VALUE } from '../view/security-descriptor.js';
import { REG_BINARY, REG_SZ, decodeSz } from '../view/value-types.js';
import type { RegKey, RegValue } from '../view/registry-view.js';
import { findCertificates } from './der.js';
import { DAY_MS, MSLICENSING, TS_CLIENT } from './paths.js';
import { NON_ADMIN_USERS } from './sids.js';
import { isoOrNull, type HiveSource } from './source.js';
import type { ClientFacts, ClientLicense, UserRdpHistory } from './types.js';

const MAX_LICENSES = 256;
const MAX_SERVERS = 1024;
const latin1 = new TextDecoder('latin1');

/** Index fields are REG_BINARY: Unicode for company/product, ANSI for the scope (MS-RDPELE). */
function indexString(v: RegValue | null, ansi: boolean): string | null {
  if (!v) return null;
  if (v.type === REG_SZ) return decodeSz(v.data);
  if (ansi) {
    const nul = v.data.indexOf(0);
    return latin1.decode(nul < 0 ? v.data : v.data.subarray(0, nul));
  }
  return decodeSz(v.data);
}

function license(software: HiveSource, k: RegKey): ClientLicense {
  const cl = k.value('ClientLicense');
  const certs = cl && cl.data.length > 0 ? findCertificates(cl.data).certs : [];
  const temporary = certs.some((c) => {
    if (!c.notBefore || !c.notAfter) return false;
    const span = Date.parse(c.notAfter) - Date.parse(c.notBefore);
    return Math.abs(span - 90 * DAY_MS) <= DAY_MS / 2;
  });
  const evidence = [cl ? software.valueEvidence(k, cl) : software.absentEvidence(k.path, 'ClientLicense')];
  return {
    name: k.name,
    clientLicenseSize: cl ? cl.data.length : null,
    companyName: indexString(k.value('CompanyName'), false),
    productId: indexString(k.value('ProductID'), false),
    scope: indexString(k.value('LicenseScope'), true),
    certificates: certs,
    temporary,
    evidence,
  };
}

const USER_WRITE = KEY_SET_VALUE | KEY_CREATE_SUB_KEY | GENERIC_ALL | GENERIC_WRITE;

function usersCanWrite(software: HiveSource, k: RegKey): boolean | null {
  const sd = software.security(k);
  if (!sd) return null;
  if (sd.nullDacl || !sd.dacl) return true;
  return sd.dacl.aces.some((a) => a.type === 0 && (a.flags & 0x08) === 0 && a.sid !== null && NON_ADMIN_USERS.includes(a.sid.toUpperCase()) && (a.mask & USER_WRITE) !== 0);
}

export function gatherClient(software: HiveSource | null, users: HiveSource[]): ClientFacts {
  const rdpHistory = users.map(userHistory).filter((h): h is UserRdpHistory => h !== null);
  const root = software?.key(MSLICENSING) ?? null;
  if (!software || !root) {
    return { msLicensingPresent: false, hardwareId: null, storePresent: false, licenses: [], aclProblems: [], aclChecked: false, rdpHistory };
  }
  const hw = root.subkey('HardwareID');
  const hwid = hw?.value('ClientHWID') ?? null;
  const hardwareId = hw
    ? { present: hwid !== null, size: hwid ? hwid.data.length : null, evidence: [hwid ? software.valueEvidence(hw, hwid) : software.absentEvidence(hw.path, 'ClientHWID')] }
    : { present: false, size: null, evidence: [software.absentEvidence(`${MSLICENSING}\\HardwareID`, 'ClientHWID')] };
  const store = root.subkey('Store');
  const licenses = store
    ? store
        .subkeys()
        .filter((k) => /^LICENSE/i.test(k.name))
        .slice(0, MAX_LICENSES)
        .map((k) => license(software, k))
    : [];
  const aclProblems: ClientFacts['aclProblems'] = [];
  let aclChecked = false;
  for (const k of store ? [root, store] : [root]) {
    const ok = usersCanWrite(software, k);
    if (ok === null) continue;
    aclChecked = true;
    if (!ok) aclProblems.push({ keyPath: software.fullPath(k.path), detail: 'no ACE lets Users, Authenticated Users, INTERACTIVE or Everyone write', evidence: [software.keyEvidence(k, 'ACL grants no write to non-admin users')] });
  }
  return { msLicensingPresent: true, hardwareId, storePresent: store !== null, licenses, aclProblems, aclChecked, rdpHistory };
}

function userHistory(user: HiveSource): UserRdpHistory | null {
  const root = user.key(TS_CLIENT);
  if (!root) return null;
  const mru: UserRdpHistory['mru'] = [];
  const def = root.subkey('Default');
  if (def) {
    for (const v of def.values()) {
      if (!/^MRU\d+$/i.test(v.name) || v.type === REG_BINARY) continue;
      mru.push({ name: v.name, server: decodeSz(v.data) });
    }
    mru.sort((a, b) => Number(a.name.slice(3)) - Number(b.name.slice(3)));
  }
  const servers: UserRdpHistory['servers'] = [];
  const sk = root.subkey('Servers');
  if (sk) {
    for (const k of sk.subkeys().slice(0, MAX_SERVERS)) {
      const hint = k.value('UsernameHint');
      servers.push({ host: k.name, usernameHint: hint ? decodeSz(hint.data) : null, lastWrite: isoOrNull(user.lastWrite(k)) });
    }
  }
  return { user: user.hive.user ?? user.input, input: user.input, mru, servers, evidence: [user.keyEvidence(root)] };
}
