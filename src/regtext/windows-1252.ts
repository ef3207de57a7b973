/**
 * Windows-1252 (the ANSI code page of REGEDIT4 files on Western systems). Hand-written because Node 20's
 * TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 C1 controls, not as the 1252 table does.
 */

/** Code points for bytes 0x80–0x9F; the five bytes 1252 leaves undefined map to the same C1 code point. */
const HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d,
  0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d,
  0x017e, 0x0178,
];

const CHUNK = 8192;

/** Decodes Windows-1252 bytes; every byte maps to exactly one UTF-16 code unit. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(bytes.length, CHUNK));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      units[i - start] = b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80] : b;
    }
    parts.push(String.fromCharCode.apply(null, units.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join('');
}
