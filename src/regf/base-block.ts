/** The 4096-byte `regf` base block at the start of primary hives and transaction logs. */
import { BASE_BLOCK_CHECKSUM_OFFSET, BASE_BLOCK_SIZE, SIG_REGF } from './spec.js';
import { readFiletime } from './filetime.js';

export interface BaseBlock {
  readonly primarySequence: number;
  readonly secondarySequence: number;
  readonly lastWritten: Date | null;
  readonly majorVersion: number;
  readonly minorVersion: number;
  /** 0 primary, 1 old log, 2 very old log, 6 new (HvLE) log. */
  readonly fileType: number;
  readonly fileFormat: number;
  readonly rootCellOffset: number;
  readonly hiveBinsDataSize: number;
  readonly clusteringFactor: number;
  /** Debugging name (UTF-16LE partial path), cut at the first NUL. */
  readonly fileName: string;
  readonly flags: number;
  readonly storedChecksum: number;
  readonly computedChecksum: number;
  readonly checksumValid: boolean;
  /** Sequence numbers differ: a write was interrupted, the newest data may be in the logs. */
  readonly sequenceMismatch: boolean;
  /** offreg.dll-made hive (`OfRg` at 176 or 168). */
  readonly offreg: boolean;
}

/** XOR-32 of the 127 words at 0..504, with 0 → 1 and 0xFFFFFFFF → 0xFFFFFFFE. */
export function baseBlockChecksum(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, BASE_BLOCK_CHECKSUM_OFFSET);
  let x = 0;
  for (let i = 0; i < BASE_BLOCK_CHECKSUM_OFFSET; i += 4) x ^= dv.getUint32(i, true);
  x >>>= 0;
  if (x === 0xffffffff) return 0xfffffffe;
  if (x === 0) return 1;
  return x;
}

export function hasRegfSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === SIG_REGF;
}

/** Parses the base block; the caller has checked the signature and that 512 bytes exist. */
export function parseBaseBlock(bytes: Uint8Array): BaseBlock {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, BASE_BLOCK_SIZE));
  const u32 = (o: number) => dv.getUint32(o, true);
  const nameBytes = bytes.subarray(48, 112);
  let fileName = new TextDecoder('utf-16le').decode(nameBytes);
  const nul = fileName.indexOf('\0');
  if (nul >= 0) fileName = fileName.slice(0, nul);
  const stored = u32(BASE_BLOCK_CHECKSUM_OFFSET);
  const computed = baseBlockChecksum(bytes);
  const sig = (o: number) => dv.byteLength >= o + 4 && u32(o) === 0x6752664f; // 'OfRg'
  return {
    primarySequence: u32(4),
    secondarySequence: u32(8),
    lastWritten: readFiletime(dv, 12),
    majorVersion: u32(20),
    minorVersion: u32(24),
    fileType: u32(28),
    fileFormat: u32(32),
    rootCellOffset: u32(36),
    hiveBinsDataSize: u32(40),
    clusteringFactor: u32(44),
    fileName,
    flags: u32(144),
    storedChecksum: stored,
    computedChecksum: computed,
    checksumValid: stored === computed,
    sequenceMismatch: u32(4) !== u32(8),
    offreg: sig(176) || sig(168),
  };
}
