/** Whole-hive figures for `info`: key and value counts from a full walk. */
import type { RegfHive } from './hive.js';

export interface HiveStats {
  readonly keys: number;
  readonly values: number;
  readonly maxDepth: number;
  readonly bins: number;
}

export function hiveStats(hive: RegfHive): HiveStats {
  let keys = 0;
  let values = 0;
  let maxDepth = 0;
  hive.walk((key, depth) => {
    keys++;
    values += key.values().length;
    if (depth > maxDepth) maxDepth = depth;
  });
  return { keys, values, maxDepth, bins: hive.bins.length };
}
