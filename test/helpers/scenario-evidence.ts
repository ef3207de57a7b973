/** Turns a scenario into HostEvidence over TreeViews (binary-hive or .reg capabilities), or over any HiveView factory. */
import { createHash } from 'node:crypto';
import type { EvidenceInput, HiveKind, HostEvidence, LoadedHive } from '../../src/evidence/types.js';
import type { HiveView } from '../../src/view/registry-view.js';
import { TreeView, type TreeKey } from '../../src/view/tree-view.js';
import { openHive } from '../../src/regf/hive.js';
import { writeHive } from '../../src/regf-writer/index.js';
import { parseRegText, toRegText } from '../../src/regtext/index.js';
import type { Scenario, ScenarioInputState } from '../scenarios/index.js';

export type ViewFactory = (root: TreeKey, hive: HiveKind) => HiveView;

export const regfTreeView: ViewFactory = (root) => new TreeView(root, 'regf', { lastWrite: true, security: true, className: true });
/** The scenario written as a real regf file by the hive writer and read back by the binary reader. */
export const writtenHiveView: ViewFactory = (root) => openHive(writeHive(root));
/** The scenario exported as a real .reg file (toRegText) and parsed back by the .reg reader. */
export const regTextView: ViewFactory = (root, hive) => {
  const prefix = hive === 'NTUSER' ? 'HKEY_USERS\\S-1-5-21-1-2-3-1001' : `HKEY_LOCAL_MACHINE\\${hive}`;
  const parsed = parseRegText(toRegText(new TreeView(root, 'reg', { lastWrite: false, security: false, className: false }), prefix), `${hive}.reg`);
  if (parsed.hives.length !== 1) throw new Error(`expected one hive in the export, got ${parsed.hives.length}`);
  return parsed.hives[0].view;
};
export const regTreeView: ViewFactory = (root) => new TreeView(root, 'reg', { lastWrite: false, security: false, className: false });

function loaded(path: string, kind: HiveKind, view: HiveView, state: ScenarioInputState = {}, user?: string): LoadedHive {
  const input: EvidenceInput = {
    path,
    size: 0,
    sha256: createHash('sha256').update(path).digest('hex'),
    kind,
    format: view.kind,
    dirty: state.dirty ?? false,
    logsApplied: (state.logsApplied ?? []).map((l) => ({ path: l.path, sha256: createHash('sha256').update(l.path).digest('hex'), format: 'HvLE' as const, entries: l.entries, sequenceBefore: 1, sequenceAfter: 2 })),
    logsMissing: state.logsMissing ?? false,
    anomalies: state.anomalies ?? [],
  };
  return { input, view, ...(state.recovered ? { recovered: state.recovered } : {}), ...(user !== undefined ? { user } : {}) };
}

export function scenarioEvidence(s: Scenario, factory: ViewFactory = regfTreeView): HostEvidence {
  const ext = factory === regTreeView || factory === regTextView ? '.reg' : '';
  const system = s.hives.system ? loaded(`${s.id}/SYSTEM${ext}`, 'SYSTEM', factory(s.hives.system, 'SYSTEM'), s.inputState?.system) : undefined;
  const software = s.hives.software ? loaded(`${s.id}/SOFTWARE${ext}`, 'SOFTWARE', factory(s.hives.software, 'SOFTWARE'), s.inputState?.software) : undefined;
  const sam = s.hives.sam ? loaded(`${s.id}/SAM${ext}`, 'SAM', factory(s.hives.sam, 'SAM')) : undefined;
  const users = (s.hives.users ?? []).map((u, i) => loaded(`${s.id}/NTUSER-${i}${ext}`, 'NTUSER', factory(u.root, 'NTUSER'), {}, u.user));
  const all = [system, software, sam, ...users].filter((h): h is LoadedHive => h !== undefined);
  return { label: s.id, system, software, ...(sam ? { sam } : {}), users, auxiliary: [], inputs: all.map((h) => h.input) };
}
