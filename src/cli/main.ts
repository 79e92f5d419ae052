// The single error boundary and exit-code policy (product.md §3): 0 clean, 1 problems,
// 2 usage/configuration/I/O/git, 130 interrupted. No stack trace unless --debug.

import { CommanderError } from 'commander';
import { EhcpError } from '../core/errors.js';
import { buildProgram } from './program.js';
import { onInterrupt } from '../store/platform.js';

export async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug') || process.env.EHCP_DEBUG === '1';
  onInterrupt(
    () => {
      // Commands with something to save install their own handler first; this is the fallback.
      process.stderr.write('\nehcp: interrupted\n');
      process.exit(130);
    },
    { last: true },
  );
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error, debug);
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, --help).
    return error.exitCode === 0 ? 0 : 2;
  }
  const name = (error as { name?: string })?.name;
  if (name === 'ExitPromptError' || name === 'AbortPromptError') {
    process.stderr.write('ehcp: interrupted\n');
    return 130;
  }
  if (error instanceof EhcpError) {
    process.stderr.write(`ehcp: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(error.stack + '\n');
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ehcp: unexpected error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  else process.stderr.write('  Run again with --debug for details, and report it with that output.\n');
  return 2;
}
