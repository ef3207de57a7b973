/** The commander program: argument parsing only; the work is in the commands and the library. */
import { Command, Option } from 'commander';
import type { AnalyzeCommandOptions } from './commands/analyze.js';
import { VERSION } from '../version.js';

// Commands are imported when run, not at start-up: `rdslic --version` or `dump` need not load the analysis.
const analyzeCmd = () => import('./commands/analyze.js');
const dumpCmd = () => import('./commands/dump.js');
const infoCmd = () => import('./commands/info.js');
const rulesCmd = () => import('./commands/rules.js');
const webCmd = () => import('./commands/web.js');

/** Repeatable option values. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

/**
 * Commander's usage errors as one line naming the help to read (not the whole help after it); the exit code is
 * set in cli.ts from the CommanderError that exitOverride() throws (2, as every usage error).
 */
function oneLineErrors(command: string) {
  return {
    writeErr: (s: string) => process.stderr.write(s),
    writeOut: (s: string) => process.stdout.write(s),
    outputError: (s: string, write: (s: string) => void) => {
      const text = s.replace(/^error: /, '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      write(`rdslic: ${text} (see \`${command} --help\`)\n`);
    },
  };
}

export function buildProgram(out: (s: string | Uint8Array) => void): Command {
  const program = new Command();
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  program
    .name('rdslic')
    .description('Offline Remote Desktop Services licensing analysis from Windows registry hives and .reg exports')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    .exitOverride()
    .configureOutput(oneLineErrors('rdslic'))
    .addHelpText('after', examples('rdslic analyze samples --out samples-reports', 'rdslic info samples/healthy-per-user/SYSTEM', 'rdslic explain grace-period-expired'));

  program
    .command('analyze')
    .configureOutput(oneLineErrors('rdslic analyze'))
    .description('analyse hives, .reg exports, folders and zips: one report per host, a fleet summary for several')
    .argument('<inputs...>', 'hive files, .reg files, folders (images, KAPE trees, one sub-folder per host) or .zip archives')
    .option('--format <list>', 'report formats, comma-separated: html, md (or markdown), json, timesketch, tln, bodyfile', 'html,md')
    .option('--out <dir>', 'output folder, never inside an input (default reports/; with --format json alone and no --out, JSON goes to stdout); a re-run replaces the files rdslic wrote there')
    .option('--force', 'write into a non-empty --out folder that rdslic did not write (those files are left in place)')
    .option('--as-of <iso>', 'the clock to use (e.g. the acquisition time); the image clock is shown beside it')
    .option('--case <id>', 'case or ticket id printed in the reports')
    .option('--examiner <name>', 'examiner printed in the reports')
    .option('--config <file>', 'JSON file: disable rules, change severities, suppress findings with a reason')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: critical, high, medium, low, info')
    .option('--no-logs', 'read dirty hives as they are, without replaying their transaction logs')
    .option('--log <file>', 'a transaction log to replay into the hive it belongs to (repeatable)', collect)
    .option('--jobs <n>', 'hosts analysed in parallel: this thread and n - 1 worker threads (default: the available cores)')
    .option('--shard <i/n>', 'analyse only shard i of n: a stable 1/n of the hosts, by host key (batch jobs; findings.jsonl files concatenate)')
    .option('--quiet', 'no progress or summary on stderr')
    .option('--verbose', 'list ignored files, discovery anomalies and files written')
    .addHelpText(
      'after',
      examples('rdslic analyze samples --out samples-reports', 'rdslic analyze samples/grace-period-expired --format json', 'rdslic analyze samples --format md,json --out samples-reports --fail-on high --case INC-1234'),
    )
    .action(async (inputs: string[], opts: AnalyzeCommandOptions) => {
      process.exitCode = await (await analyzeCmd()).analyzeCommand(inputs, opts, { out, err });
    });

  program
    .command('info')
    .configureOutput(oneLineErrors('rdslic info'))
    .description("show a hive's header, dirty state, checksum, version, logs applied, counts and anomalies")
    .argument('<input>', 'registry hive file, .reg export, or a folder / .zip (lists the hosts found)')
    .option('--json', 'print JSON instead of text')
    .option('--no-logs', 'read a dirty hive as it is, without replaying its transaction logs')
    .option('--log <file>', 'a transaction log to replay (repeatable; default: NAME.LOG1/.LOG2/.LOG beside the hive)', collect)
    .addHelpText('after', examples('rdslic info samples/healthy-per-user/SYSTEM', 'rdslic info --json samples/grace-period-expired-reg-export/SYSTEM.reg', 'rdslic info samples'))
    .action(async (input: string, opts: { json?: boolean; logs: boolean; log?: string[] }) => (await infoCmd()).infoCommand(input, opts, out));

  program
    .command('dump')
    .configureOutput(oneLineErrors('rdslic dump'))
    .description('print every key and value as JSON lines (keys before their values, depth-first)')
    .argument('<input>', 'registry hive file or .reg export')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .option('--key <path>', 'start at this key (path relative to the hive root)')
    .option('--no-logs', 'read a dirty hive as it is, without replaying its transaction logs')
    .option('--log <file>', 'a transaction log to replay (repeatable; default: NAME.LOG1/.LOG2/.LOG beside the hive)', collect)
    .option('--hive <root>', 'for a .reg export holding several hives: SYSTEM, SOFTWARE, NTUSER…')
    .option('--locations', 'add file offsets (hives) or line numbers (.reg) to each record')
    .option('--deleted', 'list the deleted keys and values recovered from free space and slack instead, each with "deleted": true and its offset')
    .option('--artifact <name>', 'print execution artifacts instead (bam, appcompatcache, amcache, userassist, tasks): {"artifact","path","time","user"?,"extra"?,"offset"} per line')
    .addHelpText('after', examples('rdslic dump samples/grace-period-key-deleted/SYSTEM --deleted', 'rdslic dump samples/healthy-per-user/SYSTEM --key "ControlSet001\\Control\\Terminal Server"', 'rdslic dump samples/grace-period-expired-reg-export/SOFTWARE.reg'))
    .action(async (input: string, opts: { format: string; key?: string; logs: boolean; log?: string[]; locations?: boolean; hive?: string; deleted?: boolean; artifact?: string }) =>
      (await dumpCmd()).dumpCommand(input, opts, out, (m) => err(`rdslic: warning: ${m}`)),
    );

  program
    .command('rules')
    .configureOutput(oneLineErrors('rdslic rules'))
    .description('list the rule catalog: id, default severity, category, title')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rdslic rules', 'rdslic rules --json'))
    .action(async (opts: { json?: boolean }) => (await rulesCmd()).rulesCommand(opts, out));

  program
    .command('explain')
    .configureOutput(oneLineErrors('rdslic explain'))
    .description("explain one rule: what it checks, what it reports, remediation and references")
    .argument('<ruleId>', 'a rule id from `rdslic rules`')
    .option('--json', 'print the rule metadata as JSON')
    .addHelpText('after', examples('rdslic explain grace-period-expired', 'rdslic explain nla-disabled --json'))
    .action(async (id: string, opts: { json?: boolean }) => (await rulesCmd()).explainCommand(id, opts, out));

  program
    .command('web')
    .configureOutput(oneLineErrors('rdslic web'))
    .description('write the offline browser page: one HTML file that analyses hives in the browser, uploading nothing')
    .option('--out <file>', 'where to write the page', 'rdslic.html')
    .addHelpText('after', examples('rdslic web --out rdslic.html'))
    .action(async (opts: { out: string }) => (await webCmd()).webCommand(opts, err));

  return program;
}
