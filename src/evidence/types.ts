/**
 * What discovery hands to the analysis: the hives of one machine, each with the record of where it came from.
 * Discovery (file access, zips, log lookup) lives at the edge; this file is the platform-neutral boundary.
 */
import type { Anomaly } from '../view/anomaly.js';
import type { HiveView } from '../view/registry-view.js';

/** Which hive a file holds, recognised by content, not by name. */
export type HiveKind = 'SYSTEM' | 'SOFTWARE' | 'NTUSER' | 'SECURITY' | 'SAM' | 'USRCLASS' | 'AMCACHE' | 'OTHER';

/** One transaction log applied in memory. */
export interface LogApplied {
  readonly path: string;
  readonly sha256: string;
  readonly format: 'HvLE' | 'DIRT';
  readonly entries: number;
  readonly sequenceBefore: number;
  readonly sequenceAfter: number;
}

/** An input file as the report lists it. */
export interface EvidenceInput {
  /** Path as given by the user (or `archive.zip!/inner/path` for zip members). */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly kind: HiveKind;
  readonly format: 'regf' | 'reg';
  /** Base-block sequence numbers differ or checksum bad (regf only). */
  readonly dirty: boolean;
  readonly logsApplied: LogApplied[];
  /** Dirty and no usable log was found: recent changes may be missing. */
  readonly logsMissing: boolean;
  readonly anomalies: Anomaly[];
  /** Logs found beside the hive but not applied (clean hive, replay off, foreign or damaged log), with why. */
  readonly logsSkipped?: { readonly path: string; readonly sha256: string; readonly reason: string }[];
  /** Set when the input was read but not used for the analysis (duplicate, RegBack copy, hive kind not analysed). */
  readonly unused?: string;
  /** The user profile folder or SID this hive belongs to (NTUSER, USRCLASS). */
  readonly user?: string;
  /** Its path on the machine it was collected from, when the collection records it (Velociraptor's uploads.json). */
  readonly originalPath?: string;
}

/** A deleted key or value recovered from free space, with its file offset. */
export interface RecoveredKey {
  readonly path: string;
  readonly lastWrite: Date | null;
  readonly offset: number;
}
export interface RecoveredValue {
  /** Best-known path of the key it belonged to ('' when unattached). */
  readonly keyPath: string;
  readonly name: string;
  readonly type: number;
  readonly data: Uint8Array;
  readonly offset: number;
}

export interface LoadedHive {
  readonly input: EvidenceInput;
  readonly view: HiveView;
  /** Present when deleted-record recovery ran on this hive. */
  readonly recovered?: { keys: RecoveredKey[]; values: RecoveredValue[] };
  /** For NTUSER hives: SID or user folder name when known. */
  readonly user?: string;
}

/** Raw files that are not hives but matter to a host (DPAPI master keys for the timebomb). */
export interface AuxiliaryFile {
  readonly path: string;
  readonly role: 'dpapi-system-masterkey' | 'dpapi-system-user-masterkey' | 'other';
  readonly bytes: Uint8Array;
  readonly sha256?: string;
}

/**
 * A file of the machine's own file system (the evidence is an image root): scripts, .reg and task files the
 * analysis may follow. Read on demand and bounded, never executed; the edge that made it does the I/O.
 */
export interface MachineFile {
  /** Path shown to the user (as on disk, or `archive.zip!/inner/path`). */
  readonly path: string;
  /** Where the machine had it: `C:\\Windows\\Reset120.cmd` (`\\Windows\\…` when no drive is known). */
  readonly windowsPath: string;
  readonly size: number;
  /** At most the first `maxBytes` bytes; throws on I/O errors. */
  read(maxBytes: number): Uint8Array;
}

export interface HostEvidence {
  /** A label from the folder or file names, used until the analysis finds the real host name. */
  readonly label: string;
  readonly system?: LoadedHive;
  readonly software?: LoadedHive;
  readonly security?: LoadedHive;
  readonly sam?: LoadedHive;
  readonly users: LoadedHive[];
  /** Amcache.hve (`Windows\AppCompat\Programs`), read for execution evidence. */
  readonly amcache?: LoadedHive;
  readonly auxiliary: AuxiliaryFile[];
  /** Every input of this host, in a stable order (path), including ignored ones. */
  readonly inputs: EvidenceInput[];
  /** Problems with the host as a whole (ambiguous grouping, duplicate hives, unreadable files). */
  readonly anomalies?: Anomaly[];
  /** The folder or archive the host came from. */
  readonly source?: string;
  /** Scripts, .reg and task files of the machine when the evidence is an image root (sorted by path). */
  readonly files?: readonly MachineFile[];
}
