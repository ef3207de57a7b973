/** The host's own interface addresses (license-server self-reference, audit C3) against reglookup on real SYSTEM hives. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LoadedHive } from '../../src/evidence/types.js';
import { gatherFacts } from '../../src/facts/index.js';
import { openHive } from '../../src/regf/hive.js';
import { corpusEntries } from '../helpers/corpus.js';
import { requireOracle } from '../helpers/oracles.js';

const systems = corpusEntries().filter((e) => e.kind === 'SYSTEM' && e.reglookup);

/** reglookup's IPAddress / DhcpIPAddress values under ControlSet001's Tcpip interfaces, 0.0.0.0 left out. */
function reglookupAddresses(path: string): string[] {
  const out = execFileSync('reglookup', ['-H', '-p', '/ControlSet001/Services/Tcpip/Parameters/Interfaces', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  const found = new Set<string>();
  for (const line of out.split('\n')) {
    const m = line.match(/\/(?:IPAddress|DhcpIPAddress),(?:MULTI_SZ|SZ),([^,]*),/);
    if (!m) continue;
    for (const a of m[1].split('|')) if (/^\d+\.\d+\.\d+\.\d+$/.test(a) && a !== '0.0.0.0') found.add(a);
  }
  return [...found].sort();
}

describe('interface addresses against reglookup (real SYSTEM hives)', () => {
  for (const e of systems) {
    it.skipIf(!requireOracle('corpus') || !requireOracle('reglookup'))(`${e.path}`, () => {
      const bytes = readFileSync(e.abs);
      const view = openHive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const system: LoadedHive = {
        input: { path: e.path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'SYSTEM', format: 'regf', dirty: false, logsApplied: [], logsMissing: false, anomalies: [] },
        view,
      };
      const f = gatherFacts({ label: e.path, system, users: [], auxiliary: [], inputs: [system.input] });
      if (f.controlSet.name !== 'ControlSet001') return; // reglookup is asked about ControlSet001 only
      expect(f.identity.addresses.map((a) => a.value).sort()).toEqual(reglookupAddresses(e.abs));
    });
  }
});
