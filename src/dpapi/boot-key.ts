/**
 * Boot key (syskey) from the class names of SYSTEM\ControlSet00N\Control\Lsa\{JD,Skew1,GBG,Data}:
 * hex-decode the 32 characters, then permute (impacket secretsdump getBootKey convention).
 */
import { fail, ok, type Result } from './bytes.js';

export interface BootKeyClassNames {
  readonly JD: string;
  readonly Skew1: string;
  readonly GBG: string;
  readonly Data: string;
}

export const BOOT_KEY_PARTS = ['JD', 'Skew1', 'GBG', 'Data'] as const;

/** bootKey[i] = scrambled[P[i]], for the hex-decoded string order (mimikatz's DWORD order uses another table). */
export const BOOT_KEY_PERMUTATION: readonly number[] = [8, 5, 4, 2, 11, 9, 13, 3, 0, 6, 1, 12, 14, 10, 15, 7];

const HEX8 = /^[0-9a-fA-F]{8}$/;

export function bootKeyFromClassNames(names: BootKeyClassNames): Result<Uint8Array> {
  const scrambled = new Uint8Array(16);
  for (let p = 0; p < 4; p++) {
    const part = BOOT_KEY_PARTS[p];
    // A class name read with its terminator still attached is the same key.
    const text = String(names[part] ?? '').replace(/\0+$/, '');
    if (!HEX8.test(text)) return fail('malformed', `Lsa\\${part} class name is not 8 hex digits (length ${text.length})`);
    for (let i = 0; i < 4; i++) scrambled[p * 4 + i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  }
  return ok(Uint8Array.from(BOOT_KEY_PERMUTATION, (src) => scrambled[src]));
}
