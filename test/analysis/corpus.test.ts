import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../src/analysis/index.js';
import type { HostEvidence, LoadedHive } from '../../src/evidence/types.js';
import { openHive } from '../../src/regf/hive.js';
import { CORPUS, requireOracle } from '../helpers/oracles.js';

/** Real workstation SYSTEM hives (regipy test data): Windows 10, ProductType WinNT, LicensingMode 1. */
const WORKSTATIONS = ['mkorman90_regipy/regipy_tests/data/SYSTEM', 'mkorman90_regipy/regipy_tests/data/SYSTEM_WIN_10_1709'];

function systemOnly(rel: string): HostEvidence {
  const path = resolve(CORPUS, rel);
  const bytes = readFileSync(path);
  const view = openHive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const dirty = view.baseBlock.sequenceMismatch;
  const system: LoadedHive = {
    input: { path: rel, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'SYSTEM', format: 'regf', dirty, logsApplied: [], logsMissing: dirty, anomalies: [] },
    view,
  };
  return { label: rel, system, users: [], auxiliary: [], inputs: [system.input] };
}

describe('real workstation hives from the corpus', () => {
  for (const rel of WORKSTATIONS) {
    it.skipIf(!requireOracle('corpus'))(`${rel}: no server-side licensing findings, only what truly applies`, () => {
      const r = analyzeHost(systemOnly(rel));
      expect(r.errors).toEqual([]);
      expect(r.facts.controlSet).toMatchObject({ name: 'ControlSet001', source: 'select-current' });
      expect(r.facts.identity.productType?.value).toBe('WinNT');
      expect(r.facts.licensing.localMode?.value).toBe(1);
      expect(r.facts.roles.rdsh.value).toBe(false);
      const ids = r.findings.map((f) => f.ruleId);
      expect(ids).toContain('rdsh-role-not-installed');
      // Server-side licensing and grace-period rules are all not applicable on a workstation.
      for (const id of ['licensing-mode-not-configured', 'no-license-server', 'grace-period-expired', 'timebomb-missing', 'cal-version-required', 'x509-certificate-suspect'])
        expect(r.notApplicable).toContain(id);
      // Whatever else fires must be host/evidence or client-side facts, each backed by evidence from this file.
      const allowed = new Set(['rdsh-role-not-installed', 'hive-dirty-logs-missing', 'hive-corrupt', 'as-of-time-estimated', 'rdp-connections-denied', 'rdp-port-changed', 'nla-disabled', 'rdp-security-layer-legacy', 'controlset-drift', 'termservice-disabled']);
      for (const f of r.findings) {
        expect(allowed.has(f.ruleId), `${f.ruleId}: ${f.message}`).toBe(true);
        for (const e of f.evidence) expect(e.input).toBe(rel);
      }
      expect(r.findings.filter((f) => f.ruleId === 'hive-corrupt')).toEqual([]);
      expect(JSON.stringify(analyzeHost(systemOnly(rel)))).toBe(JSON.stringify(r));
    });
  }
});
