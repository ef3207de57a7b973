/** Hive writer: builds valid regf primary files from an in-memory tree (tests, bundled sample hosts). */
export { writeHive, writeHiveLayout, type WriteHiveOptions, type DeletedRecords, type HiveLayout } from './write-hive.js';
export { encodeSecurityDescriptor, encodeAcl, encodeAce } from './security-descriptor.js';
export { encodeSid } from './sid.js';
export * from './well-known-security.js';
export { sz, expandSz, multiSz, dword, dwordBE, qword, binary, rawValue } from './values.js';
export { treeFromPaths, type KeySpec, type PathSpecs } from './path-tree.js';
export { lhHash, lfHint, type LeafKind } from './subkey-lists.js';
