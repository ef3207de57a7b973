/**
 * Host grouping: files of any collection (walked folder, zip, dropped files) → one plan per machine.
 *
 * Rules, in order:
 * 1. Names ending in .LOG/.LOG1/.LOG2 (any case) are transaction logs: they go to the hive of that name in the
 *    same folder (pickLogNames), or are ignored when there is none; they never make a host.
 * 2. Every other file is sniffed from its first bytes; hives are opened and classified by content
 *    (classifyHive), .reg exports parsed for the hives they touch; everything else is ignored with a reason.
 * 3. Files inside an image tree (`…/Windows/System32/config/X`, `…/Users/<name>/…`, the SYSTEM `Protect`
 *    folder) belong to the machine named by the folders above the Windows root, without drive and collector
 *    folders (`C/`, `uploads/auto/C%3A/`); other files belong to their folder. A folder holding only user hives
 *    joins the nearest folder above it that holds machine hives.
 * 4. A machine gets at most one hive of each machine kind. In an image tree, extra copies (RegBack, shadow
 *    copies, a second accessor's copy) are listed as unused. In a plain folder, two binary hives of one kind mean
 *    two machines: the files are paired by name stem (`srv1_SYSTEM` with `srv1-software.hiv`) when the stems
 *    separate them cleanly; otherwise every hive there becomes a host of its own, with an anomaly saying so.
 * 5. Older copies of a machine's hives are listed as unused, never hosts: RegBack, shadow copies and `Windows.old`
 *    (by path, layout.ts), `SYSTEM.old`/`.bak`/`.sav` beside a live hive, and a second hive of one kind that names
 *    the same machine (computer name, installation) but was last written earlier (older-copies.ts).
 * 6. Labels come from Velociraptor's `client_info.json` (Hostname, else Fqdn) beside the machine's `uploads/`, the
 *    file store's `<ClientId>/<FlowId>`, else the machine's folder (or the collection's name at its root);
 *    duplicates get ` (2)`, …. `uploads.json` gives each upload's original path on the endpoint.
 * 7. An encrypted Velociraptor collection (`data.zip` with a password, `metadata.json`) is one anomaly saying how
 *    to decrypt it.
 * 8. A folder holding `Windows/System32/config/<hive>` is an image root: its scripts (.cmd, .bat, .ps1, .vbs),
 *    .reg files and task XML files (`Windows/System32/Tasks/…`) are files of that machine, listed in the host's
 *    `files` for the analysis to follow (never read here); they never make hosts or exports of their own.
 */
import { HiveFormatError, openHive } from '../regf/hive.js';
import { pickLogNames } from '../regf/log/log-names.js';
import { parseRegText } from '../regtext/index.js';
import type { Anomaly } from '../view/anomaly.js';
import { upcaseName } from '../view/names.js';
import { classifyHive } from './classify.js';
import { decodedParts, driveOfRoot, imageRootOf, machineOfRoot, placeFile } from './layout.js';
import { machineName } from './machine-name.js';
import { backupSuffix, hiveIdentity, type HiveIdentity } from './older-copies.js';
import { sniff, SNIFF_BYTES } from './sniff.js';
import type { AuxiliaryFile, HiveKind } from './types.js';
import { clientInfoLabel, COLLECTION_METADATA, encryptedCollectionHint, fileStoreLabel, memberUploadKey, uploadOriginalPaths } from './velociraptor.js';
import type { Collection, IgnoredFile, VirtualFile } from './virtual-file.js';

/** Where a hive goes in HostEvidence; `reg` exports are merged at load time into the slots no binary hive holds. */
export type HiveSlot = 'system' | 'software' | 'security' | 'sam' | 'user' | 'amcache' | 'unused' | 'reg';

export interface PlannedHive {
  readonly file: VirtualFile;
  readonly format: 'regf' | 'reg';
  /** Kind by content: one for a binary hive, every hive a .reg export touches. */
  readonly kinds: readonly HiveKind[];
  readonly slot: HiveSlot;
  /** Why a hive is listed but not analysed. */
  readonly unused?: string;
  /** Profile folder name for user hives found in an image tree. */
  readonly user?: string;
  /** The file's path on the machine it was collected from (Velociraptor's `uploads.json`), when known. */
  readonly originalPath?: string;
  /** Transaction logs found for it, LOG1, LOG2, LOG order. */
  readonly logs: readonly VirtualFile[];
}

/** A file of the machine's own file system (image root), to be followed by the analysis: never a host. */
export interface PlannedFile {
  readonly file: VirtualFile;
  /** Its path on the machine, `\`-separated, from the volume root: `C:\Windows\Reset120.cmd` (`\Windows\…` with no drive known). */
  readonly windowsPath: string;
}

export interface PlannedAuxiliary {
  readonly file: VirtualFile;
  readonly role: AuxiliaryFile['role'];
}

/** One machine's files, no bytes: load it with loadHostPlan (or the Node edge's loadHost). */
export interface HostPlan {
  readonly label: string;
  /** The folder or archive it came from. */
  readonly source: string;
  /** Sorted by path. */
  readonly hives: readonly PlannedHive[];
  readonly auxiliary: readonly PlannedAuxiliary[];
  /** Scripts, .reg and task files of the machine when its evidence is an image root (sorted by path). */
  readonly files?: readonly PlannedFile[];
  readonly anomalies: readonly Anomaly[];
  /** Replay logs into dirty hives when loaded (PlanOptions.logs). */
  readonly replayLogs: boolean;
}

export interface PlanResult {
  readonly hosts: HostPlan[];
  readonly ignored: IgnoredFile[];
  readonly anomalies: Anomaly[];
}

export interface PlanOptions {
  /** Logs named by the user: each goes to every hive whose name it matches (replay drops foreign logs). */
  readonly extraLogs?: readonly VirtualFile[];
  /** Replay transaction logs when the hosts are loaded (default true); logs are found and listed either way. */
  readonly logs?: boolean;
}

/** SYSTEM DPAPI master key files are under 1 KiB; anything far larger is not one. */
export const MAX_AUXILIARY_BYTES = 64 * 1024;
/** Machine files listed per image root; a full disk image holds a few thousand scripts at most. */
export const MAX_MACHINE_FILES = 20_000;
const MACHINE_FILE_EXT = /\.(cmd|bat|ps1|psm1|vbs|reg)$/i;

const MACHINE_KINDS: readonly HiveKind[] = ['SYSTEM', 'SOFTWARE', 'SECURITY', 'SAM'];
const SLOT: Partial<Record<HiveKind, HiveSlot>> = { SYSTEM: 'system', SOFTWARE: 'software', SECURITY: 'security', SAM: 'sam', NTUSER: 'user', AMCACHE: 'amcache' };
const LOG_NAME = /\.LOG[12]?$/i;
const REG_ROOTS: Record<string, HiveKind> = { SYSTEM: 'SYSTEM', SOFTWARE: 'SOFTWARE', SECURITY: 'SECURITY', SAM: 'SAM', NTUSER: 'NTUSER', USRCLASS: 'USRCLASS' };

interface Unit {
  readonly file: VirtualFile;
  readonly format: 'regf' | 'reg';
  readonly kinds: HiveKind[];
  readonly anchored: boolean;
  readonly user?: string;
  /** Why this is an older copy of a hive the machine also holds live (path or name rule, or identity). */
  backup?: string;
  readonly identity?: HiveIdentity;
  readonly originalPath?: string;
  /** The computer a SYSTEM or SOFTWARE hive names (machineName), to keep loose files of two machines apart. */
  readonly machine?: string;
  logs: VirtualFile[];
}

interface Group {
  readonly key: string;
  readonly label: string;
  readonly source: string;
  units: Unit[];
  auxiliary: PlannedAuxiliary[];
  files: PlannedFile[];
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const baseName = (relPath: string) => relPath.slice(relPath.lastIndexOf('/') + 1);
const dirName = (relPath: string) => relPath.slice(0, Math.max(0, relPath.lastIndexOf('/')));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

export function planHosts(collections: readonly Collection[], options: PlanOptions = {}): PlanResult {
  const ignored: IgnoredFile[] = [];
  const anomalies: Anomaly[] = [];
  const hosts: HostPlan[] = [];
  const allUnits: Unit[] = [];
  const perCollection: { collection: Collection; groups: Group[] }[] = [];

  for (const collection of collections) {
    const hint = collection.archive ? encryptedCollectionHint(collection.files, collection.location) : null;
    if (hint !== null) {
      for (const f of collection.files) ignored.push({ path: f.path, reason: hint });
      anomalies.push({ code: 'encrypted-collection', severity: 'error', message: `${collection.location}: ${hint}` });
      continue;
    }
    const { units, groups } = scanCollection(collection, ignored);
    allUnits.push(...units);
    perCollection.push({ collection, groups });
  }
  for (const extra of options.extraLogs ?? []) {
    const owners = allUnits.filter((u) => u.format === 'regf' && pickLogNames(baseName(u.file.relPath), [baseName(extra.relPath)]).length > 0);
    if (owners.length === 0) ignored.push({ path: extra.path, reason: 'extra log matches the name of no hive found' });
    for (const u of owners) if (!u.logs.includes(extra)) u.logs.push(extra);
  }
  for (const { groups } of perCollection) {
    for (const g of groups) hosts.push(...groupToHosts(g, ignored).map((h) => ({ ...h, replayLogs: options.logs !== false })));
  }
  uniqueLabels(hosts);
  ignored.sort(byPath);
  return { hosts, ignored, anomalies };
}

function scanCollection(collection: Collection, ignored: IgnoredFile[]): { units: Unit[]; groups: Group[] } {
  const files = [...collection.files].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  const logsByDir = new Map<string, VirtualFile[]>();
  const groups = new Map<string, Group>();
  const units: Unit[] = [];
  const group = (parts: readonly string[]): Group => {
    const key = collection.loose ? '' : parts.join('/');
    let g = groups.get(key);
    if (!g) {
      const label = collection.loose || parts.length === 0 ? collection.name : (fileStoreLabel(parts) ?? parts[parts.length - 1]);
      g = { key, label, source: collection.location, units: [], auxiliary: [], files: [] };
      groups.set(key, g);
    }
    return g;
  };
  const meta = collectionMetadata(collection, ignored);

  const roots = collection.loose ? [] : imageRoots(files);
  for (const file of files) {
    const parts = decodedParts(file.relPath);
    const name = parts[parts.length - 1] ?? '';
    const root = roots.find((r) => r.key.every((p, i) => upcaseName(parts[i] ?? '') === p));
    if (root && isMachineFile(parts.slice(root.key.length))) {
      const g = group(root.machine);
      if (g.files.length >= MAX_MACHINE_FILES) ignored.push({ path: file.path, reason: `more than ${MAX_MACHINE_FILES} scripts in this image: not followed` });
      else g.files.push({ file, windowsPath: `${root.drive ? `${root.drive}:` : ''}\\${parts.slice(root.key.length).join('\\')}` });
      continue;
    }
    if (LOG_NAME.test(name)) {
      const dir = dirName(file.relPath);
      const list = logsByDir.get(dir) ?? [];
      list.push(file);
      logsByDir.set(dir, list);
      continue;
    }
    if (meta.files.has(file)) continue;
    // Below an image root every hive is the machine's (Windows\AppCompat\Programs\Amcache.hve, not only config).
    const placed = placeFile(parts);
    const place = root && placed.machine === null && !placed.auxiliary ? { ...placed, machine: root.machine } : placed;
    const home = place.machine ?? (collection.loose ? [] : place.folder ?? parts.slice(0, -1));
    if (place.auxiliary) {
      if (file.size > MAX_AUXILIARY_BYTES) ignored.push({ path: file.path, reason: `${file.size} bytes: too large for a DPAPI master key file` });
      else if (place.backup) ignored.push({ path: file.path, reason: `DPAPI master key from ${place.backup}: older copy, not used` });
      else group(home).auxiliary.push({ file, role: place.auxiliary });
      continue;
    }
    const found = examine(file);
    if ('reason' in found) {
      ignored.push({ path: file.path, reason: found.reason });
      continue;
    }
    const originalPath = meta.originalPath(parts);
    const unit: Unit = {
      file,
      format: found.format,
      kinds: found.kinds,
      anchored: place.machine !== null,
      logs: [],
      ...(place.user !== undefined ? { user: place.user } : {}),
      ...(place.backup !== undefined ? { backup: place.backup } : {}),
      ...(found.identity ? { identity: found.identity } : {}),
      ...(originalPath !== undefined ? { originalPath } : {}),
      ...(found.machine !== undefined ? { machine: found.machine } : {}),
    };
    units.push(unit);
    group(home).units.push(unit);
  }

  for (const u of units) {
    if (u.format !== 'regf') continue;
    const siblings = logsByDir.get(dirName(u.file.relPath)) ?? [];
    for (const l of pickLogNames(baseName(u.file.relPath), siblings.map((s) => s.relPath))) {
      const f = siblings.find((s) => s.relPath === l.name);
      if (f) u.logs.push(f);
    }
  }
  const used = new Set(units.flatMap((u) => u.logs));
  for (const list of logsByDir.values()) {
    for (const f of list) if (!used.has(f)) ignored.push({ path: f.path, reason: 'transaction log with no hive of that name beside it' });
  }
  const out = attachUserFolders([...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  const named = out.length === 1 && collection.archive ? [{ ...out[0], label: collection.name }] : out;
  return { units, groups: named.map((g) => ({ ...g, label: meta.labels.get(g.key) ?? g.label })) };
}

interface CollectionMetadata {
  /** The metadata files themselves (not evidence: listed as ignored with what they gave). */
  readonly files: Set<VirtualFile>;
  /** Host labels from `client_info.json`, by the folder holding it (a group key). */
  readonly labels: Map<string, string>;
  /** A member's original path from the `uploads.json` beside its `uploads/` folder. */
  originalPath(parts: readonly string[]): string | undefined;
}

/** Velociraptor's `client_info.json` and `uploads.json` anywhere in a collection (one per client in hunt exports). */
function collectionMetadata(collection: Collection, ignored: IgnoredFile[]): CollectionMetadata {
  const files = new Set<VirtualFile>();
  const labels = new Map<string, string>();
  const uploads = new Map<string, Map<string, string>>();
  if (collection.loose) return { files, labels, originalPath: () => undefined };
  for (const file of collection.files) {
    const parts = decodedParts(file.relPath);
    const name = parts[parts.length - 1] ?? '';
    const reason = COLLECTION_METADATA.get(name);
    if (reason === undefined) continue;
    files.add(file);
    ignored.push({ path: file.path, reason });
    const dir = parts.slice(0, -1).join('/');
    if (name === 'client_info.json') {
      const label = clientInfoLabel(file);
      if (label !== null) labels.set(dir, label);
    } else uploads.set(dir, uploadOriginalPaths(file));
  }
  const originalPath = (parts: readonly string[]) => {
    const at = parts.lastIndexOf('uploads');
    if (at < 0) return undefined;
    const key = memberUploadKey(parts.slice(at));
    return key === null ? undefined : uploads.get(parts.slice(0, at).join('/'))?.get(key);
  };
  return { files, labels, originalPath };
}

/** Image roots of a collection, longest first so a nested image wins over the folder holding it. */
function imageRoots(files: readonly VirtualFile[]): { key: string[]; machine: readonly string[]; drive: string | null }[] {
  const seen = new Map<string, { key: string[]; machine: readonly string[]; drive: string | null }>();
  for (const f of files) {
    const root = imageRootOf(decodedParts(f.relPath));
    if (!root) continue;
    const key = root.map(upcaseName);
    const id = key.join('/');
    if (!seen.has(id)) seen.set(id, { key, machine: machineOfRoot(root), drive: driveOfRoot(root) });
  }
  return [...seen.values()].sort((a, b) => b.key.length - a.key.length);
}

/** Below an image root: scripts and .reg files anywhere, and the task XML files Task Scheduler keeps. */
function isMachineFile(below: readonly string[]): boolean {
  const name = below[below.length - 1] ?? '';
  if (MACHINE_FILE_EXT.test(name)) return true;
  return below.length >= 4 && namesEq(below[0], 'Windows') && namesEq(below[1], 'System32') && namesEq(below[2], 'Tasks');
}

const namesEq = (a: string | undefined, b: string) => a !== undefined && upcaseName(a) === upcaseName(b);

/** Opens a candidate just long enough to say what it is; its bytes are dropped before the next file. */
function examine(file: VirtualFile): { format: 'regf' | 'reg'; kinds: HiveKind[]; identity?: HiveIdentity; machine?: string } | { reason: string } {
  try {
    const s = sniff(file.head(SNIFF_BYTES));
    switch (s.kind) {
      case 'hive': {
        try {
          const hive = openHive(file.read());
          const classified = classifyHive(hive);
          const machine = machineName(hive, classified);
          // A hive too damaged to show its keys, or cut short before the keys that tell its kind, still names itself
          // in the base block: keep it, marked damaged.
          const damaged = hive.root.subkeys().length === 0 || hive.anomalies.some((a) => a.code === 'hive-truncated');
          const kind = classified === 'OTHER' && damaged ? kindFromHeaderName(hive.baseBlock.fileName) : classified;
          return { format: 'regf', kinds: [kind], identity: hiveIdentity(hive, kind, hive.baseBlock.lastWritten), ...(machine ? { machine } : {}) };
        } catch (e) {
          if (e instanceof HiveFormatError) return { reason: `not readable as a hive: ${e.message}` };
          throw e;
        }
      }
      case 'reg': {
        const r = parseRegText(file.read(), file.path);
        if (r.refused) return { reason: `not readable as a .reg export: ${r.refused.message}` };
        const kinds = [...new Set(r.hives.map((h) => REG_ROOTS[h.root] ?? classifyHive(h.view)))];
        if (kinds.length === 0) return { reason: '.reg export with no keys' };
        return { format: 'reg', kinds };
      }
      case 'log':
        return { reason: 'transaction log whose name is not <hive>.LOG/.LOG1/.LOG2: name it after its hive or give it with extraLogs' };
      case 'zip':
        return { reason: 'archive inside a collection: give it as an input of its own' };
      default:
        return { reason: s.reason ?? 'not a registry file' };
    }
  } catch (e) {
    return { reason: `cannot be read: ${message(e)}` };
  }
}

const hasMachineHive = (g: Group) => g.units.some((u) => u.kinds.some((k) => MACHINE_KINDS.includes(k)));
// An Amcache.hve alone is a host too: its verdict says what to collect (issue 13).
const hasHostHive = (g: Group) => g.units.some((u) => u.kinds.some((k) => MACHINE_KINDS.includes(k) || k === 'NTUSER' || k === 'AMCACHE'));

/** A folder with user hives or master keys but no machine hive joins the nearest folder above it that has one. */
function attachUserFolders(groups: Group[]): Group[] {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const out: Group[] = [];
  for (const g of groups) {
    if (!hasMachineHive(g) && g.key !== '') {
      const parts = g.key.split('/');
      let target: Group | undefined;
      for (let n = parts.length - 1; n >= 0 && !target; n--) {
        const up = byKey.get(parts.slice(0, n).join('/'));
        if (up && hasMachineHive(up)) target = up;
      }
      if (target) {
        target.units.push(...g.units);
        target.auxiliary.push(...g.auxiliary);
        target.files.push(...g.files);
        continue;
      }
    }
    out.push(g);
  }
  return out;
}

function groupToHosts(g: Group, ignored: IgnoredFile[]): Omit<HostPlan, 'replayLogs'>[] {
  if (!hasHostHive(g) && !g.units.some((u) => u.format === 'reg')) {
    for (const u of g.units) ignored.push({ path: u.file.path, reason: `${u.kinds.join('/')} hive with no SYSTEM, SOFTWARE, SECURITY, SAM or NTUSER hive beside it: not a host` });
    for (const a of g.auxiliary) ignored.push({ path: a.file.path, reason: 'DPAPI master key with no hive of its machine beside it' });
    return [];
  }
  markOlderCopiesByName(g.units);
  markOlderCopiesOfSameMachine(g.units);
  const anchored = g.units.some((u) => u.anchored);
  const clash = MACHINE_KINDS.find((k) => g.units.filter((u) => u.format === 'regf' && !u.backup && u.kinds[0] === k).length > 1);
  if (!anchored && clash === undefined) {
    const split = splitByMachine(g);
    if (split) return split;
  }
  if (anchored || clash === undefined) return [makeHost(g.label, g.source, g.units, g.auxiliary, [], g.files)];

  const stems = new Map<string, Unit[]>();
  for (const u of g.units.filter((x) => !x.backup)) {
    const s = stem(baseName(u.file.relPath));
    stems.set(s, [...(stems.get(s) ?? []), u]);
  }
  // The stems pair the files when each hive of the clashing kind has a stem of its own and every other file's stem is one of those.
  const clashing = g.units.filter((u) => u.format === 'regf' && !u.backup && u.kinds[0] === clash);
  const count = clashing.length;
  const hostStems = new Set(clashing.map((u) => stem(baseName(u.file.relPath))));
  const clean =
    hostStems.size === count &&
    [...stems.keys()].every((s) => hostStems.has(s)) &&
    [...stems.values()].every((us) => MACHINE_KINDS.every((k) => us.filter((u) => u.format === 'regf' && u.kinds[0] === k).length <= 1));
  if (clean) {
    const note: Anomaly = { code: 'folder-split-by-name', severity: 'info', message: `${count} ${clash} hives in ${g.label}: hives paired into hosts by file name` };
    const keys = [...stems.keys()].sort();
    return keys.map((s) => makeHost(s === '' ? g.label : `${g.label}/${s}`, g.source, stems.get(s)!, [], [note]));
  }
  const note: Anomaly = {
    code: 'ambiguous-folder',
    severity: 'warning',
    message: `${count} ${clash} hives in ${g.label} and their names do not pair them with the other hives: each hive is a host of its own`,
  };
  for (const a of g.auxiliary) ignored.push({ path: a.file.path, reason: 'DPAPI master key in a folder holding several hosts: cannot tell whose' });
  const alone = [...g.units].sort((a, b) => byPath(a.file, b.file));
  const hosts: Omit<HostPlan, 'replayLogs'>[] = [];
  for (const u of alone) {
    if (u.backup) {
      ignored.push({ path: u.file.path, reason: `${u.kinds[0]} hive from ${u.backup}, in a folder holding several hosts: not used` });
    } else if (u.format === 'regf' && !MACHINE_KINDS.includes(u.kinds[0]) && u.kinds[0] !== 'NTUSER') {
      ignored.push({ path: u.file.path, reason: `${u.kinds[0]} hive in a folder holding several hosts: cannot tell whose, and not a host on its own` });
    } else hosts.push(makeHost(`${g.label}/${baseName(u.file.relPath)}`, g.source, [u], [], [note]));
  }
  return hosts;
}

const liveOfKind = (units: readonly Unit[], kind: HiveKind) => units.filter((u) => u.format === 'regf' && !u.backup && u.kinds[0] === kind);
const sameUser = (a: Unit, b: Unit) => (a.user === undefined) === (b.user === undefined) && (a.user === undefined || upcaseName(a.user) === upcaseName(b.user!));

/** `SYSTEM.old`, `.bak`, `.sav` beside a live hive of the same kind (and profile): an older copy of it. */
function markOlderCopiesByName(units: readonly Unit[]): void {
  for (const u of units) {
    const name = baseName(u.file.relPath);
    const suffix = backupSuffix(name);
    if (u.backup || u.format !== 'regf' || suffix === null) continue;
    const live = liveOfKind(units, u.kinds[0]).find((o) => o !== u && backupSuffix(baseName(o.file.relPath)) === null && sameUser(o, u) && dirName(o.file.relPath) === dirName(u.file.relPath));
    if (live) u.backup = `an older copy (${name}) beside the live ${baseName(live.file.relPath)}`;
  }
}

/**
 * Two live hives of one machine kind naming the same machine (same computer name, same installation): the ones
 * last written before the newest are older copies of it. Equal or unknown times decide nothing (duplicate-hive).
 */
function markOlderCopiesOfSameMachine(units: readonly Unit[]): void {
  for (const kind of MACHINE_KINDS) {
    const byMachine = new Map<string, Unit[]>();
    for (const u of liveOfKind(units, kind)) {
      if (!u.identity?.machine || !u.identity.lastWritten) continue;
      byMachine.set(u.identity.machine, [...(byMachine.get(u.identity.machine) ?? []), u]);
    }
    for (const [machine, same] of byMachine) {
      if (same.length < 2) continue;
      const time = (u: Unit) => u.identity!.lastWritten!.getTime();
      const newest = same.reduce((a, b) => (time(b) > time(a) ? b : a));
      for (const u of same) {
        if (time(u) < time(newest)) {
          u.backup = `an older copy of the same machine (${machine}, last written ${u.identity!.lastWritten!.toISOString()}; ${baseName(newest.file.relPath)} was written later)`;
        }
      }
    }
  }
}

/**
 * Loose files grouped only because they lie together, whose SYSTEM and SOFTWARE name different computers, are
 * hosts of their own (one per computer); files that name none stay with the SYSTEM hive's host.
 */
function splitByMachine(g: Group): Omit<HostPlan, 'replayLogs'>[] | null {
  const named = g.units.filter((u) => u.format === 'regf' && !u.backup && u.machine !== undefined);
  const names = [...new Set(named.map((u) => u.machine!))].sort();
  if (names.length < 2) return null;
  const system = named.find((u) => u.kinds[0] === 'SYSTEM');
  const home = system?.machine ?? names[0];
  const said = named.map((u) => `${u.kinds[0]} ${baseName(u.file.relPath)} names ${u.machine}`).join(', ');
  const note: Anomaly = { code: 'hosts-split-by-machine', severity: 'warning', message: `${said}: files of different machines in ${g.label} are analysed as separate hosts` };
  return names.map((name) => {
    const units = g.units.filter((u) => (u.machine !== undefined && named.includes(u) ? u.machine === name : name === home));
    return makeHost(`${g.label}/${name}`, g.source, units, name === home ? g.auxiliary : [], [note]);
  });
}

/** File name without extension and hive-kind words: `srv1_SYSTEM` and `SRV1-software.hiv` both give `srv1`. */
function stem(name: string): string {
  return name
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/system|software|security|sam|ntuser|usrclass|hive|hiv|dat|registry/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function makeHost(
  label: string,
  source: string,
  units: readonly Unit[],
  auxiliary: readonly PlannedAuxiliary[],
  notes: Anomaly[],
  files: readonly PlannedFile[] = [],
): Omit<HostPlan, 'replayLogs'> {
  const anomalies = [...notes];
  // Live copies before backups, binary before .reg, then path order: the first of each kind is used.
  const order = [...units].sort((a, b) => Number(!!a.backup) - Number(!!b.backup) || byPath(a.file, b.file));
  const taken = new Map<string, Unit>();
  const hives: PlannedHive[] = [];
  for (const u of order) {
    const base = {
      file: u.file,
      format: u.format,
      kinds: u.kinds,
      logs: u.logs,
      ...(u.user !== undefined ? { user: u.user } : {}),
      ...(u.originalPath !== undefined ? { originalPath: u.originalPath } : {}),
    };
    if (u.format === 'reg') {
      hives.push({ ...base, slot: 'reg' });
      continue;
    }
    const kind = u.kinds[0];
    const slot = SLOT[kind];
    if (slot === undefined) {
      hives.push({ ...base, slot: 'unused', unused: `${kind} hive: not used by the analysis` });
      continue;
    }
    if (u.backup) {
      hives.push({ ...base, slot: 'unused', unused: `${kind} hive from ${u.backup}` });
      continue;
    }
    const key = slot === 'user' ? `user:${upcaseName(u.user ?? u.file.path)}` : slot;
    const first = taken.get(key);
    if (first) {
      hives.push({ ...base, slot: 'unused', unused: `second ${kind} hive for this host; ${first.file.path} is used` });
      anomalies.push({ code: 'duplicate-hive', severity: 'warning', message: `two ${kind} hives for host ${label}: ${first.file.path} is used, ${u.file.path} is not` });
      continue;
    }
    taken.set(key, u);
    hives.push({ ...base, slot });
  }
  hives.sort((x, y) => byPath(x.file, y.file));
  const aux = [...auxiliary].sort((x, y) => byPath(x.file, y.file));
  const own = [...files].sort((x, y) => byPath(x.file, y.file));
  return { label, source, hives, auxiliary: aux, ...(own.length > 0 ? { files: own } : {}), anomalies };
}

function uniqueLabels(hosts: HostPlan[]): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i];
    const key = upcaseName(h.label);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) hosts[i] = { ...h, label: `${h.label} (${n})` };
  }
}

/** The base block's debugging name (`\\REGISTRY\\MACHINE\\SYSTEM`, `…\\config\\SOFTWARE`, `…\\ntuser.dat`). */
function kindFromHeaderName(name: string): HiveKind {
  const last = name.split('\\').pop()?.toUpperCase() ?? '';
  if (last === 'SYSTEM' || last === 'SOFTWARE' || last === 'SECURITY' || last === 'SAM') return last;
  if (last === 'NTUSER.DAT') return 'NTUSER';
  return 'OTHER';
}
