// The command tree. Each command group lives in src/cli/commands/<group>.ts and declares
// its own flags; heavy modules are imported inside actions so `ehcp --help` and
// `--version` stay fast.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { PACKAGE_ROOT } from '../store/paths.js';
import { createContext, type Context, type GlobalOptions } from './context.js';
import { printable } from './formatters/inert.js';
import { defineInit } from './commands/init.js';
import { defineValidate } from './commands/validate.js';
import { defineCase } from './commands/case.js';
import { defineMinutes } from './commands/minutes.js';
import { defineNote } from './commands/note.js';
import { defineComm } from './commands/comm.js';
import { defineRecord } from './commands/record.js';
import { defineDemo } from './commands/demo.js';
import { defineHistory } from './commands/history.js';
import { defineSync } from './commands/sync.js';
import { defineAudit } from './commands/audit.js';
import { defineRules } from './commands/rules.js';
import { defineReport } from './commands/report.js';
import { defineExport } from './commands/export.js';
import { defineAction } from './commands/action.js';
import { defineCompletion } from './commands/completion.js';

export type Definer = (program: Command, context: () => Context) => void;

const GROUPS: Definer[] = [defineInit, defineValidate, defineDemo, defineCase, defineMinutes, defineNote, defineComm, defineRecord, defineAction, defineHistory, defineSync, defineAudit, defineRules, defineReport, defineExport, defineCompletion];

export function buildProgram(io: Partial<Context> = {}): Command {
  const program = new Command('ehcp')
    .description('Records, deadlines and audit for English SEND teams: minutes, case notes and a communications log in a git repository.')
    .version(readVersion(), '-V, --version')
    .option('--repo <dir>', 'the records repository (default: found from the current folder upward)')
    .option('--no-input', 'never prompt; a missing value is an error naming the flag (also when CI is set or stdin is not a terminal)')
    .option('--no-color', 'no colour in output (also when NO_COLOR is set)')
    .addOption(new Option('--debug', 'show stack traces for unexpected errors (also EHCP_DEBUG=1)'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // To the context's streams when given (a test running commands in-process).
      ...(io.stdout ? { writeOut: (s: string) => void io.stdout!.write(s) } : {}),
      ...(io.stderr ? { writeErr: (s: string) => void io.stderr!.write(s) } : {}),
      // Commander echoes the argument it refused: printed inert (printable), one line per line.
      outputError: (str, write) => write(`ehcp: ${str.replace(/^error: /, '').split('\n').map(printable).join('\n')}`),
    });
  const context = () => createContext(program.opts<GlobalOptions>(), io);
  for (const define of GROUPS) define(program, context);
  // Subcommands inherit the override, so a usage error anywhere becomes a CommanderError.
  program.commands.forEach(function propagate(cmd: Command) {
    cmd.exitOverride();
    cmd.commands.forEach(propagate);
  });
  return program;
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
