/** The primary file's `regf` base block (regf-format.md §1.1), checksum included. */
import { baseBlockChecksum } from '../regf/base-block.js';
import { BASE_BLOCK_CHECKSUM_OFFSET, BASE_BLOCK_SIZE, FILE_TYPE_PRIMARY, SIG_REGF } from '../regf/spec.js';
import { utf16le } from './name-encoding.js';

export interface BaseBlockFields {
  readonly primarySequence: number;
  readonly secondarySequence: number;
  readonly lastWritten: bigint;
  readonly minorVersion: number;
  readonly rootCellOffset: number;
  readonly hiveBinsDataSize: number;
  readonly fileName: string;
}

const FILE_NAME_OFFSET = 48;
/** 64 bytes: Windows keeps the last 31 characters of the path and a NUL (e.g. `temRoot\System32\config\DRIVERS`). */
const FILE_NAME_CHARS = 31;

export function encodeBaseBlock(f: BaseBlockFields): Uint8Array {
  const out = new Uint8Array(BASE_BLOCK_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, SIG_REGF, true);
  dv.setUint32(4, f.primarySequence >>> 0, true);
  dv.setUint32(8, f.secondarySequence >>> 0, true);
  dv.setBigUint64(12, f.lastWritten, true);
  dv.setUint32(20, 1, true); // major version
  dv.setUint32(24, f.minorVersion, true);
  dv.setUint32(28, FILE_TYPE_PRIMARY, true);
  dv.setUint32(32, 1, true); // file format: direct memory load
  dv.setUint32(36, f.rootCellOffset, true);
  dv.setUint32(40, f.hiveBinsDataSize, true);
  dv.setUint32(44, 1, true); // clustering factor
  out.set(utf16le(f.fileName.slice(-FILE_NAME_CHARS)), FILE_NAME_OFFSET);
  dv.setUint32(BASE_BLOCK_CHECKSUM_OFFSET, baseBlockChecksum(out), true);
  return out;
}
