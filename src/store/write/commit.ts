// One write = one commit: only the files the command wrote are staged, the message holds
// only the case reference, record type, id and action (never personal data), with Ehcp-*
// trailers; the author is the officer's own git identity.
//
// git's porcelain runs through simple-git (./git.ts: `withGit`, an argument array, paths
// after `--`); building the trees feeds git on stdin (`cat-file --batch`, `mktree --batch`:
// ./trees.ts), through the direct spawns of ../git/gitPlumbing.ts. The message is always
// given as an argument, so no editor is ever started, whatever EDITOR or GIT_EDITOR say.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../../core/errors.js';
import { parseCasePath } from '../../core/layout.js';
import { git, GitError, withGit } from '../git/git.js';
import { gitPath } from '../platform.js';
import { treeWithEntries } from './trees.js';

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
  // Both keys from one git process: `-z --get-regexp` prints "key\nvalue\0" for every value
  // set, lowest-priority scope first, so the last one of a key is what git itself would use.
  const listed = await git(root, ['config', '-z', '--get-regexp', '^user\\.(name|email)$'], { allowFailure: true });
  if (listed.code !== 0 && listed.code !== 1) throw new GitError(['config'], listed.stderr, listed.code); // 1: neither is set
  const values = new Map<string, string>();
  for (const entry of listed.stdout.split('\0')) {
    const newline = entry.indexOf('\n');
    if (entry) values.set(newline === -1 ? entry : entry.slice(0, newline), newline === -1 ? '' : entry.slice(newline + 1).trim());
  }
  const name = values.get('user.name') ?? '';
  const email = values.get('user.email') ?? '';
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
  request = { ...request, files: request.files.map((f) => gitPath(f)) }; // forward slashes, also on Windows
  const message =
    [
      request.subject,
      '',
      ...(request.trailers.case ? [`Ehcp-Case: ${request.trailers.case}`] : []),
      ...(request.trailers.record ? [`Ehcp-Record: ${request.trailers.record}`] : []),
      `Ehcp-Action: ${request.trailers.action}`,
    ].join('\n') + '\n';
  // Several officers (or two terminals) may commit at once: wait for git's lock, not fail.
  const deadline = Date.now() + lockWait(request);
  for (;;) {
    try {
      return (await commitInCaseFolder(root, request.files, request.subject, message, deadline)) ?? (await commitWithIndex(root, request.files, message));
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

/** The general path (init, several folders, deletions): git add, then commit these paths only. */
async function commitWithIndex(root: string, files: string[], message: string): Promise<string> {
  await withGit(root, ['add'], (g) => g.add(['--all', '--', ...files]));
  // `commit --only -- paths` commits these paths alone, whatever else is staged. The
  // message is given whole (-m), so no editor is ever started. (simple-git puts the paths
  // before the options, without `--`: ehcp's paths never begin with '-'.)
  await withGit(root, ['commit'], (g) => g.commit(message, files, { '--quiet': null, '--only': null, '--no-verify': null }));
  // Not `rev-parse HEAD`: another officer's commit may already sit on top of ours.
  const log = await withGit(root, ['log'], (g) => g.log(['-1', 'HEAD', '--', ...files]));
  return log.latest?.hash ?? '';
}


/**
 * The record path: files written into one case folder are committed without touching the
 * rest of the index. `git commit --only` rebuilds a temporary index of the whole
 * repository (about 3 s with 150,000 records); here git writes the new blobs, three small
 * trees (the case folder, cases/, the root) and the commit, then moves the branch with a
 * compare-and-swap, so a commit another officer made meanwhile is never lost: we build
 * again on top of it. Finally the index learns the new blobs, so `git status` is clean.
 * Returns undefined when this path does not apply (no commit yet, other folders, deletions).
 */
async function commitInCaseFolder(root: string, files: string[], subject: string, message: string, deadline: number): Promise<string | undefined> {
  // The case folder (cases/<REF> or, sharded, cases/<xx>/<REF>) every file is directly in.
  const dir = files[0]?.slice(0, files[0].lastIndexOf('/'));
  if (!dir || files.some((f) => f.slice(0, f.lastIndexOf('/')) !== dir || !parseCasePath(f)) || files.some((f) => !fs.existsSync(path.join(root, f)))) return undefined;
  // The object format, the index's lock file and HEAD's commit, from one git process (no HEAD: not this path).
  const located = await git(root, ['rev-parse', '--show-object-format', '--git-path', 'index.lock', '--verify', '--quiet', 'HEAD^{commit}'], { allowFailure: true });
  const [format, lockPath, head] = located.stdout.split('\n').map((line) => line.trim());
  if (located.code !== 0 || (format !== 'sha1' && format !== 'sha256') || !lockPath || !head) return undefined;
  // Another git process holds the index: commit only once it is free, as `git commit` would,
  // so that the index can be brought up to date straight after.
  const lock = path.resolve(root, lockPath);
  while (fs.existsSync(lock)) {
    if (Date.now() >= deadline) throw new GitError(['commit'], `fatal: Unable to create '${lock}': File exists (index.lock held by another git process)`, 128);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  const blobs = (await git(root, ['hash-object', '-w', '--', ...files])).stdout.trim().split('\n');
  for (let attempt = 0; attempt < 20; attempt++) {
    const parent = attempt === 0 ? head : (await withGit(root, ['rev-parse'], (g) => g.revparse(['--verify', 'HEAD^{commit}']))).trim();
    // The case folder's tree, then each folder above it (the shard, cases/), then the root.
    const rootTree = await treeWithEntries(root, format, parent, dir, files.map((f, i) => ['100644', blobs[i], f.slice(f.lastIndexOf('/') + 1)]));
    const commit = (await git(root, ['commit-tree', rootTree, '-p', parent, '-m', message])).stdout.trim();
    // Compare-and-swap: fails if HEAD moved since we read it, and then we build again.
    const moved = await git(root, ['update-ref', '-m', `commit: ${subject}`, 'HEAD', commit, parent], { allowFailure: true });
    if (moved.code !== 0) {
      if (/cannot lock ref|is at .* but expected/i.test(moved.stderr)) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
        continue;
      }
      throw new GitError(['update-ref'], moved.stderr, moved.code);
    }
    // The commit has landed; only the index is left. Wait out another process's lock here
    // (retrying the whole function would commit twice).
    const entries = files.map((f, i) => `100644,${blobs[i]},${f}`);
    for (;;) {
      const updated = await git(root, ['update-index', '--add', ...entries.flatMap((e) => ['--cacheinfo', e])], { allowFailure: true });
      if (updated.code === 0) return commit;
      if (!/index\.lock/.test(updated.stderr) || Date.now() >= deadline) {
        throw new EhcpError(
          `The record was committed (${commit.slice(0, 7)}), but git's index could not be updated: ${firstGitLine(updated.stderr)}`,
          `Run \`git reset -q -- ${files.join(' ')}\` so that \`git status\` is clean; nothing is lost.`,
        );
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  throw new GitError(['update-ref'], 'cannot lock ref HEAD: other commits kept arriving', 1);
}

function firstGitLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(fatal|error):/.test(l));
  return (line ?? text.split('\n')[0]).replace(/^(fatal|error):\s*/, '');
}
