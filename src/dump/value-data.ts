/** The `data` member of a dumped value, shared by the live and the deleted-record dumps. */
import { decodeQword, REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_EXPAND_SZ, REG_LINK, REG_MULTI_SZ, REG_QWORD, REG_SZ } from '../view/value-types.js';
import type { JsonBytes } from './json-bytes.js';

/** Same forms as `dumpData`: text, string lists, DWORD numbers, QWORD decimal strings, else hex. */
export function writeValueData(w: JsonBytes, type: number, bytes: Uint8Array): void {
  switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
    case REG_LINK:
      w.utf16z(bytes);
      return;
    case REG_MULTI_SZ:
      w.multiSz(bytes);
      return;
    case REG_DWORD:
    case REG_DWORD_BIG_ENDIAN: {
      // decodeDword's number, read from the bytes without a DataView.
      if (bytes.length !== 4) w.hex(bytes);
      else if (type === REG_DWORD) w.uint((bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0);
      else w.uint((bytes[3] | (bytes[2] << 8) | (bytes[1] << 16) | (bytes[0] << 24)) >>> 0);
      return;
    }
    case REG_QWORD: {
      if (bytes.length !== 8) w.hex(bytes);
      else {
        // decodeQword's decimal string; a double holds it exactly below 2^53 (all but a few odd values).
        const hi = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
        const lo = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
        if (hi < 0x200000) w.ascii('"').uint(hi * 0x1_0000_0000 + lo).ascii('"');
        else w.ascii('"' + decodeQword(bytes)!.toString() + '"');
      }
      return;
    }
    default:
      w.hex(bytes);
  }
}
