/** Turns a reader's refusal into a one-line usage error naming the file. */
import { HiveFormatError } from '../regf/hive.js';
import { UsageError } from '../node/usage-error.js';

export function openHiveOrFail<T>(path: string, open: () => T): T {
  try {
    return open();
  } catch (e) {
    if (e instanceof HiveFormatError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}
