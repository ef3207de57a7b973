/**
 * The whole offline chain for the RCM timebomb (dpapi.md §2.7): boot key → LSA key → DPAPI_SYSTEM →
 * system master key → blob → FILETIME. Never throws; results carry GUIDs, ids and algorithm names only.
 *
 * Statuses:
 * - `missing-material`: an input is absent or empty (listed in `missing`), including no master key file for
 *   the blob's GUID (matched by file name or by the file's own GUID field).
 * - `malformed`: bytes are not the structure they should be: truncated or non-DPAPI blob, master key file,
 *   PolEKList/PolSecretEncryptionKey or secret header; class names that are not 8 hex digits; a verified blob
 *   whose plaintext is not an 8-byte, non-zero FILETIME.
 * - `not-decryptable`: structures parse but keys do not open them: wrong boot key (PolEKList or DPAPI_SYSTEM
 *   length/version checks fail), no DPAPI_SYSTEM key passes the master-key HMAC, blob signature mismatch
 *   (damaged or tampered blob), unsupported algorithm, or the PBKDF2 work budget is spent.
 */
import { bootKeyFromClassNames, BOOT_KEY_PARTS, type BootKeyClassNames } from './boot-key.js';
import { bytesEqual, type FailureKind, type Result } from './bytes.js';
import { decryptBlob, parseBlob } from './blob.js';
import { parseDpapiSystem, type DpapiSystem } from './dpapi-system.js';
import { lsaKeyFromPolSecretEncryptionKey, lsaKeysFromPolEKList, type LsaKeys } from './lsa-key.js';
import { decryptLsaSecret } from './lsa-secret.js';
import { decryptMasterKey, masterKeyAlgorithms, parseMasterKeyFile, type MasterKeyFile } from './master-key.js';
import { RTM_TIMEBOMB_VALUE_NAME, timebombEnd } from './timebomb.js';

export interface MasterKeyFileInput {
  /** File name, ideally with its Protect path (`S-1-5-18/User/<guid>`): the folder says which key to try first. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface TimebombInput {
  readonly bootKeyClassNames: BootKeyClassNames;
  readonly polEKList?: Uint8Array;
  readonly polSecretEncryptionKey?: Uint8Array;
  readonly dpapiSystemCurrVal: Uint8Array;
  readonly dpapiSystemOldVal?: Uint8Array;
  readonly masterKeyFiles: readonly MasterKeyFileInput[];
  readonly blob: Uint8Array;
}

export interface TimebombDerivation {
  readonly masterKeyGuid: string;
  readonly masterKeyFile: string;
  /** The blob's algorithms, e.g. CALG_AES_256 / CALG_SHA_512. */
  readonly cipher: string;
  readonly hash: string;
  /** NT6 only: the PolEKList key that opened DPAPI_SYSTEM. */
  readonly lsaKeyId?: string;
  readonly secret: 'CurrVal' | 'OldVal';
  /** Which half of DPAPI_SYSTEM opened the master key. */
  readonly dpapiKey: 'machine' | 'user';
}

export type TimebombResult =
  | { readonly status: 'decoded'; readonly end: Date; readonly derivation: TimebombDerivation }
  | { readonly status: 'missing-material' | 'not-decryptable' | 'malformed'; readonly missing?: string[]; readonly reason: string };

/** Files sharing the blob's GUID beyond this are ignored: a hostile list must not multiply PBKDF2 runs. */
export const MAX_MASTER_KEY_CANDIDATES = 8;
/** PBKDF2 rounds spent over all master-key attempts (a real image needs at most 4 × 17400; hostile files get ~0.3 s with SHA-512, ~1 s with SHA-1). */
export const MAX_TOTAL_PBKDF2_ROUNDS = 400_000;

type Failure = Extract<TimebombResult, { reason: string }>;

function failed(r: { kind: FailureKind; reason: string }): Failure {
  return { status: r.kind, reason: r.reason };
}

function present(b: Uint8Array | undefined): b is Uint8Array {
  return b instanceof Uint8Array && b.length > 0;
}

function pathParts(name: string): string[] {
  return String(name).split(/[\\/]+/).filter((s) => s.length > 0);
}

interface KeyCandidate {
  readonly secret: 'CurrVal' | 'OldVal';
  readonly dpapiKey: 'machine' | 'user';
  readonly key: Uint8Array;
  readonly lsaKeyId?: string;
}

interface FileCandidate {
  readonly name: string;
  readonly file: MasterKeyFile;
  readonly inUserFolder: boolean;
}

export function decryptTimebomb(input: TimebombInput): TimebombResult {
  try {
    return run(input);
  } catch (e) {
    // A bug of ours, not bad input; the message is not echoed in case it quotes bytes.
    return { status: 'malformed', reason: `internal error while decoding (${e instanceof Error ? e.name : typeof e})` };
  }
}

function run(input: TimebombInput): TimebombResult {
  if (!present(input?.blob)) {
    return { status: 'missing-material', missing: [`RCM\\GracePeriod\\${RTM_TIMEBOMB_VALUE_NAME}`], reason: 'no timebomb blob' };
  }
  const blob = parseBlob(input.blob);
  if (!blob.ok) return failed(blob);
  const guid = blob.value.masterKeyGuid;

  const missing: string[] = [];
  for (const part of BOOT_KEY_PARTS) {
    if (!input.bootKeyClassNames || !input.bootKeyClassNames[part]) missing.push(`SYSTEM Control\\Lsa\\${part} class name`);
  }
  if (!present(input.polEKList) && !present(input.polSecretEncryptionKey)) {
    missing.push('SECURITY Policy\\PolEKList or Policy\\PolSecretEncryptionKey');
  }
  if (!present(input.dpapiSystemCurrVal)) missing.push('SECURITY Policy\\Secrets\\DPAPI_SYSTEM\\CurrVal');
  const files = findMasterKeyFiles(input.masterKeyFiles, guid);
  if (!files.ok && files.kind === 'malformed') return failed(files);
  if (!files.ok || files.value.length === 0) missing.push(`master key file Protect\\S-1-5-18[\\User]\\${guid}`);
  if (missing.length > 0) {
    return { status: 'missing-material', missing, reason: `cannot decrypt without: ${missing.join('; ')}` };
  }

  const bootKey = bootKeyFromClassNames(input.bootKeyClassNames);
  if (!bootKey.ok) return failed(bootKey);
  const lsa = lsaKeyAttempts(input, bootKey.value);
  const keys = keyCandidates(input, lsa);
  if (!keys.ok) return failed(keys);

  const fileList = files.ok ? files.value : [];
  let lastFailure: Failure = { status: 'not-decryptable', reason: `no DPAPI_SYSTEM key opens master key ${guid}` };
  let roundsSpent = 0;
  for (const f of fileList) {
    const algs = masterKeyAlgorithms(f.file.masterKey);
    if (!algs.ok) {
      lastFailure = { status: algs.kind, reason: `${f.name}: ${algs.reason}` };
      continue;
    }
    const tried: Uint8Array[] = [];
    for (const k of orderFor(keys.value, f.inUserFolder)) {
      if (tried.some((t) => bytesEqual(t, k.key))) continue; // CurrVal and OldVal are often equal
      tried.push(k.key);
      roundsSpent += f.file.masterKey.rounds;
      if (roundsSpent > MAX_TOTAL_PBKDF2_ROUNDS) {
        return { status: 'not-decryptable', reason: `gave up: the master key candidates would take more than ${MAX_TOTAL_PBKDF2_ROUNDS} PBKDF2 rounds` };
      }
      const mk = decryptMasterKey(f.file.masterKey, k.key);
      if (!mk.ok) continue; // HMAC mismatch: not this key
      const plain = decryptBlob(blob.value, mk.value);
      if (!plain.ok) return { status: plain.kind, reason: `${plain.reason}; master key ${guid} opened with DPAPI_SYSTEM ${k.secret} ${k.dpapiKey} key` };
      const end = timebombEnd(plain.value.plaintext);
      if (!end.ok) return failed(end);
      return {
        status: 'decoded',
        end: end.value,
        derivation: {
          masterKeyGuid: guid,
          masterKeyFile: f.name,
          cipher: plain.value.cipher.name,
          hash: plain.value.hash.name,
          ...(k.lsaKeyId !== undefined ? { lsaKeyId: k.lsaKeyId } : {}),
          secret: k.secret,
          dpapiKey: k.dpapiKey,
        },
      };
    }
    lastFailure = {
      status: 'not-decryptable',
      reason: `no DPAPI_SYSTEM key (machine/user, ${[...new Set(keys.value.map((k) => k.secret))].join('/')}) opens master key file ${f.name}: HMAC check fails`,
    };
  }
  return lastFailure;
}

/** Protect\S-1-5-18\User\ keys open with the user key, the folder root with the machine key (SharpDPAPI); try both anyway. */
function orderFor(keys: KeyCandidate[], inUserFolder: boolean): KeyCandidate[] {
  const first = inUserFolder ? 'user' : 'machine';
  return [...keys.filter((k) => k.dpapiKey === first), ...keys.filter((k) => k.dpapiKey !== first)];
}

/** Files named after the blob's master-key GUID, or whose header says that GUID. */
function findMasterKeyFiles(list: readonly MasterKeyFileInput[] | undefined, guid: string): Result<FileCandidate[]> {
  const out: FileCandidate[] = [];
  let parseFailure: Result<FileCandidate[]> | null = null;
  for (const entry of Array.isArray(list) ? list : []) {
    if (out.length >= MAX_MASTER_KEY_CANDIDATES) break;
    if (!entry || !(entry.bytes instanceof Uint8Array)) continue;
    const parts = pathParts(entry.name);
    const named = (parts[parts.length - 1] ?? '').toLowerCase() === guid;
    const parsed = parseMasterKeyFile(entry.bytes);
    if (!parsed.ok) {
      if (named && !parseFailure) parseFailure = { ok: false, kind: 'malformed', reason: `${entry.name}: ${parsed.reason}` };
      continue;
    }
    if (!named && parsed.value.guid !== guid) continue;
    out.push({ name: entry.name, file: parsed.value, inUserFolder: (parts[parts.length - 2] ?? '').toLowerCase() === 'user' });
  }
  if (out.length === 0 && parseFailure) return parseFailure;
  return { ok: true, value: out };
}

function lsaKeyAttempts(input: TimebombInput, bootKey: Uint8Array): Result<LsaKeys>[] {
  const attempts: Result<LsaKeys>[] = [];
  // impacket tries PolEKList first; an image with both is upgraded NT5 → NT6 and uses the NT6 one.
  if (present(input.polEKList)) attempts.push(lsaKeysFromPolEKList(input.polEKList, bootKey));
  if (present(input.polSecretEncryptionKey)) attempts.push(lsaKeyFromPolSecretEncryptionKey(input.polSecretEncryptionKey, bootKey));
  return attempts;
}

/** machine/user keys of DPAPI_SYSTEM CurrVal then OldVal, under whichever LSA key scheme opens them. */
function keyCandidates(input: TimebombInput, lsa: Result<LsaKeys>[]): Result<KeyCandidate[]> {
  const out: KeyCandidate[] = [];
  let firstFailure: Result<KeyCandidate[]> | null = null;
  const note = (r: { kind: FailureKind; reason: string }) => {
    if (!firstFailure) firstFailure = { ok: false, kind: r.kind, reason: r.reason };
  };
  for (const attempt of lsa) {
    if (!attempt.ok) {
      note(attempt);
      continue;
    }
    const values: ['CurrVal' | 'OldVal', Uint8Array | undefined][] = [
      ['CurrVal', input.dpapiSystemCurrVal],
      ['OldVal', input.dpapiSystemOldVal],
    ];
    for (const [secret, value] of values) {
      if (!present(value)) continue;
      const what = `DPAPI_SYSTEM ${secret}`;
      const dec = decryptLsaSecret(value, attempt.value, what);
      if (!dec.ok) {
        note(dec);
        continue;
      }
      const sys: Result<DpapiSystem> = parseDpapiSystem(dec.value.secret, what);
      if (!sys.ok) {
        note(sys);
        continue;
      }
      const lsaKeyId = dec.value.lsaKeyId;
      out.push({ secret, dpapiKey: 'machine', key: sys.value.machineKey, lsaKeyId });
      out.push({ secret, dpapiKey: 'user', key: sys.value.userKey, lsaKeyId });
    }
    if (out.length > 0) break;
  }
  if (out.length > 0) return { ok: true, value: out };
  return firstFailure ?? { ok: false, kind: 'not-decryptable', reason: 'no LSA key scheme applies' };
}
