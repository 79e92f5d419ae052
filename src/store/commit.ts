// One write = one commit (product.md §3): only the files the command wrote are staged, the
// message holds only the case reference, record type, id and action (never personal data),
// with Ehcp-* trailers; the author is the officer's own git identity.

import { simpleGit, type SimpleGit } from 'simple-git';
import { EhcpError } from '../core/errors.js';
import { git } from './git.js';

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

// simple-git refuses to run with these set (they can run programs). A commit with -m and
// no terminal never uses them, and officers commonly export EDITOR and PAGER: drop them.
const INTERACTIVE_ONLY = new Set([
  'EDITOR', 'VISUAL', 'PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER', 'GIT_ASKPASS', 'SSH_ASKPASS',
  'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF', 'GIT_TEMPLATE_DIR',
]);

function commitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !INTERACTIVE_ONLY.has(key.toUpperCase())) env[key] = value;
  }
  return { ...env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
}

/** Commit exactly `files`. Waits for another process's index lock instead of failing. */
export async function commitFiles(root: string, request: CommitRequest): Promise<string> {
  const repo: SimpleGit = simpleGit({
    baseDir: root,
    config: ['core.quotepath=off'],
    // These say which config (and so which identity) git reads, exactly as requireIdentity saw it.
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true },
  }).env(commitEnv());
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
      await repo.raw(['add', '--all', '--', ...request.files]);
      // `commit --only -- paths` commits these paths alone, whatever else is staged.
      await repo.raw(['commit', '--quiet', '--only', '--no-verify', '-m', message, '--', ...request.files]);
      // Not `rev-parse HEAD`: another officer's commit may already sit on top of ours.
      const mine = await repo.raw(['rev-list', '-1', 'HEAD', '--', ...request.files]);
      return mine.trim();
    } catch (error) {
      const text = String((error as Error).message ?? error);
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
