/**
 * Feeds the image's own DPAPI material to the offline chain (src/dpapi) to open the RCM timebomb: the boot key
 * from SYSTEM's Lsa class names, the LSA key and DPAPI_SYSTEM from SECURITY, the S-1-5-18 master key files.
 * What is missing is named precisely, so the report can say what would be needed for an exact date.
 */
import type { HostEvidence } from '../evidence/types.js';
import type { TimebombDecryption } from '../facts/index.js';
import { BOOT_KEY_PARTS, type BootKeyClassNames } from '../dpapi/boot-key.js';
import { decryptTimebomb, type TimebombDerivation } from '../dpapi/chain.js';
import { liveControlSet } from '../view/control-set.js';
import type { HiveView } from '../view/registry-view.js';
import { decodeDword } from '../view/value-types.js';

function defaultValue(view: HiveView, path: string): Uint8Array | undefined {
  const d = view.key(path)?.value('')?.data;
  return d && d.length > 0 ? d : undefined;
}

export function describeDerivation(d: TimebombDerivation): string {
  const lsa = d.lsaKeyId ? `, LSA key ${d.lsaKeyId}` : '';
  return `master key ${d.masterKeyGuid} (${d.masterKeyFile}), ${d.cipher}/${d.hash}, DPAPI_SYSTEM ${d.secret} ${d.dpapiKey} key${lsa}`;
}

export function decodeTimebomb(evidence: HostEvidence, blob: Uint8Array): TimebombDecryption {
  const missing: string[] = [];
  const system = evidence.system;
  const security = evidence.security;
  let classNames: BootKeyClassNames | null = null;
  if (!system) missing.push('SYSTEM hive');
  else if (!system.view.capabilities.className) missing.push(`boot key: ${system.input.path} is a .reg export, which carries no class names (give the SYSTEM hive file)`);
  else {
    const cs = liveControlSet(system.view)?.name ?? null;
    const parts: Partial<Record<(typeof BOOT_KEY_PARTS)[number], string>> = {};
    for (const p of BOOT_KEY_PARTS) {
      const c = cs ? system.view.key(`${cs}\\Control\\Lsa\\${p}`)?.className : null;
      if (c) parts[p] = c;
    }
    if (BOOT_KEY_PARTS.every((p) => parts[p])) classNames = parts as BootKeyClassNames;
    else missing.push(`boot key: class names of Control\\Lsa\\{JD,Skew1,GBG,Data} not found in ${system.input.path}`);
  }
  let polEKList: Uint8Array | undefined;
  let polSecretEncryptionKey: Uint8Array | undefined;
  let currVal: Uint8Array | undefined;
  let oldVal: Uint8Array | undefined;
  if (!security) missing.push('SECURITY hive not supplied (Windows/System32/config/SECURITY)');
  else {
    polEKList = defaultValue(security.view, 'Policy\\PolEKList');
    polSecretEncryptionKey = defaultValue(security.view, 'Policy\\PolSecretEncryptionKey');
    currVal = defaultValue(security.view, 'Policy\\Secrets\\DPAPI_SYSTEM\\CurrVal');
    oldVal = defaultValue(security.view, 'Policy\\Secrets\\DPAPI_SYSTEM\\OldVal');
    if (!polEKList && !polSecretEncryptionKey) missing.push(`LSA key: Policy\\PolEKList not found in ${security.input.path}`);
    if (!currVal) missing.push(`DPAPI_SYSTEM secret not found in ${security.input.path}`);
  }
  const masterKeyFiles = evidence.auxiliary
    .filter((a) => a.role === 'dpapi-system-masterkey' || a.role === 'dpapi-system-user-masterkey')
    .map((a) => ({ name: a.path, bytes: a.bytes }));
  if (masterKeyFiles.length === 0) missing.push('system master key files not supplied (Windows/System32/Microsoft/Protect/S-1-5-18)');
  if (missing.length > 0 || !classNames || !currVal) return { status: 'unavailable', reason: `exact end needs: ${missing.join('; ')}` };

  const r = decryptTimebomb({
    bootKeyClassNames: classNames,
    polEKList,
    polSecretEncryptionKey,
    dpapiSystemCurrVal: currVal,
    dpapiSystemOldVal: oldVal,
    masterKeyFiles,
    blob,
  });
  switch (r.status) {
    case 'decoded':
      return { status: 'decoded', end: r.end, derivation: describeDerivation(r.derivation) };
    case 'missing-material':
      return { status: 'unavailable', reason: `exact end needs: ${r.missing?.join('; ') ?? r.reason}` };
    default:
      return { status: 'failed', reason: r.reason };
  }
}
