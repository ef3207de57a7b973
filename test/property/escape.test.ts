/** Report escaping in one pass: mdText equals its step-by-step definition on any text; jsonForScript's three escapes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonForScript, mdText } from '../../src/report/escape.js';
import { PROPERTY_SEED } from './arbitraries.js';

/** The definition: punctuation, then &<>, then line breaks, then the other control characters. */
function stepByStep(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
  return text
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => entities[c])
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

describe('mdText', () => {
  it('equals the step-by-step definition on any text (control characters, CR LF, punctuation, astral)', () => {
    const chars = fc.constantFrom(...'\\`*_[]|~#!&<>\r\n\t\u0000\u0007\u000b\u001f\u007f\u0080a Zä—𝄞"\'=');
    fc.assert(
      fc.property(fc.array(fc.oneof(chars, fc.string({ maxLength: 3 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(mdText(text)).toBe(stepByStep(text));
      }),
      { seed: PROPERTY_SEED, numRuns: 3000 },
    );
    expect(mdText('a\r\nb\rc\nd|e\u0001')).toBe('a<br>b<br>c<br>d\\|e&#x1;');
  });
});

describe('jsonForScript', () => {
  it('the JSON with <, U+2028 and U+2029 spelled as escapes', () => {
    const v = { b: '</script><!--', a: ['\u2028\u2029'] };
    expect(jsonForScript(v)).toBe('{"b":"\\u003c/script>\\u003c!--","a":["\\u2028\\u2029"]}');
    expect(JSON.parse(jsonForScript(v))).toEqual(v);
  });
});
