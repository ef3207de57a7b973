import { describe, expect, it } from 'vitest';
import { dateToFiletime, filetimeToDate, readFiletime } from '../../src/regf/filetime.js';

describe('FILETIME', () => {
  it('the fast two-half conversion equals the BigInt one across the range', () => {
    const dv = new DataView(new ArrayBuffer(8));
    let x = 0x0123_4567_89ab_cdefn;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffff_ffff_ffff_ffffn;
      const ft = x % 0x0300_0000_0000_0000n; // up to about year 30828's neighbourhood
      dv.setBigUint64(0, ft, true);
      expect(readFiletime(dv, 0)?.getTime()).toBe(filetimeToDate(ft)?.getTime());
    }
  });
  it('round-trips dates and maps 0 to null', () => {
    const d = new Date('2019-05-16T10:00:00.123Z');
    expect(filetimeToDate(dateToFiletime(d))?.toISOString()).toBe(d.toISOString());
    expect(filetimeToDate(0n)).toBeNull();
    const dv = new DataView(new ArrayBuffer(8));
    expect(readFiletime(dv, 0)).toBeNull();
  });
});
