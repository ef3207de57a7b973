/**
 * Windows compares key and value names case-insensitively by upcasing each UTF-16 code unit on its own
 * (RtlUpcaseUnicodeChar); String.prototype.toUpperCase would change lengths ('ß' → 'SS'), so map per unit.
 */
const cache = new Map<number, number>();

function upcaseUnit(c: number): number {
  if (c < 0x61) return c;
  if (c <= 0x7a) return c - 0x20;
  if (c < 0x80) return c;
  let u = cache.get(c);
  if (u === undefined) {
    const up = String.fromCharCode(c).toUpperCase();
    u = up.length === 1 ? up.charCodeAt(0) : c;
    cache.set(c, u);
  }
  return u;
}

/** Name upcased per code unit, for case-insensitive comparison and lookup maps. */
export function upcaseName(name: string): string {
  let lower = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return upcaseUnits(name);
    if (c >= 0x61) lower = true;
  }
  // ASCII: toUpperCase maps a-z alone, as per-unit upcasing does, in one native call.
  return lower ? name.toUpperCase() : name;
}

function upcaseUnits(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(upcaseUnit(name.charCodeAt(i)));
  return out;
}

/** Case-insensitive name equality; upcasing keeps the length (one code unit for one), so other lengths never match. */
export function namesEqual(a: string, b: string): boolean {
  return a.length === b.length && upcaseName(a) === upcaseName(b);
}
