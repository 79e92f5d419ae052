// Running git's porcelain: through simple-git, configured once here (`gitFor`).
//
// Every porcelain call (init, status, add, commit, small bounded logs, rev-parse, config,
// ls-tree, rev-list, fetch, push, rebase) goes through the SimpleGit that `gitFor` builds, so
// the environment, the error mapping and simple-git's safety switches are set in one place.
// What simple-git cannot drive (a process fed on stdin, or read as a stream) is spawned
// directly, and only in ./gitPlumbing.ts (and the three streaming readers it lists).
//
// Arguments are always an array (no shell); user input only ever after `--` or as a value
// git cannot read as an option.
//
// simple-git is loaded on first use, never at start-up: it costs 40–60 ms to load, and
// `ehcp --version`, `--help` and the commands that never touch git must not pay for it.

import fs from 'node:fs';
import type { SimpleGit, SimpleGitOptions } from 'simple-git';
import { EhcpError } from '../../core/errors.js';

export class GitError extends EhcpError {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(`git ${args[0]} failed: ${stderr.trim().split('\n').slice(-3).join(' ') || `exit ${code}`}`, 'Check the repository state with `git status`; nothing was changed by ehcp beyond what this message says.');
    this.name = 'GitError';
  }
}

/**
 * Set for every git ehcp runs: messages in English whatever the officer's locale (ehcp
 * reads some of them), never a credential prompt that would hang a command, and no
 * optional lock taken by a read (`git status` must not block another officer's commit).
 */
const GIT_ENV = { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

/** The officer's environment with GIT_ENV (and `extra`) on top, as git is given it. */
export function gitEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...GIT_ENV, ...extra };
}

/**
 * simple-git (3.36+) refuses to run git when the environment names a program git might
 * start (EDITOR, GIT_EDITOR, PAGER, GIT_PAGER, GIT_SSH_COMMAND, GIT_ASKPASS, ...) or when
 * the arguments set one (`-c core.editor=...`, `config core.hooksPath ...`). Those guards
 * protect programs that pass untrusted input to git as options. Here the environment is
 * the officer's own (their editor, pager, SSH key command and credential prompt must keep
 * working), and the arguments are ehcp's own: record data never reaches git as an option.
 * So the switches for what comes from the environment are on, and so are the two that
 * ehcp's own arguments need: `core.editor=true` (sync's rebase must never open an editor)
 * and `core.hooksPath` (init enables the pre-commit check). Everything else simple-git
 * blocks (upload/receive-pack, ext:: protocols, aliases, filters, merge drivers, GPG
 * programs set by arguments) stays blocked.
 */
const UNSAFE_ALLOWED: SimpleGitOptions['unsafe'] = {
  allowUnsafeEditor: true,
  allowUnsafePager: true,
  allowUnsafeAskPass: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeHooksPath: true,
};

const loadSimpleGit = () => import('simple-git');
let loading: ReturnType<typeof loadSimpleGit> | undefined;

/** A failed git run as simple-git reports it, with what ehcp needs to explain it. */
interface Failure extends Error {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function isFailure(error: unknown): error is Failure {
  return error instanceof Error && typeof (error as Partial<Failure>).exitCode === 'number';
}

export interface GitSettings {
  /** Added to GIT_ENV for this handle only (sync's rebase sets GIT_SEQUENCE_EDITOR). */
  env?: Record<string, string>;
  /** `-c key=value` settings for every command run through this handle. */
  config?: string[];
  /**
   * The command talks to a remote (fetch, push). Then a command counts as finished 50 ms
   * after git exits even if its output pipes stay open, as simple-git does by default: an
   * SSH connection kept open for reuse (ControlPersist) holds them. Local commands finish
   * when their output closes, and leave no 50 ms timer to hold up ehcp's own exit.
   */
  network?: boolean;
}

/**
 * The one place a SimpleGit is made. Any non-zero exit is an error carrying the exit code
 * and both outputs (simple-git's default ignores an exit code without stderr, which would
 * hide `merge-base --is-ancestor` saying "no").
 */
export async function gitFor(root: string, settings: GitSettings = {}): Promise<SimpleGit> {
  const { simpleGit, GitError: SimpleGitError } = await (loading ??= loadSimpleGit());
  if (!isFolder(root)) {
    throw new EhcpError(`git cannot run in ${root}: the folder does not exist (any more).`, 'Check the path (or --repo), then run the command again.');
  }
  return simpleGit({
    baseDir: root,
    binary: 'git',
    maxConcurrentProcesses: 4,
    trimmed: false,
    config: settings.config ?? [],
    completion: { onClose: true, onExit: settings.network ? 50 : false },
    unsafe: UNSAFE_ALLOWED,
    errors(error, result) {
      if (!result.exitCode) return error;
      const stdout = Buffer.concat(result.stdOut).toString('utf8');
      const stderr = Buffer.concat(result.stdErr).toString('utf8');
      // Must stay a simple-git GitError: simple-git replaces any other error with its own.
      return Object.assign(new SimpleGitError(undefined, stderr || stdout || `exit ${result.exitCode}`), { exitCode: result.exitCode, stdout, stderr });
    },
  })
    .env(gitEnvironment(settings.env))
    .outputHandler(announceEnd);
}

/**
 * simple-git waits an extra 50 ms after a command that printed nothing, in case output is
 * still on its way. Many of ehcp's commands print nothing (update-ref, a clean `status`,
 * `config` writes), and a write runs several. When git's stdout has ended nothing more can
 * come, so an empty chunk tells simple-git at once.
 */
function announceEnd(_command: string, stdout: NodeJS.ReadableStream): void {
  stdout.once('end', () => stdout.emit('data', EMPTY));
}
const EMPTY = Buffer.alloc(0);

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** ehcp's error for something simple-git threw while running `git <args>`. */
function toGitError(args: string[], error: unknown): EhcpError {
  if (error instanceof EhcpError) return error;
  if (isFailure(error)) {
    if (/\bENOENT\b/.test(error.stderr) && /spawn/.test(error.stderr)) return gitMissing(error.stderr);
    return new GitError(args, error.stderr || error.stdout, error.exitCode);
  }
  const text = error instanceof Error ? error.message : String(error);
  if ((error as { plugin?: string } | undefined)?.plugin === 'unsafe') {
    return new EhcpError(
      `git ${args[0]} was not run: simple-git refused it (${text}).`,
      'Something in the environment asks git to run a program ehcp does not allow (see docs/architecture.md, "Git"); unset it for ehcp and try again.',
    );
  }
  if (/\bENOENT\b/.test(text)) return gitMissing(text);
  return new GitError(args, text, null);
}

function gitMissing(detail: string): EhcpError {
  return new EhcpError(`could not run git: ${detail.trim().split('\n')[0]}`, 'Install git and make sure it is on your PATH.');
}

/** Run one simple-git call, with its failure as ehcp's GitError (exit 2, what to do). */
export async function withGit<T>(root: string, args: string[], call: (g: SimpleGit) => Promise<T>, settings?: GitSettings): Promise<T> {
  const g = await gitFor(root, settings);
  try {
    return await call(g);
  } catch (error) {
    throw toGitError(args, error);
  }
}

/**
 * Run one simple-git call whose failure the caller reads (a push rejected because another
 * officer pushed first, a rebase that stopped on a conflict): a non-zero exit comes back
 * as the result (code, stdout, stderr) instead of an error. A git that cannot start, or a
 * call simple-git refuses, still throws.
 */
export async function attemptGit(root: string, args: string[], call: (g: SimpleGit) => Promise<unknown>, settings?: GitSettings): Promise<GitResult> {
  const g = await gitFor(root, settings);
  try {
    const value = await call(g);
    return { stdout: typeof value === 'string' ? value : '', stderr: '', code: 0 };
  } catch (error) {
    if (isFailure(error) && !/spawn .*ENOENT/.test(error.stderr)) return { stdout: error.stdout, stderr: error.stderr, code: error.exitCode };
    throw toGitError(args, error);
  }
}

export interface GitOptions {
  env?: Record<string, string>;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * A porcelain command simple-git has no typed method for (rev-list --count, ls-tree,
 * ls-files, diff --name-only, merge-base, symbolic-ref, update-ref), through `raw`.
 * stderr is only known when git fails.
 */
export async function git(root: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const g = await gitFor(root, { env: options.env });
  try {
    return { stdout: await g.raw(args), stderr: '', code: 0 };
  } catch (error) {
    if (options.allowFailure && isFailure(error) && !/spawn .*ENOENT/.test(error.stderr)) {
      return { stdout: error.stdout, stderr: error.stderr, code: error.exitCode };
    }
    throw toGitError(args, error);
  }
}

/** The value of a git config key, or '' when it is not set (`git config --get` exits 1). */
export async function gitConfigValue(root: string, key: string): Promise<string> {
  const g = await gitFor(root);
  try {
    const { value } = await g.getConfig(key);
    return (value ?? '').trim();
  } catch (error) {
    if (isFailure(error) && error.exitCode === 1) return '';
    throw toGitError(['config', key], error);
  }
}

/** The commit `revision` names, or undefined when it names none or git cannot say (`rev-parse --verify --quiet`). */
export async function resolveCommit(root: string, revision: string): Promise<string | undefined> {
  const g = await gitFor(root);
  try {
    return (await g.revparse(['--verify', '--quiet', '--end-of-options', revision])).trim() || undefined;
  } catch (error) {
    if (isFailure(error) && !/spawn .*ENOENT/.test(error.stderr)) return undefined;
    throw toGitError(['rev-parse', revision], error);
  }
}

/** True inside a git work tree (`rev-parse --is-inside-work-tree`); false for a missing folder too. */
export async function isGitRepository(dir: string): Promise<boolean> {
  try {
    return await (await gitFor(dir)).checkIsRepo();
  } catch {
    return false;
  }
}
