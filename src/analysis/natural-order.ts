/**
 * Natural order for host labels and names: digit runs compare as numbers (`-1, -2, -10`), the rest without regard
 * to case, then by code unit so the order is total. Hand-written rather than Intl.Collator, whose results depend
 * on the ICU build: the same hosts must sort the same on every platform. templates/partials/fleet.js.hbs holds the
 * same algorithm for the index page's client-side sort.
 */
const CHUNK = /(\d+)|(\D+)/g;

function chunks(s: string): string[] {
  return s.match(CHUNK) ?? [];
}

export function naturalCompare(a: string, b: string): number {
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    const pd = p.charCodeAt(0) >= 48 && p.charCodeAt(0) <= 57;
    const qd = q.charCodeAt(0) >= 48 && q.charCodeAt(0) <= 57;
    if (pd && qd) {
      // Numbers of any length: strip leading zeros, then the longer is larger, then digit by digit.
      const pn = p.replace(/^0+/, '');
      const qn = q.replace(/^0+/, '');
      if (pn.length !== qn.length) return pn.length - qn.length;
      if (pn !== qn) return pn < qn ? -1 : 1;
    } else {
      const pl = p.toLowerCase();
      const ql = q.toLowerCase();
      if (pl !== ql) return pl < ql ? -1 : 1;
    }
  }
  if (x.length !== y.length) return x.length - y.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
