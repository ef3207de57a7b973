/** Deleted and remnant record recovery over an opened regf hive. */
export { recoverDeleted, DEFAULT_MAX_DATA_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_SCAN_BYTES } from './recover.js';
export { PARTIAL_PATH_PREFIX, type RecoveredKey, type RecoveredValue, type RecoveryOptions, type RecoveryResult, type RecoveryScope, type RecoverySource } from './types.js';
