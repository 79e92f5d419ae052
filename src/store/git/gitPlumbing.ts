// git run directly, without simple-git: only what simple-git cannot drive.
//
// simple-git starts a process, waits for it to exit and hands back its whole output as one
// string; it cannot write to a process's stdin and cannot stream its stdout. So these are
// spawned here instead, with the same environment (GIT_ENV) and the same GitError:
//
//   - `gitWithInput`: plumbing that reads its input on stdin (`mktree -z` reads the tree's
//     entries there and has no other way to take them).
//
// Three readers spawn git themselves, for the same reason, next to the parser they feed:
//   - src/store/git/history.ts: the history `git log`, hundreds of thousands of commits parsed
//     as they stream in (buffering it whole would hold hundreds of megabytes);
//   - src/store/git/catFile.ts: `git cat-file --batch`, object names written to stdin and
//     objects read back from one long-lived process;
//   - src/demo/fastImport.ts: `git fast-import`, a whole demo history written to stdin.

import { spawn } from 'node:child_process';
import { EhcpError } from '../../core/errors.js';
import { gitEnvironment, GitError, type GitResult } from './git.js';

export interface InputOptions {
  /** What git reads on stdin. */
  input: string | Buffer;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  /** More environment for git (e.g. GIT_INDEX_FILE, a temporary index). */
  env?: Record<string, string>;
}

/** Run `git <args>` in `cwd` with `input` on its stdin. */
export function gitWithInput(cwd: string, args: string[], options: InputOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnvironment(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new EhcpError(`could not run git: ${e.message}`, 'Install git and make sure it is on your PATH.')));
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 };
      if (result.code !== 0 && !options.allowFailure) reject(new GitError(args, result.stderr, code));
      else resolve(result);
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input; its exit code says why
    child.stdin.end(options.input);
  });
}
