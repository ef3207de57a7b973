/**
 * Where a fleet's analysed hosts wait between the two passes (facts, then rules and rendering): each host's outcome
 * as one file in a private temporary folder, in node:v8's structured-clone format (what postMessage already uses),
 * read back once and removed. Never inside an input or the output folder: under os.tmpdir(), removed when the run
 * ends, fails or is interrupted. A single host stays in memory.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

export interface SpillStore {
  put(key: number, value: unknown): void;
  /** The value put under `key`, once: the store forgets it. */
  take(key: number): unknown;
}

export function memoryStore(): SpillStore {
  const held = new Map<number, unknown>();
  return {
    put: (key, value) => void held.set(key, value),
    take(key) {
      if (!held.has(key)) throw new Error(`spilled host ${key} not found`);
      const v = held.get(key);
      held.delete(key);
      return v;
    },
  };
}

/** The store over a folder made by createSpillFolder; any thread of the run may put and take. */
export function folderStore(dir: string): SpillStore {
  const file = (key: number) => join(dir, `${key}.v8`);
  return {
    put: (key, value) => writeFileSync(file(key), serialize(value)),
    take(key) {
      const bytes = readFileSync(file(key));
      unlinkSync(file(key));
      return deserialize(bytes);
    },
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A new private folder under the system's temporary folder, removed by remove() or when the process is interrupted or exits. */
export function createSpillFolder(): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rdslic-spill-'));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', remove);
    for (const s of SIGNALS) process.off(s, onSignal);
  };
  // Removed, then the signal raised again with its default action, so the exit status still says what ended the run.
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  process.once('exit', remove);
  for (const s of SIGNALS) process.once(s, onSignal);
  return { dir, remove };
}
