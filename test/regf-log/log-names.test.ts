import { describe, expect, it } from 'vitest';
import { pickLogNames } from '../../src/regf/log/log-names.js';

describe('pickLogNames', () => {
  it('finds .LOG1, .LOG2 and .LOG in that order, any case', () => {
    expect(pickLogNames('NTUSER.DAT', ['ntuser.dat.LOG', 'NTUSER.DAT', 'ntuser.dat.log2', 'NTUSER.DAT.LOG1', 'ntuser.ini'])).toEqual([
      { name: 'NTUSER.DAT.LOG1', kind: 'LOG1' },
      { name: 'ntuser.dat.log2', kind: 'LOG2' },
      { name: 'ntuser.dat.LOG', kind: 'LOG' },
    ]);
  });

  it('matches regipy-style names and keeps sibling paths as given', () => {
    expect(pickLogNames('data/transactions_NTUSER.DAT', ['data/transactions_ntuser.dat.log1', 'data\\transactions_ntuser.dat.log2'])).toEqual([
      { name: 'data/transactions_ntuser.dat.log1', kind: 'LOG1' },
      { name: 'data\\transactions_ntuser.dat.log2', kind: 'LOG2' },
    ]);
  });

  it('ignores look-alikes', () => {
    expect(pickLogNames('SYSTEM', ['SYSTEM.LOG3', 'SYSTEM.LOG1.bak', 'SYSTEM1.LOG1', 'XSYSTEM.LOG1', 'SYSTEM.sav', 'SYSTEM.LOG.1', 'SYSTEMLOG1'])).toEqual([]);
    expect(pickLogNames('', ['.LOG1'])).toEqual([]);
  });

  it('puts the exact-case name first when a case-sensitive file system holds both', () => {
    expect(pickLogNames('aa', ['aa.log1', 'aa.LOG1']).map((l) => l.name)).toEqual(['aa.LOG1', 'aa.log1']);
  });

  it('folds non-ASCII names per code unit, never changing lengths', () => {
    expect(pickLogNames('straße', ['STRASSE.LOG1', 'STRAßE.LOG1']).map((l) => l.name)).toEqual(['STRAßE.LOG1']);
    expect(pickLogNames('Ünïcode.dat', ['üNÏCODE.DAT.log2']).map((l) => l.kind)).toEqual(['LOG2']);
  });
});
