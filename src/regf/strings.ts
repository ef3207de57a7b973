/** Name decoding: compressed names are Latin-1 (one byte a character), others UTF-16LE, both lenient. */

export function decodeLatin1(bytes: Uint8Array, start: number, len: number): string {
  if (len <= 64) {
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(bytes[start + i]);
    return s;
  }
  // Not TextDecoder('latin1'): browsers map that label to windows-1252 (0x80 → €), Node does not.
  let out = '';
  for (let i = 0; i < len; i += 8192) out += String.fromCharCode(...bytes.subarray(start + i, start + Math.min(len, i + 8192)));
  return out;
}

/** UTF-16LE with unpaired surrogates replaced by U+FFFD (as TextDecoder does), an odd last byte dropped. */
export function decodeUtf16Name(bytes: Uint8Array, start: number, len: number): string {
  const n = len >>> 1;
  let s = '';
  for (let i = 0; i < n; i++) {
    const p = start + 2 * i;
    let c = bytes[p] | (bytes[p + 1] << 8);
    if (c >= 0xd800 && c <= 0xdfff) {
      const q = p + 2;
      const next = i + 1 < n ? bytes[q] | (bytes[q + 1] << 8) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        s += String.fromCharCode(c, next);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    s += String.fromCharCode(c);
  }
  return s;
}
