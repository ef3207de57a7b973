/**
 * Runs one CommonJS file through node:vm with a V8 code cache: a cached run deserialises the compiled functions
 * instead of parsing and compiling the file again (Node 20 has no module compile cache; `module.enableCompileCache`
 * came in Node 22). V8 refuses a cache made by another V8 version or with other flags (`rejected`), and the file
 * then compiles as usual: the cache changes the time a run takes, never what it does.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface LoadedScript {
  readonly exports: Record<string, unknown>;
  /** The compiled script; after a representative run, `script.createCachedData()` is the cache to ship. */
  readonly script: Script;
  /** A cache was given and V8 did not accept it. */
  readonly rejected: boolean;
}

/** Evaluates `source` (the text of `file`) as a CommonJS module, with `cache` from an earlier createCachedData(). */
export function loadCommonJs(file: string, source: string, cache?: Uint8Array): LoadedScript {
  // The same wrapper Node's own CommonJS loader puts around a module.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cache ? { cachedData: cache } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, rejected: cache !== undefined && script.cachedDataRejected === true };
}
