/**
 * Evidence discovery and loading, platform-neutral part.
 *
 * - `classifyHive(view)`: which hive a view holds, by content.
 * - `planHosts(collections, { extraLogs })`: files of walked folders, zips or dropped files → one HostPlan per
 *   machine (files only, no bytes), plus every ignored file with its reason. Grouping rules: see plan.ts.
 * - `loadHostPlan(plan, { hash, logs })`: reads, hashes, opens and replays one host's files → HostEvidence.
 * - `readZipDirectory` / `readZipEntry` over a `RandomAccess`: zip members read in place under hard limits.
 * The Node edge (src/node/discovery) builds collections from paths and wires in node:crypto.
 */
export { classifyHive } from './classify.js';
export { planHosts, MAX_AUXILIARY_BYTES, type HostPlan, type PlannedHive, type PlannedAuxiliary, type PlannedFile, type HiveSlot, type PlanResult, type PlanOptions } from './plan.js';
export { loadHostPlan, type LoadOptions } from './load-host.js';
export { sniff, SNIFF_BYTES, type SniffedKind } from './sniff.js';
export { decodedParts, placeFile, type Placement } from './layout.js';
export type { Collection, IgnoredFile, VirtualFile } from './virtual-file.js';
export { DEFAULT_ZIP_LIMITS, ZipError, bytesAccess, readZipDirectory, readZipEntry, type RandomAccess, type ZipEntry, type ZipLimits } from './zip/zip-archive.js';
export { zipCollection } from './zip/zip-collection.js';
export type * from './types.js';
