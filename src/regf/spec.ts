/** regf on-disk constants, spelled as in the format specification (msuhanov/regf, libyal). */

export const BASE_BLOCK_SIZE = 4096;
/** The checksummed part of the base block: bytes 0..507, checksum at 508. */
export const BASE_BLOCK_CHECKSUM_OFFSET = 508;
export const HBIN_HEADER_SIZE = 32;
export const HBIN_ALIGNMENT = 4096;
/** No pointer. */
export const NO_OFFSET = 0xffffffff;
/** Each db segment but the last carries exactly this many bytes. */
export const BIG_DATA_SEGMENT_SIZE = 16344;

/** Base block file type (offset 28). */
export const FILE_TYPE_PRIMARY = 0;
export const FILE_TYPE_LOG_OLD = 1;
export const FILE_TYPE_LOG_VERY_OLD = 2;
export const FILE_TYPE_LOG_NEW = 6;

/** Signatures as little-endian uint16/uint32 for fast comparison. */
export const SIG_REGF = 0x66676572; // 'regf'
export const SIG_HBIN = 0x6e696268; // 'hbin'
export const SIG_NK = 0x6b6e; // 'nk'
export const SIG_VK = 0x6b76; // 'vk'
export const SIG_SK = 0x6b73; // 'sk'
export const SIG_LF = 0x666c; // 'lf'
export const SIG_LH = 0x686c; // 'lh'
export const SIG_LI = 0x696c; // 'li'
export const SIG_RI = 0x6972; // 'ri'
export const SIG_DB = 0x6264; // 'db'

/** nk flags (offset 2). */
export const KEY_VOLATILE = 0x0001;
export const KEY_HIVE_EXIT = 0x0002;
export const KEY_HIVE_ENTRY = 0x0004;
export const KEY_NO_DELETE = 0x0008;
export const KEY_SYM_LINK = 0x0010;
export const KEY_COMP_NAME = 0x0020;
export const KEY_PREDEF_HANDLE = 0x0040;

/** vk flags (offset 16). */
export const VALUE_COMP_NAME = 0x0001;
export const VALUE_TOMBSTONE = 0x0002;

/** vk data size: high bit set means the data is stored inline in the offset field. */
export const VK_DATA_INLINE = 0x80000000;

/** Limits that keep hostile hives from exhausting time or memory (hivex uses similar caps). */
export const MAX_KEY_DEPTH = 512;
export const MAX_SUBKEYS_PER_KEY = 1_000_000;
export const MAX_VALUES_PER_KEY = 1_000_000;
export const MAX_VALUE_SIZE = 64 * 1024 * 1024;
/**
 * Work budget of one opened hive, in units of one cell resolved plus one per WORK_UNIT_BYTES of that cell (and of
 * big data assembled): WORK_BUDGET_PER_BYTE units per byte of file, at least WORK_BUDGET_MIN. Lists that point
 * at the same cells over and over would otherwise make a small file cost hours (1M keys × 1M values).
 */
export const WORK_UNIT_BYTES = 64;
export const WORK_BUDGET_PER_BYTE = 1;
export const WORK_BUDGET_MIN = 4_000_000;

/** Transaction logs: the base-block copy fills the first sector; DIRT or the HvLE chain starts at 512. */
export const LOG_SECTOR_SIZE = 512;
export const SIG_HVLE = 0x454c7648; // 'HvLE'
export const SIG_DIRT = 0x54524944; // 'DIRT'
/** HvLE entry header: signature, size, flags, sequence, hbins size, page count, Hash-1, Hash-2. */
export const HVLE_HEADER_SIZE = 40;
/** Marvin32 seed of Hash-1/Hash-2: the spec's bytes 82 EF 4D 88 7A 4E 55 C5 as one number (low half 0x7A4E55C5). */
export const HVLE_MARVIN32_SEED = 0x82ef4d887a4e55c5n;
/** Old-format (DIRT) logs map one bitmap bit to one 512-byte page of hive-bins data. */
export const DIRT_PAGE_SIZE = 512;
