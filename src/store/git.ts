// Running git. Arguments are always an array (no shell), user input only ever after `--`
// or as a value git cannot read as an option.

import { execFile, spawn } from 'node:child_process';
import { EhcpError } from '../core/errors.js';

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

const GIT_ENV = { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

export interface GitOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function git(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...GIT_ENV, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) =>
      reject(new EhcpError(`could not run git: ${e.message}`, 'Install git and make sure it is on your PATH.')),
    );
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 };
      if (result.code !== 0 && !options.allowFailure) reject(new GitError(args, result.stderr, code));
      else resolve(result);
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input; its exit code says why
    child.stdin.end(options.input ?? '');
  });
}

/** Raw bytes of stdout (for cat-file). */
export function gitBuffer(cwd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, stderr.toString('utf8'), typeof error.code === 'number' ? error.code : 1));
      else resolve(stdout);
    });
  });
}

export async function isGitRepository(dir: string): Promise<boolean> {
  const r = await git(dir, ['rev-parse', '--is-inside-work-tree'], { allowFailure: true }).catch(() => undefined);
  return r?.code === 0 && r.stdout.trim() === 'true';
}
