#!/usr/bin/env node
/** rdslic command-line entry (the package's bin); the work and the exit codes are in cli/run.ts. */
import { runCli } from './cli/run.js';

await runCli(process.argv);
