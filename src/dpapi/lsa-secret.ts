/**
 * Decrypts an LSA secret value (SECURITY\Policy\Secrets\<name>\CurrVal or OldVal, default value) with the
 * LSA key(s), cut at its length field. NT6 secrets name the LSA key that encrypted them (mimikatz matches it).
 */
import { fail, ok, type Result } from './bytes.js';
import type { LsaKeys } from './lsa-key.js';
import { decryptNt5Secret } from './nt5-secret.js';
import { decryptNt6HardSecret, parseNt6HardSecret } from './nt6-secret.js';

export interface LsaSecret {
  readonly secret: Uint8Array;
  /** NT6 only: id of the PolEKList key used. */
  readonly lsaKeyId?: string;
}

export function decryptLsaSecret(value: Uint8Array, lsa: LsaKeys, what: string): Result<LsaSecret> {
  if (lsa.scheme === 'nt5') {
    const r = decryptNt5Secret(value, lsa.key, what);
    return r.ok ? ok({ secret: r.value.secret }) : r;
  }
  const hard = parseNt6HardSecret(value, what);
  if (!hard.ok) return hard;
  const entry = lsa.keys.find((k) => k.id === hard.value.keyId);
  if (!entry) return fail('not-decryptable', `${what}: encrypted with LSA key ${hard.value.keyId}, which PolEKList does not hold`);
  const clear = decryptNt6HardSecret(hard.value, entry.key, what);
  return clear.ok ? ok({ secret: clear.value.secret, lsaKeyId: entry.id }) : clear;
}
