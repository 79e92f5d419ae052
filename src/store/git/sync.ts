// `ehcp sync`: share this officer's commits and receive everyone else's, keeping one
// linear history; nothing is lost when two officers push at once. git runs through
// simple-git (./git.ts): fetch, rebase, push, status, rev-parse, config, remotes.
//
//   1. Refuse while anything is uncommitted (records are never left behind or discarded:
//      the officer is told which files and how to commit them) or a rebase/merge is open.
//   2. fetch; rebase the officer's new commits onto the upstream (`git pull --rebase`);
//      push. Records are one file each, so two officers' commits never touch the same file
//      and the rebase cannot conflict unless someone edited a file by hand.
//   3. Push rejected because another officer pushed in between: fetch, rebase, push again,
//      a bounded number of times.
//   4. A genuine conflict stops with the rebase in progress, the conflicted files named and
//      the commands to finish or abort. Nothing is aborted or discarded silently.

import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../../core/errors.js';
import { attemptGit, git, gitConfigValue, resolveCommit, withGit, type GitResult } from './git.js';
import { CASES_DIR, CONFIG_FILE } from '../paths.js';

export interface SyncOptions {
  /** How many fetch-rebase-push rounds before giving up (another officer kept pushing). */
  maxAttempts?: number;
  /** Progress for the person at the terminal. */
  progress?: (message: string) => void;
}

export interface SyncResult {
  branch: string;
  /** e.g. origin/main */
  upstream: string;
  /** Commits of this officer's that are now on the remote. */
  pushed: number;
  /** Commits by others that this clone received. */
  received: number;
  /** fetch-rebase-push rounds used (1 unless another officer pushed first). */
  attempts: number;
}

const DEFAULT_SYNC_ATTEMPTS = 5;

/** The sync stopped part-way (conflict, rebase already open): exit 2, state and commands given. */
class SyncStoppedError extends EhcpError {
  constructor(message: string, hint: string) {
    super(message, hint, 2);
    this.name = 'SyncStoppedError';
  }
}

// Rebase must never wait for an editor or stash anything on its own. A record written in a
// case folder that `ehcp migrate` moved upstream follows its folder (git's directory-rename
// detection; by default git stops and asks, which sync would report as a conflict).
const REBASE_CONFIG = ['rebase.autoStash=false', 'rebase.autoSquash=false', 'rebase.updateRefs=false', 'core.editor=true', 'merge.directoryRenames=true'];
const NON_INTERACTIVE = { GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true', GIT_MERGE_AUTOEDIT: 'no' };

export async function syncRepository(root: string, options: SyncOptions = {}): Promise<SyncResult> {
  const progress = options.progress ?? (() => {});
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_SYNC_ATTEMPTS);
  const gitDir = path.resolve(root, (await withGit(root, ['rev-parse'], (g) => g.revparse(['--git-dir']))).trim());

  await refuseOpenOperation(root, gitDir);
  if (!(await resolveCommit(root, 'HEAD'))) {
    throw new EhcpError('There is nothing to sync: this repository has no commits yet.', 'Create the records repository with `ehcp init`, or clone it from the team remote with `git clone URL`.');
  }
  await refuseUncommitted(root);
  const target = await upstreamOf(root);
  progress(`Syncing ${target.branch} with ${target.display}.`);

  let received = 0;
  for (let attempt = 1; ; attempt++) {
    progress(`Fetching from ${target.remote}...`);
    await fetchFrom(root, target.remote);
    const remoteHead = await resolveCommit(root, target.trackingRef);

    if (remoteHead) {
      const incoming = await count(root, `HEAD..${target.trackingRef}`);
      if (incoming > 0) {
        const mine = await count(root, `${target.trackingRef}..HEAD`);
        progress(mine > 0 ? `Received ${incoming} commit${plural(incoming)}; placing your ${mine} on top of them.` : `Received ${incoming} commit${plural(incoming)}.`);
        await rebaseOnto(root, gitDir, target.trackingRef);
        received += incoming;
      }
    }
    const toPush = remoteHead ? await count(root, `${target.trackingRef}..HEAD`) : await count(root, 'HEAD');
    if (toPush === 0) {
      return { branch: target.branch, upstream: target.display, pushed: 0, received, attempts: attempt };
    }
    progress(`Pushing ${toPush} commit${plural(toPush)} to ${target.display}...`);
    // simple-git adds --verbose --porcelain: the rejection reasons are in the output.
    const push = await attemptGit(root, ['push'], (g) => g.push(target.remote, `HEAD:${target.mergeRef}`, target.configured ? [] : ['--set-upstream']), { network: true });
    if (push.code === 0) {
      return { branch: target.branch, upstream: target.display, pushed: toPush, received, attempts: attempt };
    }
    if (!isBehindRejection(push)) {
      throw new EhcpError(
        `git push to ${target.remote} failed: ${lastLines(push)}`,
        'Your commits are safe in this clone. Check the connection and your access to the remote (`git push` shows the full message), then run `ehcp sync` again.',
      );
    }
    if (attempt >= maxAttempts) {
      throw new EhcpError(
        `Other officers kept pushing while this sync ran (${attempt} tries); your ${toPush} commit${plural(toPush)} are not on the remote yet.`,
        'Nothing is lost: your commits are in this clone, on top of everything received so far. Run `ehcp sync` again in a moment.',
      );
    }
    progress(`Another officer pushed first; fetching their work and trying again (${attempt + 1} of ${maxAttempts}).`);
    // A short, growing, random pause so two officers retrying together do not collide again.
    await new Promise((r) => setTimeout(r, (100 + Math.random() * 300) * attempt));
  }
}

interface Upstream {
  branch: string;
  remote: string;
  /** The branch on the remote, e.g. refs/heads/main. */
  mergeRef: string;
  /** This clone's copy of it, e.g. refs/remotes/origin/main. */
  trackingRef: string;
  display: string;
  /** An upstream is configured (otherwise the first push sets it). */
  configured: boolean;
}

async function upstreamOf(root: string): Promise<Upstream> {
  const branch = (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true })).stdout.trim();
  if (!branch) {
    throw new EhcpError(
      'HEAD is detached (not on a branch), so there is nothing to sync it to.',
      'Go back to your branch with `git switch main` (your commits stay reachable in `git reflog`), then run `ehcp sync`.',
    );
  }
  const remotes = (await withGit(root, ['remote'], (g) => g.getRemotes())).map((r) => r.name);
  if (remotes.length === 0) {
    throw new EhcpError(
      'This records repository has no remote, so there is nothing to sync with.',
      "Add the team's shared repository once with `git remote add origin URL`, then run `ehcp sync`.",
    );
  }
  const remote = await gitConfigValue(root, `branch.${branch}.remote`);
  const merge = await gitConfigValue(root, `branch.${branch}.merge`);
  if (remote && merge && remote !== '.') {
    const tracking = (await git(root, ['rev-parse', '--symbolic-full-name', '@{upstream}'], { allowFailure: true })).stdout.trim();
    const short = merge.replace(/^refs\/heads\//, '');
    return { branch, remote, mergeRef: merge, trackingRef: tracking || `refs/remotes/${remote}/${short}`, display: `${remote}/${short}`, configured: true };
  }
  if (branch !== 'main') {
    throw new EhcpError(
      `Branch ${branch} has no upstream, so ehcp does not know where to push it.`,
      'Records are shared on main: `git switch main`, or name the upstream with `git branch --set-upstream-to origin/main`.',
    );
  }
  if (!remotes.includes('origin')) {
    throw new EhcpError(
      `Branch main has no upstream and there is no remote called origin (remotes: ${remotes.join(', ')}).`,
      'Name the upstream once with `git branch --set-upstream-to REMOTE/main`, then run `ehcp sync`.',
    );
  }
  return { branch, remote: 'origin', mergeRef: 'refs/heads/main', trackingRef: 'refs/remotes/origin/main', display: 'origin/main', configured: false };
}

/** A rebase, merge, cherry-pick or revert already open: say so rather than add to it. */
async function refuseOpenOperation(root: string, gitDir: string): Promise<void> {
  const rebasing = fs.existsSync(path.join(gitDir, 'rebase-merge')) || fs.existsSync(path.join(gitDir, 'rebase-apply'));
  if (rebasing) {
    const conflicted = await conflictedFiles(root);
    throw new SyncStoppedError(`A rebase is already in progress in this clone${conflicted.length ? `, with conflicts in ${conflicted.length} file${plural(conflicted.length)}` : ''}.`, finishRebaseHint(conflicted));
  }
  for (const [marker, what, abort] of [
    ['MERGE_HEAD', 'merge', 'git merge --abort'],
    ['CHERRY_PICK_HEAD', 'cherry-pick', 'git cherry-pick --abort'],
    ['REVERT_HEAD', 'revert', 'git revert --abort'],
  ] as const) {
    if (fs.existsSync(path.join(gitDir, marker))) {
      throw new SyncStoppedError(
        `A ${what} is in progress in this clone; ehcp sync will not start on top of it.`,
        `Finish it (\`git status\` shows what is left; then \`git commit\`) or undo it with \`${abort}\`, then run \`ehcp sync\`.`,
      );
    }
  }
}

/** Anything uncommitted stops the sync: named, with how to commit it. Nothing is discarded. */
async function refuseUncommitted(root: string): Promise<void> {
  // `git status --porcelain -b -u --null`: every untracked file, names never quoted.
  const status = await withGit(root, ['status'], (g) => g.status());
  const files: string[] = [];
  for (const entry of status.files) {
    const file = entry.path;
    // Untracked files outside the records (a stray download, an editor's file) do not
    // stop a rebase and are not records; everything else does.
    const isRecordPath = file.startsWith(`${CASES_DIR}/`) || file === CONFIG_FILE;
    if (entry.index === '?' && entry.working_dir === '?' && !isRecordPath) continue;
    files.push(file);
  }
  if (files.length === 0) return;
  const shown = files.slice(0, 20);
  const list = shown.map((f) => `\n    ${f}`).join('') + (files.length > shown.length ? `\n    ... and ${files.length - shown.length} more (see \`git status\`)` : '');
  const quoted = shown.map(shellQuote).join(' ');
  throw new EhcpError(
    `${files.length} file${plural(files.length)} ${files.length === 1 ? 'is' : 'are'} not committed, so ehcp sync stopped before changing anything:${list}`,
    `Nothing was discarded. Check ${files.length === 1 ? 'it' : 'them'} (\`ehcp validate\`), then commit: \`git add -- ${quoted} && git commit -m ${shellQuote(suggestedMessage(files))}\`` +
      ' (no names or other personal data in the message), and run `ehcp sync` again.',
  );
}

/** A commit message holding only references and ids, like ehcp's own. */
function suggestedMessage(files: string[]): string {
  const record = /^cases\/([A-Z0-9][A-Z0-9_-]{1,31})\/([^/]+)\.yaml$/.exec(files[0]);
  if (files.length === 1 && record) return `${record[1]} ${record[2]} create`;
  return 'Commit records written but not committed';
}

async function rebaseOnto(root: string, gitDir: string, upstream: string): Promise<void> {
  const r = await attemptGit(root, ['rebase'], (g) => g.rebase(['--quiet', '--no-autostash', upstream]), { config: REBASE_CONFIG, env: NON_INTERACTIVE });
  if (r.code === 0) return;
  const rebasing = fs.existsSync(path.join(gitDir, 'rebase-merge')) || fs.existsSync(path.join(gitDir, 'rebase-apply'));
  if (!rebasing) {
    throw new EhcpError(
      `git rebase onto ${upstream.replace(/^refs\/remotes\//, '')} failed before it started: ${lastLines(r)}`,
      'Nothing was changed. Check `git status`, then run `ehcp sync` again.',
    );
  }
  const conflicted = await conflictedFiles(root);
  throw new SyncStoppedError(
    `Sync stopped: your commits and commits from another officer changed the same file${conflicted.length === 1 ? '' : 's'} (a hand edit); a rebase is in progress.`,
    finishRebaseHint(conflicted),
  );
}

function finishRebaseHint(conflicted: string[]): string {
  const list = conflicted.length ? `Conflicted file${plural(conflicted.length)}:${conflicted.map((f) => `\n    ${f}`).join('')}\n  ` : '';
  const add = conflicted.length ? `git add -- ${conflicted.map(shellQuote).join(' ')}` : 'git add -- FILE';
  return (
    `${list}Nothing was discarded: your commits and theirs are all in git. To finish:\n` +
    '    git status                  # what is in progress and what is left\n' +
    '    (edit each conflicted file: keep both officers\' changes, remove the <<<<<<< ======= >>>>>>> lines)\n' +
    `    ${add}\n` +
    '    git rebase --continue\n' +
    '    ehcp sync\n' +
    '  Or go back to exactly where you were before the sync:\n' +
    '    git rebase --abort'
  );
}

async function conflictedFiles(root: string): Promise<string[]> {
  const r = await git(root, ['diff', '--name-only', '--diff-filter=U', '-z'], { allowFailure: true });
  return r.stdout.split('\0').filter(Boolean);
}

/**
 * The push failed because the remote moved on (another officer pushed first): either git
 * saw it before sending ("[rejected] (fetch first)", "(non-fast-forward)") or the remote
 * did, when the other push landed during ours ("[remote rejected] (failed to update ref)",
 * "cannot lock ref ... is at X but expected Y"). A hook or branch protection declining the
 * push is not a race and is not retried.
 */
function isBehindRejection(push: GitResult): boolean {
  const text = push.stdout + push.stderr;
  if (/\[rejected\]|non-fast-forward|fetch first|stale info/i.test(text)) return true;
  return /\[remote rejected\] \((failed to update ref|failed to lock|incorrect old value provided)\)/i.test(text) || /cannot lock ref .* but expected/i.test(text);
}

async function count(root: string, range: string): Promise<number> {
  const r = await git(root, ['rev-list', '--count', range]);
  return Number(r.stdout.trim()) || 0;
}

async function fetchFrom(root: string, remote: string): Promise<void> {
  const r = await attemptGit(root, ['fetch'], (g) => g.fetch(['--quiet', '--prune', '--no-recurse-submodules', remote]), { network: true });
  if (r.code !== 0) {
    throw new EhcpError(`Could not fetch from ${remote}: ${lastLines(r)}`, 'Your commits are safe in this clone. Check the connection and your access to the remote, then run `ehcp sync` again.');
  }
}

function lastLines(r: GitResult): string {
  const lines = (r.stderr || r.stdout).trim().split('\n').filter((l) => l.trim() && !l.startsWith('hint:'));
  return lines.slice(-2).join(' ').replace(/^(fatal|error):\s*/, '') || `exit ${r.code}`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
