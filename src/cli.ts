#!/usr/bin/env node
/** rdslic command-line entry: runs the program, maps failures to exit codes (0 done, 1 findings, 2 usage/input). */
import { buildProgram } from './cli/program.js';
import { UsageError } from './cli/errors.js';

const chunks: string[] = [];
let pending = 0;
const out = (s: string): void => {
  chunks.push(s);
  pending += s.length;
  if (pending > 1 << 20) flush();
};
function flush(): void {
  if (chunks.length === 0) return;
  process.stdout.write(chunks.join(''));
  chunks.length = 0;
  pending = 0;
}

// A closed pipe (`rdslic dump … | head`) ends the run quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const debug = process.argv.includes('--debug');
try {
  await buildProgram(out).parseAsync(process.argv);
  flush();
} catch (e) {
  flush();
  if (e instanceof UsageError) {
    process.stderr.write(`rdslic: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    process.exitCode = 2;
  } else {
    const err = e as Error;
    process.stderr.write(`rdslic: internal error: ${err?.message ?? String(e)}\n`);
    if (debug && err?.stack) process.stderr.write(err.stack + '\n');
    process.exitCode = 2;
  }
}
