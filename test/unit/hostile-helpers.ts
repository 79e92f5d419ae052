// Running ehcp's commands in-process for the hostile-input and regression suites: the
// same parse and error boundary as the binary (runCli), output collected, a timeout per
// command, and the checks every hostile run must pass.

import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { treeSnapshot, userEnv } from '../helpers/cli.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

const sink = (onData: (s: string) => void) =>
  new Writable({
    write(chunk, _enc, done) {
      onData(String(chunk));
      done();
    },
  });

/** One command, in this process, with a non-TTY stdin (never prompts) and NO_COLOR. */
export async function ehcpInProcess(args: string[], cwd: string, timeoutMs = 30_000): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from([]) as unknown as NodeJS.ReadableStream;
  const run = runCli(['node', 'ehcp', ...args], { cwd, env: userEnv(), stdin, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`ehcp ${args.map((a) => JSON.stringify(a)).join(' ')} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const code = await Promise.race([run, timeout]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** Control characters a terminal acts on (everything but tab, LF and CR), and C1/line separators. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
/** A JavaScript stack frame. */
const STACK_FRAME = /\n\s+at .+[:(].*\d+:\d+\)?/;

/** What every run on hostile input must show: a defined exit, no stack, no raw control character. */
export function expectContained(r: InProcessResult, allowed: number[] = [0, 1, 2]): void {
  expect(allowed, `exit ${r.code}; stderr: ${r.stderr.slice(0, 400)}`).toContain(r.code);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toContain('unexpected error');
  expect(r.stderr).not.toContain('Maximum call stack');
  expect(RAW_CONTROL.test(r.stdout), `raw control character in stdout: ${JSON.stringify(r.stdout.slice(0, 300))}`).toBe(false);
  expect(RAW_CONTROL.test(r.stderr), `raw control character in stderr: ${JSON.stringify(r.stderr.slice(0, 300))}`).toBe(false);
}

/** The repository's files (not .git, not ehcp's git-ignored cache), to prove nothing changed. */
export function snapshot(root: string): Record<string, string> {
  return treeSnapshot(root);
}

/** Copy a template repository (a copy of a git repository is a git repository). */
export function copyRepo(template: string, into: string): string {
  const copy = path.join(into, `r${Math.random().toString(36).slice(2, 8)}`);
  fs.cpSync(template, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}
