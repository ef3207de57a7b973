#!/usr/bin/env node
/** rdslic command-line entry: runs the program, maps failures to exit codes (0 done, 1 findings, 2 usage/input). */
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { UsageError } from './cli/errors.js';
import { environmentMessage } from './cli/environment-error.js';

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
  if (e instanceof CommanderError) {
    // Help and --version asked for are done (0); everything else commander refuses is usage (2), already printed.
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
  } else if (e instanceof UsageError) {
    process.stderr.write(`rdslic: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    process.exitCode = 2;
  } else {
    const err = e as Error;
    // A file system refusal (permission, full disk, read-only…) is the environment, not a bug in rdslic.
    const env = environmentMessage(e);
    process.stderr.write(env ? `rdslic: ${env}\n` : `rdslic: internal error: ${err?.message ?? String(e)}\n`);
    if (debug && err?.stack) process.stderr.write(err.stack + '\n');
    process.exitCode = 2;
  }
}
