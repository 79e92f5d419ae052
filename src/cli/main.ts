// The single error boundary and exit-code policy (README.md: exit codes): 0 clean, 1 problems,
// 2 usage/configuration/I/O/git, 130 interrupted. No stack trace unless --debug.

import path from 'node:path';
import { CommanderError } from 'commander';
import { EhcpError } from '../core/errors.js';
import { runProgram } from './program.js';
import { inertLines, type Context } from './context.js';
import { printable } from './formatters/inert.js';
import { describeIoCode } from '../store/read/readFile.js';
import { onInterrupt } from '../store/platform.js';

/** I/O error codes that describe the machine, not a bug: the disk, permissions, limits. */
const SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'EBUSY', 'EAGAIN', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EXDEV']);

/**
 * A sentence for an error that came from the system (a full or read-only disk, a permission)
 * or from input nested past what can be processed; undefined for anything else (a bug).
 */
export function explainSystemError(error: unknown): { message: string; hint: string } | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e && typeof e.code === 'string' && SYSTEM_CODES.has(e.code)) {
    const verb = e.syscall ? ` (${e.syscall})` : '';
    const where = typeof e.path === 'string' ? ` on ${path.basename(e.path)}` : '';
    return {
      message: printable(`a file operation failed${where}${verb}: ${describeIoCode(e.code)} (${e.code}).`),
      hint: 'Nothing was committed by this command. Fix the cause (disk space, permissions, a read-only disk), then run it again.',
    };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { message: 'the input is nested too deeply to be processed.', hint: 'Check the values and files given: records are at most a few levels deep.' };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<void> {
  onInterrupt(
    () => {
      // Commands with something to save install their own handler first; this is the fallback.
      process.stderr.write('\nehcp: interrupted\n');
      process.exit(130);
    },
    { last: true },
  );
  // A reader that stops early (`ehcp audit --help | head`, `ehcp history C1 | less` quit)
  // closes the pipe: stop quietly, as git does, instead of a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await runCli(argv);
}

/**
 * One run of the command line, as `main` does it, with its output going to `io`'s streams:
 * the exit code is returned. Tests drive commands in-process through this (the same parse,
 * the same error boundary) instead of spawning the binary.
 */
export async function runCli(argv: string[], io: Partial<Context> = {}): Promise<number> {
  const env = io.env ?? process.env;
  const debug = argv.includes('--debug') || env.EHCP_DEBUG === '1';
  const stderr = io.stderr ?? process.stderr;
  try {
    // Actions set process.exitCode (as a run of the binary would); runProgram reads it and leaves it as it was.
    return await runProgram(argv, io);
  } catch (error) {
    return report(error, debug, (s) => stderr.write(s));
  }
}

function report(error: unknown, debug: boolean, write: (s: string) => void): number {
  const process = { stderr: { write } };
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
    // Messages may quote what a file or an argument held: printed inert, line by line.
    process.stderr.write(`ehcp: ${inertLines(error.message)}\n`);
    if (error.hint) process.stderr.write(`  ${inertLines(error.hint)}\n`);
    if (debug && error.stack) process.stderr.write(error.stack + '\n');
    return error.exitCode;
  }
  // Failures from outside ehcp: the disk, the filesystem, the machine. Said in words, exit 2.
  const io = explainSystemError(error);
  if (io) {
    process.stderr.write(`ehcp: ${io.message}\n  ${io.hint}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    return 2;
  }
  const message = printable(error instanceof Error ? error.message : String(error));
  process.stderr.write(`ehcp: unexpected error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  else process.stderr.write('  Run again with --debug for details, and report it with that output.\n');
  return 2;
}
