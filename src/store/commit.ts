// One write = one commit (product.md §3): only the files the command wrote are staged, the
// message holds only the case reference, record type, id and action (never personal data),
// with Ehcp-* trailers; the author is the officer's own git identity.
//
// git is run directly (src/store/git.ts: an argument array, paths after `--`) rather than
// through simple-git: simple-git refuses to run when EDITOR or PAGER is exported, which
// officers commonly do, and loading it costs ~170 ms of the 0.6 s `minutes new` budget.

import { EhcpError } from '../core/errors.js';
import { git, GitError } from './git.js';

export interface CommitRequest {
  /** Repository-relative paths written (or deleted) by the command. */
  files: string[];
  /** e.g. "C0042 minutes 2024-03-05-minutes-k3f9q2 create" */
  subject: string;
  trailers: { case?: string; record?: string; action: string };
  /** How long to wait for another process's index lock (default: EHCP_LOCK_WAIT_MS or 10 s). */
  lockWaitMs?: number;
}

export class CommitFailedError extends EhcpError {
  constructor(files: string[], reason: string) {
    super(
      `The record was written but not committed: ${reason}`,
      `Nothing is lost: the file is in place. Fix the cause, then run \`git add -- ${files.join(' ')} && git commit\`` +
        ' (ehcp validate and ehcp audit report it as uncommitted until then).',
    );
  }
}

export async function requireIdentity(root: string): Promise<{ name: string; email: string }> {
  const get = async (key: string) => (await git(root, ['config', '--get', key], { allowFailure: true })).stdout.trim();
  const [name, email] = await Promise.all([get('user.name'), get('user.email')]);
  if (!name || !email) {
    throw new EhcpError(
      'git does not know who you are, and every record must be attributable to an officer.',
      'Set your identity once: git config --global user.name "Your Name" && git config --global user.email "you@council.gov.uk"',
    );
  }
  return { name, email };
}

const DEFAULT_LOCK_WAIT_MS = 10_000;

function lockWait(request: CommitRequest): number {
  if (request.lockWaitMs !== undefined) return request.lockWaitMs;
  const fromEnv = Number(process.env.EHCP_LOCK_WAIT_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : DEFAULT_LOCK_WAIT_MS;
}

/** Commit exactly `files`. Waits for another process's index lock instead of failing. */
export async function commitFiles(root: string, request: CommitRequest): Promise<string> {
  const message = [
    request.subject,
    '',
    ...(request.trailers.case ? [`Ehcp-Case: ${request.trailers.case}`] : []),
    ...(request.trailers.record ? [`Ehcp-Record: ${request.trailers.record}`] : []),
    `Ehcp-Action: ${request.trailers.action}`,
  ].join('\n');
  // Several officers (or two terminals) may commit at once: wait for git's lock, not fail.
  const deadline = Date.now() + lockWait(request);
  for (;;) {
    try {
      await git(root, ['-c', 'core.quotepath=off', 'add', '--all', '--', ...request.files]);
      // `commit --only -- paths` commits these paths alone, whatever else is staged. The
      // message comes on stdin (-F -), so no editor is ever started.
      await git(root, ['commit', '--quiet', '--only', '--no-verify', '-F', '-', '--', ...request.files], { input: message + '\n' });
      // Not `rev-parse HEAD`: another officer's commit may already sit on top of ours.
      const mine = await git(root, ['rev-list', '-1', 'HEAD', '--', ...request.files]);
      return mine.stdout.trim();
    } catch (error) {
      const text = error instanceof GitError ? error.stderr : String((error as Error).message ?? error);
      if (/index\.lock|Unable to create .*\.lock|cannot lock ref/i.test(text) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
        continue;
      }
      throw new CommitFailedError(request.files, firstGitLine(text));
    }
  }
}

function firstGitLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(fatal|error):/.test(l));
  return (line ?? text.split('\n')[0]).replace(/^(fatal|error):\s*/, '');
}
