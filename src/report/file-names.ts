/** Report file names from host names, which are hostile hive content: safe on Windows, macOS and Linux. */

/** Longest name component kept from a host name, in code points (NetBIOS names are 15, FQDNs up to 255). */
export const MAX_NAME_CODE_POINTS = 64;

/** Device names Windows reserves in any directory, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/**
 * One file-name component: letters, digits, `.`, `-` and `_` only (no separators, control, reserved or bidi
 * characters), no dot runs (so no `..`), no leading or trailing dots, capped, never empty or a reserved device name.
 */
export function sanitizeFileComponent(text: string): string {
  let s = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  s = Array.from(s).slice(0, MAX_NAME_CODE_POINTS).join('').replace(/[._-]+$/, '');
  if (s === '') return 'host';
  // CON, CON.html and CON.anything all open the console device on Windows.
  if (WINDOWS_RESERVED.test(s.split('.')[0])) s = `_${s}`;
  return s;
}

/**
 * Base name (no extension) of host `index`'s report files: `001-RDSH01`; the index keeps equal names apart. The
 * number has at least three digits, and as many as the largest of `count` hosts needs, so names sort as numbers.
 */
export function reportFileName(hostname: string, index: number, count = 0): string {
  const n = Number.isSafeInteger(index) && index >= 0 ? index + 1 : 0;
  const width = Math.max(3, String(Number.isSafeInteger(count) && count > 0 ? count : 0).length);
  return `${String(n).padStart(width, '0')}-${sanitizeFileComponent(hostname)}`;
}
