/**
 * The LSA key(s) from the SECURITY hive: Policy\PolEKList (Vista+, NT6_SYSTEM_KEYS under the boot key)
 * or Policy\PolSecretEncryptionKey (NT5: RC4 with MD5(bootKey ‖ lazyIV ×1000), key = keys[1]).
 */
import { hash } from './crypto.js';
import { rc4 } from './rc4.js';
import { ByteReader, fail, ok, repeated, TruncatedError, type Result } from './bytes.js';
import { decryptNt6HardSecret, parseNt6HardSecret } from './nt6-secret.js';

export interface LsaKeyEntry {
  readonly id: string;
  readonly type: number;
  readonly key: Uint8Array;
}

export type LsaKeys =
  | { readonly scheme: 'nt6'; readonly currentKeyId: string; readonly keys: readonly LsaKeyEntry[] }
  | { readonly scheme: 'nt5'; readonly key: Uint8Array };

export const NT5_POL_SECRET_ENCRYPTION_KEY_LENGTH = 76;

/** NT6_SYSTEM_KEYS: u32, CurrentKeyID, u32, nbKeys, then nbKeys × {GUID, u32 type, u32 size, key}. */
export function parseNt6SystemKeys(secret: Uint8Array): Result<LsaKeys> {
  try {
    const r = new ByteReader(secret, 'NT6_SYSTEM_KEYS');
    r.u32();
    const currentKeyId = r.guid();
    r.u32();
    const count = r.u32();
    // Each entry takes at least 24 bytes, so a count beyond that is garbage, not a reason to loop.
    if (count === 0 || count > r.remaining / 24) return fail('not-decryptable', `PolEKList: key count ${count} does not fit (wrong boot key)`);
    const keys: LsaKeyEntry[] = [];
    for (let i = 0; i < count; i++) {
      const id = r.guid();
      const type = r.u32();
      keys.push({ id, type, key: r.sized().slice() });
    }
    return ok({ scheme: 'nt6', currentKeyId, keys });
  } catch (e) {
    if (e instanceof TruncatedError) return fail('not-decryptable', 'PolEKList: key list runs past its length (wrong boot key)');
    throw e;
  }
}

export function lsaKeysFromPolEKList(value: Uint8Array, bootKey: Uint8Array): Result<LsaKeys> {
  const hard = parseNt6HardSecret(value, 'PolEKList');
  if (!hard.ok) return hard;
  const clear = decryptNt6HardSecret(hard.value, bootKey, 'PolEKList');
  if (!clear.ok) return fail(clear.kind, clear.reason.replace('(wrong key)', '(wrong boot key)'));
  return parseNt6SystemKeys(clear.value.secret);
}

/** NT5_SYSTEM_KEYS: 3 u32, keys[3][16] at 12..60, lazyIV at 60..76; no checksum, a wrong boot key shows later. */
export function lsaKeyFromPolSecretEncryptionKey(value: Uint8Array, bootKey: Uint8Array): Result<LsaKeys> {
  if (value.length < NT5_POL_SECRET_ENCRYPTION_KEY_LENGTH) {
    return fail('malformed', `PolSecretEncryptionKey: ${value.length} bytes, expected ${NT5_POL_SECRET_ENCRYPTION_KEY_LENGTH}`);
  }
  const rc4Key = hash('md5', bootKey, ...repeated(value.subarray(60, 76), 1000));
  const keys = rc4(rc4Key, value.subarray(12, 60));
  return ok({ scheme: 'nt5', key: keys.slice(16, 32) });
}

