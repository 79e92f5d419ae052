// git run directly, without simple-git: only what simple-git cannot drive.
//
// simple-git starts a process, waits for it to exit and hands back its whole output as one
// string; it cannot write to a process's stdin and cannot stream its stdout. So the four
// that need that are spawned through the primitives here, which give each the same
// environment (gitEnvironment()), collect stderr, and turn "git could not be started" into
// an EhcpError; each caller keeps its own parser and its own message for a failure:
//
//   - `gitWithInput` (below): plumbing that reads its input on stdin (`mktree -z` reads the
//     tree's entries there and has no other way to take them);
//   - src/store/git/history.ts: the history `git log`, hundreds of thousands of commits parsed
//     as they stream in (buffering it whole would hold hundreds of megabytes);
//   - src/store/git/catFile.ts: `git cat-file --batch`, object names written to stdin and
//     objects read back from one long-lived process;
//   - src/demo/fastImport.ts: `git fast-import`, a whole demo history written to stdin with
//     back-pressure (`startGit`, since it writes as it goes).

import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { EhcpError } from '../../core/errors.js';
import { gitEnvironment, GitError, type GitResult } from './git.js';

export interface StartOptions {
  /** Give git a stdin to write to (else it reads nothing). */
  stdin?: boolean;
  /** Each chunk of git's stdout as it arrives (else stdout is discarded). */
  onStdout?: (chunk: Buffer) => void;
  /** Added to git's environment (after gitEnvironment()). */
  env?: Record<string, string>;
  /** How the "could not run" error names the program (default "git"). */
  label?: string;
}

/** How a git process ended. */
export interface GitExit {
  code: number;
  stderr: string;
  /** Writing to its stdin failed: git exited before reading all of it (its code and stderr say why). */
  stdinFailed: boolean;
}

export interface GitProcess {
  /** git's stdin when asked for: write to it (mind back-pressure), then end it. */
  stdin: Writable | null;
  /** Resolves when git has exited and its output is read; rejects (EhcpError) only when git could not be started. */
  exit: Promise<GitExit>;
}

/** Start `git <args>` in `cwd`, streaming its stdout to `onStdout`. */
export function startGit(cwd: string, args: string[], options: StartOptions = {}): GitProcess {
  const child = spawn('git', args, {
    cwd,
    env: gitEnvironment(options.env),
    stdio: [options.stdin ? 'pipe' : 'ignore', options.onStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stdinFailed = false;
  child.stdin?.on('error', () => {
    stdinFailed = true; // git may exit before reading all its input; its exit code says why
  });
  if (options.onStdout) child.stdout?.on('data', options.onStdout);
  const err: Buffer[] = [];
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  const exit = new Promise<GitExit>((resolve, reject) => {
    child.on('error', (e) => reject(new EhcpError(`could not run ${options.label ?? 'git'}: ${e.message}`, 'Install git and make sure it is on your PATH.')));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr: Buffer.concat(err).toString('utf8'), stdinFailed }));
  });
  return { stdin: child.stdin, exit };
}

/** Run `git <args>` to its end: `input` (when given) on its stdin, stdout streamed to `onStdout`. */
export function runGit(cwd: string, args: string[], options: Omit<StartOptions, 'stdin'> & { input?: string | Buffer } = {}): Promise<GitExit> {
  const { input, ...rest } = options;
  const git = startGit(cwd, args, { ...rest, stdin: input !== undefined });
  git.stdin?.end(input);
  return git.exit;
}

export interface InputOptions {
  /** What git reads on stdin. */
  input: string | Buffer;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  /** More environment for git (e.g. GIT_INDEX_FILE, a temporary index). */
  env?: Record<string, string>;
}

/** Run `git <args>` in `cwd` with `input` on its stdin. */
export async function gitWithInput(cwd: string, args: string[], options: InputOptions): Promise<GitResult> {
  const out: Buffer[] = [];
  const { code, stderr } = await runGit(cwd, args, { input: options.input, env: options.env, onStdout: (d) => out.push(d) });
  const result = { stdout: Buffer.concat(out).toString('utf8'), stderr, code };
  if (result.code !== 0 && !options.allowFailure) throw new GitError(args, result.stderr, code);
  return result;
}
