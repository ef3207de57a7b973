/**
 * Several .reg files of one host → one view per hive: each file's edits are replayed in the order given,
 * so a later file's `[-key]` or `"v"=-` removes what an earlier file set.
 */
import type { Anomaly } from '../view/anomaly.js';
import { TreeView } from '../view/tree-view.js';
import { exportedSubtrees } from './export-scope.js';
import { hiveId } from './roots.js';
import { BuildBudget, RegTreeBuilder } from './tree-builder.js';
import { DEFAULT_LIMITS, REG_CAPABILITIES, type RegEdit, type RegTextHive, type RegTextLimits, type RegTextResult } from './types.js';

export interface MergedRegText {
  /** Files merged, in order. */
  readonly fileNames: string[];
  readonly hives: RegTextHive[];
  /** Every file's anomalies, messages prefixed with the file name. */
  readonly anomalies: Anomaly[];
}

export function mergeRegTexts(results: readonly RegTextResult[], limits: Partial<RegTextLimits> = {}): MergedRegText {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const budget = new BuildBudget(lim.maxKeys, lim.maxValues);
  const groups = new Map<string, { first: RegTextHive; builder: RegTreeBuilder; edits: RegEdit[]; anomalies: Anomaly[] }>();
  const anomalies: Anomaly[] = [];
  for (const r of results) {
    const tagged = r.anomalies.map((a) => ({ ...a, message: `${r.fileName}: ${a.message}` }));
    anomalies.push(...tagged);
    const byOriginal = new Map(r.anomalies.map((a, k) => [a, tagged[k]]));
    for (const h of r.hives) {
      const id = hiveId(h.root, h.userSid);
      let g = groups.get(id);
      if (!g) {
        g = { first: h, builder: new RegTreeBuilder(budget), edits: [], anomalies: [] };
        groups.set(id, g);
      }
      for (const e of h.edits) {
        g.builder.apply(e);
        g.edits.push(e);
      }
      for (const a of h.view.anomalies) g.anomalies.push(byOriginal.get(a) ?? a);
    }
  }
  if (budget.keysRefused > 0 || budget.valuesRefused > 0) {
    anomalies.push({
      code: 'reg-limit-reached',
      severity: 'error',
      structure: 'merge',
      message: `limits reached while merging: ${budget.keysRefused} key(s) and ${budget.valuesRefused} value(s) were not stored`,
    });
  }
  const hives: RegTextHive[] = [];
  for (const g of groups.values()) {
    const view = new TreeView(g.builder.toTreeKey(), 'reg', REG_CAPABILITIES, g.anomalies, exportedSubtrees(g.edits));
    hives.push({ root: g.first.root, prefix: g.first.prefix, view, edits: g.edits, ...(g.first.userSid !== undefined ? { userSid: g.first.userSid } : {}) });
  }
  return { fileNames: results.map((r) => r.fileName), hives, anomalies };
}
