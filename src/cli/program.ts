// The command tree. Each command lives in src/cli/commands/<name>.ts (define + run) and is
// imported lazily, once, when the command line names it (COMMANDS below): `ehcp --help`
// loads commander and this file only; bin/ehcp.js answers --version before any of it.

import { Command } from 'commander';
import { ehcpVersion } from '../store/paths.js';
import { createContext, type Context, type GlobalOptions } from './context.js';
import { printable } from './formatters/inert.js';
import type { Definer } from './definer.js';
import { flagOption } from './options.js';
/**
 * Every command: its name and one-line description (what `ehcp --help` lists), and the
 * one lazy import of its module, made only when the command line names it. `ehcp --help`
 * loads none of them; `ehcp audit ...` loads audit.ts (and what it imports) and no other.
 */
const COMMANDS: { name: string; description: string; hidden?: boolean; load: () => Promise<Definer> }[] = [
  { name: 'init', description: 'create (or adopt) a records repository and set up this clone; running it again changes nothing', load: async () => (await import('./commands/init.js')).defineInit },
  { name: 'validate', description: 'check every record against its schema and against the other records; exit 1 if any is invalid', load: async () => (await import('./commands/validate.js')).defineValidate },
  { name: 'demo', description: 'build a realistic synthetic records repository (with git history by several officers) and audit it', load: async () => (await import('./commands/demo.js')).defineDemo },
  { name: 'case', description: 'open, list and show cases (one child or young person each)', load: async () => (await import('./commands/case.js')).defineCase },
  { name: 'minutes', description: 'minutes of meetings and hearings: write them, then finalise them', load: async () => (await import('./commands/minutes.js')).defineMinutes },
  { name: 'note', description: 'case notes', load: async () => (await import('./commands/note.js')).defineNote },
  { name: 'comm', description: 'the communications log: letters, emails, calls, in and out', load: async () => (await import('./commands/comm.js')).defineComm },
  { name: 'record', description: 'show, correct (amend) or withdraw (void) a record by its id', load: async () => (await import('./commands/record.js')).defineRecord },
  { name: 'action', description: 'actions agreed in minutes and case notes', load: async () => (await import('./commands/action.js')).defineAction },
  { name: 'history', description: 'every commit that touched a case or a record: when, who (git author), what action; hand edits flagged', load: async () => (await import('./commands/history.js')).defineHistory },
  { name: 'sync', description: "share your commits and receive everyone else's: fetch, rebase yours on top, push (retrying when another officer pushed first)", load: async () => (await import('./commands/sync.js')).defineSync },
  { name: 'audit', description: 'every statutory and local deadline, computed from the records: what is overdue, due soon, missing or recorded late', load: async () => (await import('./commands/audit.js')).defineAudit },
  { name: 'rules', description: 'the deadline rules: what starts each clock, what meets it, the period and the law behind it', load: async () => (await import('./commands/rules.js')).defineRules },
  { name: 'report', description: "the Director's dashboard: SEN2 timeliness, duties met in time, open overdue items by category and officer, a monthly trend, what changed in a week (one HTML file)", load: async () => (await import('./commands/report.js')).defineReport },
  { name: 'export', description: "one case's records in date order, for the family, a subject access request or a tribunal bundle (printable HTML or Markdown)", load: async () => (await import('./commands/export.js')).defineExport },
  { name: 'migrate', description: 'move every case folder to another layout (sharded: cases/<xx>/<REF>/, for large repositories; flat: cases/<REF>/), in one commit', load: async () => (await import('./commands/migrate.js')).defineMigrate },
  { name: 'completion', description: 'print a shell completion script (commands, flags, case references, record ids)', load: async () => (await import('./commands/completion.js')).defineCompletion },
  { name: '__complete', description: 'candidates for the word at CWORD of WORDS (used by the completion scripts)', hidden: true, load: async () => (await import('./commands/completion.js')).defineComplete },
];

/**
 * The command tree. `argv` (the command line) says which commands to load: those it names
 * (every word is tried, so `ehcp help audit` and `--repo x audit` work); the others are
 * listed by name and description only. Without argv (completion, tests), all are loaded.
 */
export async function buildProgram(io: Partial<Context> = {}, argv?: readonly string[]): Promise<Command> {
  const program = new Command('ehcp')
    .description('Records, deadlines and audit for English SEND teams: minutes, case notes and a communications log in a git repository.')
    .version(ehcpVersion(), '-V, --version')
    .addOption(flagOption('repo'))
    .addOption(flagOption('noInput'))
    .addOption(flagOption('noColor'))
    .addOption(flagOption('debug'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // To the context's streams when given (a test running commands in-process).
      ...(io.stdout ? { writeOut: (s: string) => void io.stdout!.write(s) } : {}),
      ...(io.stderr ? { writeErr: (s: string) => void io.stderr!.write(s) } : {}),
      // Commander echoes the argument it refused: printed inert (printable), one line per line.
      outputError: (str, write) => write(`ehcp: ${str.replace(/^error: /, '').split('\n').map(printable).join('\n')}`),
    });
  // A command that runs others (the demo) does it through the same parse, never by
  // importing their files: commands stay independent of each other.
  const runCommand = io.runCommand ?? ((args: string[], sub: Partial<Context> = {}) => runProgram(['node', 'ehcp', ...args], { ...io, ...sub }));
  const context = () => createContext(program.opts<GlobalOptions>(), { ...io, runCommand });
  // Completion walks the whole tree: it loads every command.
  const all = argv === undefined || argv.includes('__complete');
  const definers = await Promise.all(COMMANDS.map((c) => (all || argv.includes(c.name) ? c.load() : undefined)));
  COMMANDS.forEach((c, i) => {
    const command = program.command(c.name, { hidden: c.hidden }).description(c.description);
    definers[i]?.(command, context, program);
  });
  // Subcommands inherit the override, so a usage error anywhere becomes a CommanderError.
  program.commands.forEach(function propagate(cmd: Command) {
    cmd.exitOverride();
    cmd.commands.forEach(propagate);
  });
  return program;
}

/**
 * Parse and run one command line; resolves to the exit code the action set (process.exitCode,
 * as a run of the binary would), leaving process.exitCode as it was. Errors are thrown:
 * main.ts's runCli is the error boundary.
 */
export async function runProgram(argv: string[], io: Partial<Context> = {}): Promise<number> {
  const program = await buildProgram(io, argv);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } finally {
    process.exitCode = before;
  }
}

