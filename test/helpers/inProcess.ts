// Run a command's run* function in this process against a real repository, capturing what
// it writes: much faster than spawning the binary where the process itself is not the point.

import { Writable } from 'node:stream';
import { createContext, type Context } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import { userEnv } from './cli.js';

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
