/** A synthetic machine's DPAPI material around a chosen grace-period end, built with the test encrypt side. */
import { CALG_3DES, CALG_AES_256, CALG_HMAC, CALG_SHA1, CALG_SHA_512 } from '../../../src/dpapi/algorithms.js';
import { formatGuid } from '../../../src/dpapi/bytes.js';
import type { TimebombInput } from '../../../src/dpapi/chain.js';
import { dateToFiletime } from '../../../src/regf/filetime.js';
import {
  buildBlob,
  buildMasterKeyFile,
  buildPolEKList,
  buildPolSecretEncryptionKey,
  classNamesForBootKey,
  dpapiSystemSecret,
  encryptNt5Secret,
  encryptNt6Secret,
  nt6SystemKeys,
  seededBytes,
} from './encrypt.js';

export interface SyntheticOptions {
  seed: string;
  end: Date;
  scheme?: 'nt6' | 'nt5';
  /** Blob algorithms: modern default or XP-era 3DES/SHA-1 (malformed HMAC form). */
  blob?: 'aes256-sha512' | '3des-sha1';
  /** Which DPAPI_SYSTEM half and folder the system master key uses. */
  folder?: 'machine' | 'user';
  /** NT6: extra PolEKList keys placed before the one that encrypts DPAPI_SYSTEM. */
  extraLsaKeys?: number;
  /** The master key was made under the previous DPAPI_SYSTEM (OldVal). */
  rotated?: boolean;
  /** Master key PBKDF2 rounds (default as Windows: 17400 AES, 4000 3DES); lower makes fuzzing cheap. */
  rounds?: number;
  /** Replace the 8-byte FILETIME plaintext. */
  plaintext?: Uint8Array;
}

export interface SyntheticImage {
  input: TimebombInput;
  bootKey: Uint8Array;
  lsaKey: Uint8Array;
  lsaKeyId?: string;
  masterKeyGuid: string;
  masterKeyFileName: string;
  masterKey: Uint8Array;
  /** Every secret byte string in the image, to check no result quotes them. */
  secrets: Uint8Array[];
}

export function filetimeBytes(d: Date): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, dateToFiletime(d), true);
  return b;
}

export function syntheticImage(o: SyntheticOptions): SyntheticImage {
  const r = (label: string, n: number) => seededBytes(`${o.seed}/${label}`, n);
  const guid = (label: string) => formatGuid(r(label, 16));
  const scheme = o.scheme ?? 'nt6';
  const bootKey = r('bootKey', 16);
  const curr = { machine: r('curr.machine', 20), user: r('curr.user', 20) };
  const old = { machine: r('old.machine', 20), user: r('old.user', 20) };
  const folder = o.folder ?? 'machine';
  const preKey = (o.rotated ? old : curr)[folder];

  let lsaKey: Uint8Array;
  let lsaKeyId: string | undefined;
  const input: { -readonly [K in keyof TimebombInput]?: TimebombInput[K] } & { masterKeyFiles: { name: string; bytes: Uint8Array }[] } = {
    bootKeyClassNames: classNamesForBootKey(bootKey),
    masterKeyFiles: [],
  };
  if (scheme === 'nt6') {
    const extras = Array.from({ length: o.extraLsaKeys ?? 0 }, (_, i) => ({ id: guid(`lsa.extra.${i}`), key: r(`lsa.extra.${i}`, 32) }));
    lsaKey = r('lsaKey', 32);
    lsaKeyId = guid('lsaKeyId');
    const polEKList = buildPolEKList(bootKey, guid('polEKListId'), r('polEKList.salt', 32), nt6SystemKeys(lsaKeyId, [...extras, { id: lsaKeyId, key: lsaKey }]));
    const enc = (label: string, k: { machine: Uint8Array; user: Uint8Array }) =>
      encryptNt6Secret({ key: lsaKey, keyId: lsaKeyId!, salt: r(label, 32), secret: dpapiSystemSecret(k.machine, k.user) });
    Object.assign(input, { polEKList, dpapiSystemCurrVal: enc('curr.salt', curr), dpapiSystemOldVal: enc('old.salt', old) });
  } else {
    lsaKey = r('lsaKey', 16);
    const pol = buildPolSecretEncryptionKey(bootKey, lsaKey, r('lazyIv', 16), r('otherKeys', 32));
    Object.assign(input, {
      polSecretEncryptionKey: pol,
      dpapiSystemCurrVal: encryptNt5Secret(lsaKey, dpapiSystemSecret(curr.machine, curr.user)),
      dpapiSystemOldVal: encryptNt5Secret(lsaKey, dpapiSystemSecret(old.machine, old.user)),
    });
  }

  const modern = (o.blob ?? 'aes256-sha512') === 'aes256-sha512';
  const masterKeyGuid = guid('masterKeyGuid');
  const masterKey = r('masterKey', 64);
  const mkFile = buildMasterKeyFile({
    guid: masterKeyGuid,
    preKey,
    masterKey,
    salt: r('mk.salt', 16),
    hmacSalt: r('mk.hmacSalt', 16),
    rounds: o.rounds ?? (modern ? 17400 : 4000),
    algCrypt: modern ? CALG_AES_256 : CALG_3DES,
    algHash: modern ? CALG_SHA_512 : CALG_HMAC,
    filler: modern ? undefined : new Uint8Array(4),
    credHist: new Uint8Array(20),
  });
  const masterKeyFileName = folder === 'user' ? `S-1-5-18/User/${masterKeyGuid}` : `S-1-5-18/${masterKeyGuid}`;
  const decoyGuid = guid('decoy');
  input.masterKeyFiles.push(
    { name: 'S-1-5-18/Preferred', bytes: r('preferred', 24) },
    {
      name: `S-1-5-18/${decoyGuid}`,
      bytes: buildMasterKeyFile({ guid: decoyGuid, preKey, masterKey: r('decoy.key', 64), salt: r('decoy.salt', 16), hmacSalt: r('decoy.hs', 16), rounds: 100, algCrypt: CALG_AES_256, algHash: CALG_SHA_512 }),
    },
    { name: masterKeyFileName, bytes: mkFile },
  );
  input.blob = buildBlob({
    masterKeyGuid,
    masterKey,
    plaintext: o.plaintext ?? filetimeBytes(o.end),
    salt: r('blob.salt', modern ? 32 : 16),
    signSalt: r('blob.signSalt', modern ? 32 : 16),
    algCrypt: modern ? CALG_AES_256 : CALG_3DES,
    algHash: modern ? CALG_SHA_512 : CALG_SHA1,
    algCryptLenBits: modern ? 256 : 168,
    flags: 0x5, // ProtectedData LocalMachine: UI_FORBIDDEN | LOCAL_MACHINE
    form: modern ? 'rfc' : 'xp',
  });
  const secrets = [bootKey, lsaKey, curr.machine, curr.user, old.machine, old.user, masterKey];
  return { input: input as TimebombInput, bootKey, lsaKey, lsaKeyId, masterKeyGuid, masterKeyFileName, masterKey, secrets };
}
