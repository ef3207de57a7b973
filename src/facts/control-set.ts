/**
 * Which control set was live: `Select\Current` → `ControlSet%03d` (ControlSet010+ included), the literal
 * `CurrentControlSet` of a live export, else the lowest-numbered set; and licensing drift against LastKnownGood.
 */
import { CONTROL_SET_RE, controlSetName, liveControlSet } from '../view/control-set.js';
import { REG_DWORD } from '../view/value-types.js';
import { DRIFT_VALUES } from './paths.js';
import { displayData, type HiveSource } from './source.js';
import type { ControlSetFacts, DriftEntry, Provenance } from './types.js';

export function gatherControlSet(system: HiveSource | null): ControlSetFacts {
  const empty = { current: null, default: null, lastKnownGood: null, failed: null };
  if (!system) return { name: null, source: 'none', select: empty, lastKnownGoodName: null, available: [], drift: [], evidence: [] };
  const evidence: Provenance[] = [];
  const sel = (name: string) => {
    const f = system.dword('Select', name);
    if (f) evidence.push(...f.evidence);
    return f ? f.value : null;
  };
  const select = { current: sel('Current'), default: sel('Default'), lastKnownGood: sel('LastKnownGood'), failed: sel('Failed') };
  const available = system.hive.view.root
    .subkeys()
    .map((k) => k.name)
    .filter((n) => CONTROL_SET_RE.test(n))
    .sort();
  const exists = (name: string) => system.key(name) !== null;

  const live = liveControlSet(system.hive.view, select.current);
  const name = live?.name ?? null;
  const source: ControlSetFacts['source'] = live?.via ?? 'none';
  if (live?.via === 'current-control-set') evidence.push(system.keyEvidence(live.key, 'CurrentControlSet used literally (export of the live set)'));
  if (live?.via === 'lowest-numbered') evidence.push(system.keyEvidence(live.key, 'Select\\Current missing or dangling: lowest-numbered set used'));

  const lkgName =
    select.lastKnownGood !== null && exists(controlSetName(select.lastKnownGood)) ? system.key(controlSetName(select.lastKnownGood))!.name : null;
  const drift: DriftEntry[] = [];
  if (name && lkgName && lkgName.toUpperCase() !== name.toUpperCase()) {
    for (const [path, valueName] of DRIFT_VALUES) {
      const a = system.raw(`${name}\\${path}`, valueName);
      const b = system.raw(`${lkgName}\\${path}`, valueName);
      const da = a ? displayData(a.value.type, a.value.data) : null;
      const db = b ? displayData(b.value.type, b.value.data) : null;
      const sameType = (a?.value.type ?? REG_DWORD) === (b?.value.type ?? REG_DWORD);
      if (da !== db || !sameType) {
        drift.push({
          path,
          valueName,
          current: da,
          lastKnownGood: db,
          evidence: [a ? a.evidence : system.absentEvidence(`${name}\\${path}`, valueName), b ? b.evidence : system.absentEvidence(`${lkgName}\\${path}`, valueName)],
        });
      }
    }
  }
  return { name, source, select, lastKnownGoodName: lkgName, available, drift, evidence };
}
