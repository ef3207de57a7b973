#!/usr/bin/env node
/** rdslic command-line entry: runs the program, maps failures to exit codes (0 done, 1 findings, 2 usage/input). */
import { buildProgram } from './cli/program.js';
import { UsageError } from './cli/errors.js';

// Commands write text or byte chunks; both go to stdout in order as they come.
const out = (s: string | Uint8Array): void => {
  process.stdout.write(s);
};

// A closed pipe (`rdslic dump … | head`) ends the run quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const debug = process.argv.includes('--debug');
try {
  await buildProgram(out).parseAsync(process.argv);
} catch (e) {
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
