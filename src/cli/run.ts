/**
 * Runs the rdslic program on an argv and maps failures to exit codes (0 done, 1 findings, 2 usage/input); shared by
 * the package's bin (src/cli.ts) and the single executable (src/exe.ts), which cannot use top-level await.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { UsageError } from '../node/usage-error.js';
import { environmentMessage } from '../node/environment-error.js';

export async function runCli(argv: readonly string[]): Promise<void> {
  // Commands write text or byte chunks; both go to stdout in order as they come.
  const out = (s: string | Uint8Array): void => {
    process.stdout.write(s);
  };

  // A closed pipe (`rdslic dump … | head`) ends the run quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

  const debug = argv.includes('--debug');
  try {
    await buildProgram(out).parseAsync([...argv]);
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
}
