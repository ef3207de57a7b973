/** Display paths: `/` on every platform (Windows input paths), POSIX paths as they are. */
import { describe, expect, it } from 'vitest';
import { displayDirname, displayJoin, displayPath } from '../../src/node/display-path.js';

describe('display paths', () => {
  it('turns Windows separators into / and joins like path.join', () => {
    expect(displayPath('samples\\healthy\\SYSTEM', '\\')).toBe('samples/healthy/SYSTEM');
    expect(displayJoin('samples', 'healthy/SYSTEM', '\\')).toBe('samples/healthy/SYSTEM');
    expect(displayJoin('.\\samples\\', 'healthy/SYSTEM', '\\')).toBe('samples/healthy/SYSTEM');
    expect(displayJoin('C:\\case\\host1', 'Windows/System32/config/SYSTEM', '\\')).toBe('C:/case/host1/Windows/System32/config/SYSTEM');
    expect(displayJoin('.', 'SYSTEM.LOG1', '\\')).toBe('SYSTEM.LOG1');
    expect(displayDirname('case\\SYSTEM', '\\')).toBe('case');
  });

  it('keeps a UNC share as //server/share', () => {
    expect(displayJoin('\\\\server\\share\\case', 'SYSTEM', '\\')).toBe('//server/share/case/SYSTEM');
  });

  it('leaves a backslash in a POSIX file name alone', () => {
    expect(displayPath('case/odd\\name', '/')).toBe('case/odd\\name');
    expect(displayJoin('case', 'odd\\name', '/')).toBe('case/odd\\name');
  });

  it('gives the same display for the same evidence typed either way', () => {
    expect(displayJoin('samples\\a', 'SYSTEM', '\\')).toBe(displayJoin('samples/a', 'SYSTEM', '/'));
  });
});
