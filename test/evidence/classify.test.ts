import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyHive } from '../../src/evidence/index.js';
import { HiveFormatError, openHive } from '../../src/regf/hive.js';
import { parseRegText } from '../../src/regtext/index.js';
import { treeFromPaths } from '../../src/regf-writer/index.js';
import { TreeView } from '../../src/view/tree-view.js';
import { corpusEntries } from '../helpers/corpus.js';

const caps = { lastWrite: false, security: false, className: false };
const view = (...paths: string[]) => new TreeView(treeFromPaths(Object.fromEntries(paths.map((p) => [p, {}]))), 'reg', caps);

describe('classifyHive', () => {
  it.each([
    ['SYSTEM', ['Select', 'ControlSet001\\Control']],
    ['SYSTEM', ['CurrentControlSet\\Control\\Terminal Server']],
    ['SOFTWARE', ['Microsoft\\Windows NT\\CurrentVersion', 'Classes']],
    ['NTUSER', ['Software\\Microsoft', 'Control Panel\\Desktop']],
    ['SECURITY', ['Policy\\PolEKList', 'RXACT']],
    ['SAM', ['SAM\\Domains\\Account']],
    ['USRCLASS', ['Local Settings\\Software', 'CLSID']],
    ['OTHER', ['Select']],
    ['OTHER', ['ControlSet001\\Control', 'MountedDevices']],
    ['OTHER', ['Microsoft\\Windows NT\\CurrentVersion', 'AppDataLow']],
    ['AMCACHE', ['Root\\InventoryApplicationFile']],
    ['AMCACHE', ['Root\\File\\{2f1b6f42-0000-11e2-bcfd-806e6f6e6963}']],
  ] as const)('%s from %j', (kind, paths) => {
    expect(classifyHive(view(...paths))).toBe(kind);
  });

  it('agrees with the corpus manifest on every readable hive but three partial ones', () => {
    const entries = corpusEntries().filter((e) => !['LOG', 'REG'].includes(e.kind));
    if (entries.length === 0) return;
    const disagree: string[] = [];
    let agree = 0;
    for (const e of entries) {
      let kind: string;
      try {
        kind = classifyHive(openHive(readFileSync(e.abs)));
      } catch (err) {
        if (err instanceof HiveFormatError) continue;
        throw err;
      }
      const want = e.kind;
      if (kind === want) agree++;
      else disagree.push(`${e.path}: ${want} → ${kind}`);
    }
    // A SECURITY without its root key, a user's Software key saved alone, and a container's differencing SYSTEM.
    expect(disagree).toEqual([
      'EricZimmerman_Registry/Registry.Test/Hives/SECURITYNoRoot: SECURITY → OTHER',
      'mkorman90_regipy/regipy_tests/data/ntuser_software_partial: NTUSER → OTHER',
      'msuhanov_yarp/hives_for_tests/System_Delta: SYSTEM → OTHER',
    ]);
    expect(agree).toBe(109);
  });

  it('classifies root-less .reg exports (hivexregedit) by content', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[\\Select]\r\n"Current"=dword:00000001\r\n\r\n[\\ControlSet001\\Control]\r\n';
    const r = parseRegText(new TextEncoder().encode(text), 'x.reg');
    expect(r.hives.map((h) => [h.root, classifyHive(h.view)])).toEqual([['HIVE', 'SYSTEM']]);
  });
});
