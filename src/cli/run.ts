/**
 * Runs the rdslic program on an argv and maps failures to exit codes (0 done, 1 findings, 2 usage/input); shared by
 * the package's bin (src/cli.ts) and the single executable (src/exe.ts), which cannot use top-level await.
 */
import { buildProgram } from './program.js';
import { UsageError } from './errors.js';

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
}
