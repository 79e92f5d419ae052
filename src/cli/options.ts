// The flags more than one command takes, each declared once: its name and value, help,
// choices, default, and the check of its value. A command picks
// from this table (`.addOption(flagOption('json'))`) instead of writing the flag again,
// so `--case` or `--json` reads and behaves the same everywhere (modelled on vitest's
// cli-config.ts). A flag only one command has stays with that command.
//
// Kept small (commander and core/errors): every command module imports it.

import { Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { collect } from './context.js';

interface FlagSpec {
  /** As commander writes it: `--case <ref>`, `--json`, `--no-commit`. */
  flags: string;
  help: string;
  choices?: readonly string[];
  default?: string;
  /** Repeatable: every value is kept, in order (`--set a=1 --set b=2`). */
  repeatable?: boolean;
}

const DATE_WORDS = 'YYYY-MM-DD, DD/MM/YYYY, today or yesterday';

const FLAGS = {
  // Global: every command takes them (program.ts). Their environment variables (NO_COLOR,
  // EHCP_DEBUG=1, CI) are read from the command's context (context.ts), not by commander,
  // so that a test's context decides them and NO_COLOR counts with any value.
  repo: { flags: '--repo <dir>', help: 'the records repository (default: found from the current folder upward)' },
  noInput: { flags: '--no-input', help: 'never prompt; a missing value is an error naming the flag (also when CI is set or stdin is not a terminal)' },
  noColor: { flags: '--no-color', help: 'no colour in output (also when NO_COLOR is set)' },
  debug: { flags: '--debug', help: 'show stack traces for unexpected errors (also EHCP_DEBUG=1)' },
  // Which case: found from a record's id, or named for a new record, or a filter.
  caseOfRecord: { flags: '--case <ref>', help: 'the case it belongs to (found from the id when not given)' },
  caseForNew: { flags: '--case <ref>', help: 'case reference, e.g. C0042' },
  caseFilter: { flags: '--case <ref>', help: 'only this case' },
  // What a record-writing command prints, and whether it commits.
  json: { flags: '--json', help: 'print {"id","path","commit"} instead of the path' },
  noCommit: { flags: '--no-commit', help: 'write the file but do not commit it' },
  // Dates an officer types (the commands say which date in their help).
  date: { flags: '--date <date>', help: `the date: ${DATE_WORDS}` },
  asOf: { flags: '--as-of <date>', help: 'as the repository stood on this date (YYYY-MM-DD; default today)' },
  // Names of children are shown only when asked for.
  namesAll: { flags: '--names', help: "include each child's name and date of birth" },
  namesOne: { flags: '--names', help: "include the child's name and date of birth" },
  // Output.
  formatTableJson: { flags: '--format <format>', help: 'output format', choices: ['table', 'json'], default: 'table' },
  format: { flags: '--format <format>', help: 'output format' },
  out: { flags: '--out <file>', help: 'write the output to FILE (atomically) instead of stdout' },
  // Fields given on the command line, typed by the record's schema.
  set: { flags: '--set <path=value>', help: 'any other field (repeatable)', repeatable: true },
} as const satisfies Record<string, FlagSpec>;

type FlagName = keyof typeof FLAGS;

/** The commander Option for a flag of the table; `help` replaces the table's text where a command says more. */
export function flagOption(name: FlagName, overrides: Partial<FlagSpec> = {}): Option {
  const spec: FlagSpec = { ...FLAGS[name], ...overrides };
  const option = new Option(spec.flags, spec.help);
  if (spec.choices) option.choices([...spec.choices]);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.repeatable) option.argParser(collect);
  return option;
}

/** A flag's value refused by its check: a usage error naming the flag (exit 2). */
export function refuseFlag(flag: string, problem: string | undefined): void {
  if (problem) throw new UsageError(`${flag} ${problem}.`);
}
