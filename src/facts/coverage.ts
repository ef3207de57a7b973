/**
 * Evidence coverage: for each registry area the rules read, whether these inputs can tell what is there. A key
 * is "absent" only where the source holds it whole: a .reg export covers just its exported subtrees, a live
 * export never holds the GracePeriod key (its ACL hides it from administrators), and a damaged hive's missing key
 * could not be read. Rules declare the areas they read; the engine makes a rule not checkable when one is unknown.
 */
import { gatherHiveState } from './hive-state.js';
import {
  COMPUTER_NAME,
  CONTROL_WINDOWS,
  CURRENT_VERSION,
  GP_STATE_MACHINE,
  MSLICENSING,
  PRODUCT_OPTIONS,
  RCM,
  RCM_GRACE_PERIOD,
  RCM_LICENSING_CORE,
  SERVER_COMPONENT_CACHE,
  TASKCACHE,
  TCPIP_PARAMETERS,
  TERMSERVICE,
  TERMSERVLICENSING,
  TS,
  TS_CLIENT,
  TS_POLICIES,
  WINSTATIONS,
} from './paths.js';
import type { HiveSource } from './source.js';
import type { AreaCoverage, CoverageFacts, CoverageStatus, HiveSummary } from './types.js';

type Role = HiveSummary['role'];

interface AreaSpec {
  readonly hive: Role;
  /** Hive-relative key; `{cs}\` stands for the current control set; null = the hive as a whole. */
  readonly path: string | null;
  /** What this area tells, for "what to collect". */
  readonly tells: string;
}

/** Every area a rule may declare in `reads`. */
export const EVIDENCE_AREAS = {
  system: { hive: 'system', path: null, tells: 'licensing mode, license servers, grace period, services' },
  software: { hive: 'software', path: null, tells: 'role, policy, build' },
  security: { hive: 'security', path: null, tells: 'domain SID, DPAPI machine key' },
  sam: { hive: 'sam', path: null, tells: 'local groups' },
  user: { hive: 'user', path: null, tells: 'RDP client history' },
  'system:terminal-server': { hive: 'system', path: `{cs}\\${TS}`, tells: 'connections, sessions, listeners' },
  'system:rcm': { hive: 'system', path: `{cs}\\${RCM}`, tells: 'RCM certificates' },
  'system:licensing-core': { hive: 'system', path: `{cs}\\${RCM_LICENSING_CORE}`, tells: 'local licensing mode' },
  'system:grace-period': { hive: 'system', path: `{cs}\\${RCM_GRACE_PERIOD}`, tells: 'grace period timebomb' },
  'system:winstations': { hive: 'system', path: `{cs}\\${WINSTATIONS}`, tells: 'RDP listeners' },
  'system:termservice': { hive: 'system', path: `{cs}\\${TERMSERVICE}`, tells: 'TermService, local license servers' },
  'system:termservlicensing': { hive: 'system', path: `{cs}\\${TERMSERVLICENSING}`, tells: 'RD Licensing service' },
  'system:tcpip': { hive: 'system', path: `{cs}\\${TCPIP_PARAMETERS}`, tells: 'host name, DNS domain, addresses' },
  'system:computer-name': { hive: 'system', path: `{cs}\\${COMPUTER_NAME}`, tells: 'computer name' },
  'system:product-options': { hive: 'system', path: `{cs}\\${PRODUCT_OPTIONS}`, tells: 'product type' },
  'system:shutdown-time': { hive: 'system', path: `{cs}\\${CONTROL_WINDOWS}`, tells: 'the image clock' },
  'system:select': { hive: 'system', path: 'Select', tells: 'control sets' },
  'software:ts-policies': { hive: 'software', path: TS_POLICIES, tells: 'Group Policy licensing settings' },
  'software:current-version': { hive: 'software', path: CURRENT_VERSION, tells: 'build, edition' },
  'software:component-cache': { hive: 'software', path: SERVER_COMPONENT_CACHE, tells: 'installed roles' },
  'software:mslicensing': { hive: 'software', path: MSLICENSING, tells: 'RDP client license store' },
  'software:taskcache': { hive: 'software', path: TASKCACHE, tells: 'scheduled tasks' },
  'software:group-policy': { hive: 'software', path: GP_STATE_MACHINE, tells: 'Group Policy state' },
  'user:ts-client': { hive: 'user', path: TS_CLIENT, tells: 'RDP client history' },
} as const satisfies Record<string, AreaSpec>;

export type EvidenceArea = keyof typeof EVIDENCE_AREAS;

const HIVE_NAMES: Record<Role, string> = { system: 'SYSTEM', software: 'SOFTWARE', security: 'SECURITY', sam: 'SAM', user: 'NTUSER.DAT' };

export interface CoverageSources {
  readonly system: HiveSource | null;
  readonly software: HiveSource | null;
  readonly security: HiveSource | null;
  readonly sam: HiveSource | null;
  readonly users: readonly HiveSource[];
}

/** What one source can tell about one key. */
function keyStatus(src: HiveSource, name: string, rel: string | null, damaged: boolean, area: string): { status: CoverageStatus; detail: string } {
  if (rel === null) return { status: 'present', detail: `${src.prefix} supplied (${src.input})` };
  const full = src.fullPath(rel);
  if (!src.holds(rel)) {
    if (area === 'system:grace-period')
      return { status: 'not-exportable', detail: `${full} is not in this export: a live export never holds it (its ACL hides the key from administrators), which says nothing about a reset` };
    return { status: 'not-exported', detail: `${full} is not in this export` };
  }
  if (src.key(rel)) return { status: 'present', detail: full };
  if (area === 'system:grace-period' && src.hive.input.format === 'reg')
    return { status: 'not-exportable', detail: `${full} is not in this export: a live export never holds it (its ACL hides the key from administrators), which says nothing about a reset` };
  if (damaged) return { status: 'unreadable', detail: `${full} could not be read: the ${name} hive is damaged` };
  return { status: 'absent', detail: `${full} is absent` };
}

export function gatherCoverage(sources: CoverageSources, controlSet: string | null): CoverageFacts {
  const areas: AreaCoverage[] = [];
  for (const id of Object.keys(EVIDENCE_AREAS).sort() as EvidenceArea[]) {
    const spec: AreaSpec = EVIDENCE_AREAS[id];
    const hiveName = HIVE_NAMES[spec.hive];
    const srcs = spec.hive === 'user' ? sources.users : [sources[spec.hive]].filter((s): s is HiveSource => s !== null);
    if (srcs.length === 0) {
      areas.push({ area: id, status: 'not-supplied', detail: `${hiveName} hive not supplied`, collect: `${hiveName} hive (${EVIDENCE_AREAS[spec.hive].tells})` });
      continue;
    }
    // Of several user hives, the best-informed one speaks for the area.
    let best: { status: CoverageStatus; detail: string } | null = null;
    for (const src of srcs) {
      const damaged = src.hive.input.format === 'regf' && gatherHiveState(src, spec.hive).damageCount > 0;
      let rel: string | null = spec.path;
      if (rel !== null && rel.startsWith('{cs}\\')) {
        if (controlSet === null) {
          const s = damaged
            ? { status: 'unreadable' as const, detail: `the control sets could not be read: the ${hiveName} hive is damaged` }
            : { status: 'absent' as const, detail: `the ${hiveName} hive has no control set` };
          if (!best || rank(s.status) < rank(best.status)) best = s;
          continue;
        }
        rel = `${controlSet}\\${rel.slice(5)}`;
      }
      const s = keyStatus(src, hiveName, rel, damaged, id);
      if (!best || rank(s.status) < rank(best.status)) best = s;
    }
    const b = best!;
    const collect = collectHint(b.status, hiveName, spec);
    areas.push({ area: id, status: b.status, detail: b.detail, ...(collect ? { collect } : {}) });
  }
  return { areas };
}

/** Known states first, so the best-informed source of an area wins. */
function rank(s: CoverageStatus): number {
  return ['present', 'absent', 'unreadable', 'not-exported', 'not-exportable', 'not-supplied'].indexOf(s);
}

function collectHint(status: CoverageStatus, hiveName: string, spec: AreaSpec): string | null {
  const key = spec.path === null ? hiveName : `${hiveName}\\${spec.path.replace('{cs}\\', 'CurrentControlSet\\')}`;
  switch (status) {
    case 'not-exported':
      return `${key} (not in this export)`;
    case 'not-exportable':
      return `the ${hiveName} hive file (the GracePeriod key is never in a live export)`;
    case 'unreadable':
      return `an undamaged copy of the ${hiveName} hive (${spec.path === null ? 'it' : key} could not be read)`;
    default:
      return null;
  }
}

/** The coverage entry of one area (every area has one). */
export function areaCoverage(coverage: CoverageFacts, area: EvidenceArea): AreaCoverage {
  return coverage.areas.find((a) => a.area === area) ?? { area, status: 'not-supplied', detail: `${area}: no coverage recorded` };
}

/** True when the inputs can tell what the area holds (present, or known absent). */
export function areaKnown(coverage: CoverageFacts, area: EvidenceArea): boolean {
  const s = areaCoverage(coverage, area).status;
  return s === 'present' || s === 'absent';
}
