/**
 * upcaseName (Windows' per-code-unit name comparison) against its definition, one UTF-16 code unit at a time: the
 * ASCII fast path (one toUpperCase call) must give what the per-unit map gives, for every ASCII unit and for mixed
 * strings; and the length never changes (key and value lookups reject names of another length before upcasing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upcaseName } from '../../src/view/names.js';
import { PROPERTY_SEED } from './arbitraries.js';

/** RtlUpcaseUnicodeChar as the reader models it: toUpperCase of the unit alone, kept only when it stays one unit. */
function reference(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const up = name[i].toUpperCase();
    out += up.length === 1 ? up : name[i];
  }
  return out;
}

describe('upcaseName', () => {
  it('maps every single code unit as the per-unit definition does', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const s = String.fromCharCode(c);
      expect(upcaseName(s)).toBe(reference(s));
    }
  });

  it('upcases whole names as the per-unit definition does, keeping their length (fast-check)', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xdf, 0x149, 0x1f0, 0xfb00, 0xd800, 0xdfff));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const s = String.fromCharCode(...units);
        const up = upcaseName(s);
        expect(up).toBe(reference(s));
        expect(up.length).toBe(s.length);
      }),
      { seed: PROPERTY_SEED, numRuns: 3000 },
    );
  });

  it('leaves names without lowercase letters as they are', () => {
    expect(upcaseName('SYSTEM\\CurrentControlSet')).toBe('SYSTEM\\CURRENTCONTROLSET');
    expect(upcaseName('IMAGEPATH')).toBe('IMAGEPATH');
    expect(upcaseName('straße')).toBe('STRAßE');
  });
});
