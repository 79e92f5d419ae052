// Run a command's run* function in this process against a real repository, capturing what
// it writes: much faster than spawning the binary where the process itself is not the point.

import { Readable, Writable } from 'node:stream';
import { createContext, type Context } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import { userEnv, type RunResult } from './cli.js';

export interface Captured {
  ctx: Context;
  stdout: () => string;
  stderr: () => string;
}

export function inProcess(cwd: string, options: { env?: Record<string, string>; stdoutTTY?: boolean } = {}): Captured {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void, tty = false) =>
    Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          add(String(chunk));
          done();
        },
      }),
      tty ? { isTTY: true, columns: 100 } : {},
    );
  const io: Partial<Context> = { cwd, env: userEnv(options.env), stdout: sink((s) => (out += s), options.stdoutTTY), stderr: sink((s) => (err += s)) };
  // A command that runs others (the demo) does it through the same parse as the binary.
  const runCommand = (args: string[], sub: Partial<Context> = {}) => runCli(['node', 'ehcp', ...args], { ...io, ...sub });
  const ctx = createContext({}, { ...io, runCommand });
  return { ctx, stdout: () => out, stderr: () => err };
}

/**
 * `ehcp args...` run in this process through runCli (the same parse, error boundary and exit
 * codes as bin/ehcp.js), with stdin a pipe holding `input` (never a terminal, so never a
 * prompt) and the test user's environment (userEnv, plus `env`): given to the command's
 * context and, for the run, to this process's environment, which git (run by the store)
 * inherits. For the flag and purpose matrices: spawning costs ~0.3 s of CPU a run. Runs are
 * queued one at a time: the environment and a command's exit code (process.exitCode) are
 * this process's own.
 */
export function runInProcess(args: string[], options: { cwd: string; input?: string; env?: Record<string, string | undefined> }): Promise<RunResult> {
  const run = queue.then(async () => {
    let stdout = '';
    let stderr = '';
    const sink = (add: (s: string) => void) =>
      new Writable({
        write(chunk, _enc, done) {
          add(String(chunk));
          done();
        },
      });
    const env = userEnv(options.env);
    const saved = process.env;
    process.env = { ...env };
    try {
      const stdin = Readable.from(options.input ? [options.input] : []) as unknown as NodeJS.ReadableStream;
      const code = await runCli(['node', 'ehcp', ...args], { cwd: options.cwd, env, stdin, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
      return { code, stdout, stderr } satisfies RunResult;
    } finally {
      process.env = saved;
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();
