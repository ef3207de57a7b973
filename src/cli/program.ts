/** The commander program: argument parsing only; the work is in the commands and the library. */
import { Command, Option } from 'commander';
import { dumpCommand } from './commands/dump.js';
import { infoCommand } from './commands/info.js';
import { VERSION } from '../version.js';

export function buildProgram(out: (s: string | Uint8Array) => void): Command {
  const program = new Command();
  program
    .name('rdslic')
    .description('Offline Remote Desktop Services licensing analysis from Windows registry hives and .reg exports')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  program
    .command('info')
    .description('show a hive\'s header, dirty state, checksum, version, counts and anomalies')
    .argument('<hive>', 'registry hive file')
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', '\nExample:\n  $ rdslic info samples/hives/healthy-per-user/SYSTEM\n')
    .action((hive: string, opts: { json?: boolean }) => infoCommand(hive, opts, out));

  program
    .command('dump')
    .description('print every key and value as JSON lines (keys before their values, depth-first)')
    .argument('<input>', 'registry hive file')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .option('--key <path>', 'start at this key (path relative to the hive root)')
    .option('--no-logs', 'read the primary file as it is, without replaying transaction logs')
    .option('--locations', 'add file offsets (hives) or line numbers (.reg) to each record')
    .addHelpText('after', '\nExample:\n  $ rdslic dump samples/hives/healthy-per-user/SYSTEM --key "ControlSet001\\Control\\Terminal Server"\n')
    .action((input: string, opts: { format: string; key?: string; logs: boolean; locations?: boolean }) => dumpCommand(input, opts, out, (m) => process.stderr.write(`rdslic: warning: ${m}\n`)));

  return program;
}
