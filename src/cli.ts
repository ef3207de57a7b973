#!/usr/bin/env node
/**
 * rdslic command-line entry (the package's bin). Built, it runs the CLI bundle beside it (dist/cli.cjs, made by
 * scripts/bundle-cli.mjs) with the V8 code cache the build made for it (dist/cli.cjs.cache), which takes a third
 * off a one-host run's start-up; from the sources (tsx), or without the bundle, it runs the module tree. The work
 * and the exit codes are in cli/run.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCommonJs } from './node/cached-script.js';

type RunCli = (argv: readonly string[]) => Promise<void>;

function bundled(): RunCli | null {
  const file = fileURLToPath(new URL('./cli.cjs', import.meta.url));
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let cache: Uint8Array | undefined;
  try {
    cache = readFileSync(`${file}.cache`);
  } catch {
    // no cache: the bundle compiles as usual
  }
  return loadCommonJs(file, source, cache).exports.runCli as RunCli;
}

const runCli = bundled() ?? (await import('./cli/run.js')).runCli;
await runCli(process.argv);
