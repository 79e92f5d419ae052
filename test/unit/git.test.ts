// src/store/git/git.ts: the one simple-git factory, against real git in temp folders.

import { afterEach, describe, expect, it } from 'vitest';
import { simpleGit } from 'simple-git';
import { attemptGit, git, gitConfigValue, gitEnvironment, GitError, gitFor, isGitRepository, resolveCommit, withGit } from '../../src/store/git/git.js';
import { gitWithInput } from '../../src/store/git/gitPlumbing.js';
import { readCoreEditor } from '../../src/store/platform.js';
import { EhcpError } from '../../src/core/errors.js';
import { gitSync, tempDir } from '../helpers/cli.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

function repository(): string {
  const dir = tempDir('ehcp-git-');
  gitSync(dir, ['init', '-q', '--initial-branch=main']);
  gitSync(dir, ['commit', '-q', '--allow-empty', '-m', 'first']);
  return dir;
}

describe('gitFor', () => {
  it('runs git with the officer\'s EDITOR, GIT_EDITOR, PAGER and GIT_PAGER exported, which simple-git alone refuses', async () => {
    const dir = repository();
    Object.assign(process.env, { EDITOR: 'false', VISUAL: 'false', PAGER: 'false', GIT_EDITOR: 'false', GIT_PAGER: 'false' });
    // The trap: simple-git's defaults refuse these variables once an environment is given.
    // (PREFIX, which some shells and perf export, is another variable simple-git refuses: left out.)
    const { PREFIX: _prefix, ...exported } = process.env;
    await expect(simpleGit(dir).env(exported as Record<string, string>).status()).rejects.toThrow(/allowUnsafe(Editor|Pager)/);
    const status = await (await gitFor(dir)).status();
    expect(status.current).toBe('main');
    expect(status.isClean()).toBe(true);
  });

  it('gives git the hardened environment (C locale, no terminal prompt, no optional locks) on top of the officer\'s', async () => {
    const dir = repository();
    process.env.EHCP_TEST_MARKER = 'kept';
    process.env.LC_ALL = 'en_GB.UTF-8';
    expect(gitEnvironment({ EXTRA: '1' })).toMatchObject({ LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', EHCP_TEST_MARKER: 'kept', EXTRA: '1' });
    // And git really receives it: `git var GIT_EDITOR` echoes the editor it was given.
    expect((await (await gitFor(dir, { env: { GIT_EDITOR: 'officer-editor' } })).raw(['var', 'GIT_EDITOR'])).trim()).toBe('officer-editor');
  });

  it('still blocks what no officer needs: an upload-pack program smuggled into a fetch', async () => {
    const dir = repository();
    await expect(withGit(dir, ['fetch'], (g) => g.raw(['fetch', '--upload-pack=false', 'origin']))).rejects.toThrow(/simple-git refused it/);
  });
});

describe('errors and exit codes', () => {
  it('a failing command is a GitError (exit 2) with git\'s message and what to do', async () => {
    const dir = repository();
    const error = await git(dir, ['rev-parse', '--verify', 'no-such-branch']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).exitCode).toBe(2);
    expect((error as GitError).message).toMatch(/^git rev-parse failed: .*no-such-branch|Needed a single revision/);
    expect((error as GitError).hint).toContain('git status');
  });

  it('allowFailure and attemptGit return the exit code, even when git says nothing on stderr', async () => {
    const dir = repository();
    gitSync(dir, ['commit', '-q', '--allow-empty', '-m', 'second']);
    expect((await git(dir, ['merge-base', '--is-ancestor', 'HEAD', 'HEAD~1'], { allowFailure: true })).code).toBe(1);
    expect((await git(dir, ['merge-base', '--is-ancestor', 'HEAD~1', 'HEAD'], { allowFailure: true })).code).toBe(0);
    const failed = await attemptGit(dir, ['rebase'], (g) => g.rebase(['no-such-upstream']));
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('no-such-upstream');
  });

  it('a missing config key is empty; a commit that does not exist is undefined; a folder outside git is not a repository', async () => {
    const dir = repository();
    expect(await gitConfigValue(dir, 'ehcp.no-such-key')).toBe('');
    gitSync(dir, ['config', 'ehcp.kept', 'yes']);
    expect(await gitConfigValue(dir, 'ehcp.kept')).toBe('yes');
    expect(await resolveCommit(dir, 'refs/heads/nowhere')).toBeUndefined();
    expect(await resolveCommit(dir, 'HEAD')).toMatch(/^[0-9a-f]{40}$/);
    expect(await isGitRepository(dir)).toBe(true);
    expect(await isGitRepository(tempDir('ehcp-not-git-'))).toBe(false);
    expect(await isGitRepository('/nonexistent/ehcp-folder')).toBe(false);
  });

  it('a folder that is gone is an EhcpError naming it, not a stack trace', async () => {
    const error = await git('/nonexistent/ehcp-folder', ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EhcpError);
    expect((error as EhcpError).message).toContain('/nonexistent/ehcp-folder');
  });

  it('a git that cannot be found says to install it', async () => {
    const dir = repository();
    process.env.PATH = tempDir('ehcp-empty-path-');
    const error = await git(dir, ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EhcpError);
    expect((error as EhcpError).message).toMatch(/^could not run git/);
    expect((error as EhcpError).hint).toContain('Install git');
  });
});

describe('gitWithInput (plumbing fed on stdin)', () => {
  it('feeds mktree its entries on stdin and maps a failure to GitError', async () => {
    const dir = repository();
    const blob = (await gitWithInput(dir, ['hash-object', '-w', '--stdin'], { input: 'synthetic content\n' })).stdout.trim();
    const tree = (await gitWithInput(dir, ['mktree', '-z'], { input: `100644 blob ${blob}\tfile.txt\0` })).stdout.trim();
    expect(gitSync(dir, ['ls-tree', '--name-only', tree]).trim()).toBe('file.txt');
    await expect(gitWithInput(dir, ['mktree', '-z'], { input: 'not a tree entry\0' })).rejects.toBeInstanceOf(GitError);
  });
});

describe('readCoreEditor (the editor git would open, for `minutes edit`)', () => {
  it('reads core.editor through simple-git with EDITOR and PAGER exported; unset is undefined', async () => {
    const dir = repository();
    const env = { ...process.env, EDITOR: 'false', PAGER: 'false', GIT_PAGER: 'false' };
    expect(await readCoreEditor(dir, env)).toBeUndefined();
    gitSync(dir, ['config', 'core.editor', 'nano -w']);
    expect(await readCoreEditor(dir, env)).toBe('nano -w');
    expect(await readCoreEditor('/nonexistent/ehcp-folder', env)).toBeUndefined();
  });
});
