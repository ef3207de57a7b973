/** Key and value names as stored: "compressed" (one Latin-1 byte per char) when every code unit ≤ 0xFF, else UTF-16LE. */

export interface EncodedName {
  readonly bytes: Uint8Array;
  readonly compressed: boolean;
  /** Length the name would have in UTF-16 bytes: the unit of the nk max-name-length fields. */
  readonly utf16Length: number;
}

const MAX_NAME_BYTES = 0xffff;

export function encodeName(name: string): EncodedName {
  let compressed = true;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0xff) {
      compressed = false;
      break;
    }
  }
  const bytes = compressed ? latin1(name) : utf16le(name);
  if (bytes.length > MAX_NAME_BYTES) throw new RangeError(`name of ${bytes.length} bytes exceeds ${MAX_NAME_BYTES}`);
  return { bytes, compressed, utf16Length: name.length * 2 };
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** UTF-16LE code units as they are (lone surrogates included), no terminator. */
export function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}
