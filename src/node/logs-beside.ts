/** A hive's transaction logs on disk: NAME.LOG1, NAME.LOG2, NAME.LOG beside it, any case (pickLogNames decides). */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pickLogNames } from '../regf/log/log-names.js';

export function logsBeside(path: string): string[] {
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return pickLogNames(basename(path), names).map((l) => join(dir, l.name));
}
