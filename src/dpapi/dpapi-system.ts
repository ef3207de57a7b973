/** The DPAPI_SYSTEM LSA secret: u32 version (1), machineKey[20], userKey[20] (impacket DPAPI_SYSTEM). */
import { fail, ok, readU32, type Result } from './bytes.js';

export const DPAPI_SYSTEM_LENGTH = 44;

export interface DpapiSystem {
  readonly version: number;
  /** Opens system master keys in Protect\S-1-5-18\. */
  readonly machineKey: Uint8Array;
  /** Opens system master keys in Protect\S-1-5-18\User\. */
  readonly userKey: Uint8Array;
}

export function parseDpapiSystem(secret: Uint8Array, what = 'DPAPI_SYSTEM'): Result<DpapiSystem> {
  // A wrong LSA key on NT5 decrypts to noise whose length field happened to fit: same symptom as here.
  if (secret.length !== DPAPI_SYSTEM_LENGTH) return fail('not-decryptable', `${what}: secret is ${secret.length} bytes, expected ${DPAPI_SYSTEM_LENGTH}`);
  const version = readU32(secret, 0);
  if (version !== 1) return fail('not-decryptable', `${what}: version ${version}, expected 1`);
  return ok({ version, machineKey: secret.slice(4, 24), userKey: secret.slice(24, 44) });
}
