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
    .argument('<input>', 'registry hive file or .reg export')
    .option('--json', 'print JSON instead of text')
    .option('--no-logs', 'read a dirty hive as it is, without replaying its transaction logs')
    .option('--log <file>', 'a transaction log to replay (repeatable; default: NAME.LOG1/.LOG2/.LOG beside the hive)', collect)
    .addHelpText('after', '\nExample:\n  $ rdslic info samples/hives/healthy-per-user/SYSTEM\n')
    .action((input: string, opts: { json?: boolean; logs: boolean; log?: string[] }) => infoCommand(input, opts, out));

  program
    .command('dump')
    .description('print every key and value as JSON lines (keys before their values, depth-first)')
    .argument('<input>', 'registry hive file or .reg export')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .option('--key <path>', 'start at this key (path relative to the hive root)')
    .option('--no-logs', 'read a dirty hive as it is, without replaying its transaction logs')
    .option('--log <file>', 'a transaction log to replay (repeatable; default: NAME.LOG1/.LOG2/.LOG beside the hive)', collect)
    .option('--hive <root>', 'for a .reg export holding several hives: SYSTEM, SOFTWARE, NTUSER…')
    .option('--locations', 'add file offsets (hives) or line numbers (.reg) to each record')
    .addHelpText('after', '\nExample:\n  $ rdslic dump samples/hives/healthy-per-user/SYSTEM --key "ControlSet001\\Control\\Terminal Server"\n')
    .action((input: string, opts: { format: string; key?: string; logs: boolean; log?: string[]; locations?: boolean; hive?: string }) => dumpCommand(input, opts, out, (m) => process.stderr.write(`rdslic: warning: ${m}\n`)));

  return program;
}

/** Repeatable option values. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
