/**
 * Where a fleet's analysed hosts wait between the two passes (facts, then rules and rendering): each host's outcome
 * appended to its thread's file in a private temporary folder, in node:v8's structured-clone format (what postMessage already uses),
 * read back once; the folder goes when the run does. Never inside an input or the output folder: under os.tmpdir(), removed when the run
 * ends, fails or is interrupted. A single host stays in memory.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** Where one spilled value lies: plain data, so one thread can put and another take. */
export type SpillRef = { readonly kind: 'memory'; readonly key: number } | { readonly kind: 'file'; readonly file: string; readonly offset: number; readonly length: number };

export interface SpillStore {
  put(value: unknown): SpillRef;
  /** The value put under `ref` (each is taken once). */
  take(ref: SpillRef): unknown;
}

/** This thread's memory (one host, or a run in one thread without a folder). */
export function memoryStore(): SpillStore {
  const held = new Map<number, unknown>();
  let next = 0;
  return {
    put(value) {
      const key = next++;
      held.set(key, value);
      return { kind: 'memory', key };
    },
    take(ref) {
      if (ref.kind !== 'memory' || !held.has(ref.key)) throw new Error('spilled host not found in this thread');
      const v = held.get(ref.key);
      held.delete(ref.key);
      return v;
    },
  };
}

/**
 * The store over a folder made by createSpillFolder: each thread appends to its own file (creating a file per
 * host costs a millisecond on ext4, appending a few microseconds); any thread reads a value back by its range.
 * No descriptor stays open between calls, so the folder can be removed on every platform.
 */
export function folderStore(dir: string, thread: number): SpillStore {
  const file = join(dir, `${thread}.v8`);
  let size = 0;
  return {
    put(value) {
      const bytes = serialize(value);
      const fd = openSync(file, 'a');
      try {
        writeSync(fd, bytes);
      } finally {
        closeSync(fd);
      }
      const ref: SpillRef = { kind: 'file', file, offset: size, length: bytes.length };
      size += bytes.length;
      return ref;
    },
    take(ref) {
      if (ref.kind !== 'file') throw new Error('spilled host not found in the spill folder');
      const bytes = Buffer.allocUnsafe(ref.length);
      const fd = openSync(ref.file, 'r');
      try {
        for (let got = 0; got < ref.length; ) {
          const n = readSync(fd, bytes, got, ref.length - got, ref.offset + got);
          if (n === 0) throw new Error(`spill file ${ref.file} is shorter than expected`);
          got += n;
        }
      } finally {
        closeSync(fd);
      }
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
