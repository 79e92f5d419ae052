// The process-running primitives every streamed git goes through (history's `git log`,
// `cat-file --batch`, `fast-import`, `mktree`): real git in a temporary folder.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EhcpError } from '../../src/core/errors.js';
import { GitError } from '../../src/store/git/git.js';
import { gitWithInput, runGit, startGit } from '../../src/store/git/gitPlumbing.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ehcp-plumbing-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('git plumbing primitives', () => {
  it('stream stdout as it comes and give the exit code and stderr', async () => {
    await runGit(dir, ['init', '-q']);
    const chunks: Buffer[] = [];
    const ok = await runGit(dir, ['hash-object', '--stdin'], { input: 'hello\n', onStdout: (d) => chunks.push(d) });
    expect(ok.code).toBe(0);
    expect(Buffer.concat(chunks).toString().trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const bad = await runGit(dir, ['rev-parse', '--verify', 'no-such-branch']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/fatal|Needed a single revision/);
  });

  it('gitWithInput throws a GitError on failure unless asked not to', async () => {
    await expect(gitWithInput(dir, ['mktree', '-z'], { input: 'not a tree entry\0' })).rejects.toBeInstanceOf(GitError);
    const r = await gitWithInput(dir, ['mktree', '-z'], { input: 'not a tree entry\0', allowFailure: true });
    expect(r.code).not.toBe(0);
    const empty = await gitWithInput(dir, ['mktree', '-z'], { input: '' });
    expect(empty.stdout.trim()).toMatch(/^[0-9a-f]{40,64}$/);
  });

  it('say which program could not be started, as an EhcpError', async () => {
    const run = runGit(dir, ['version'], { env: { PATH: path.join(dir, 'no-bin') }, label: 'git fast-import' });
    await expect(run).rejects.toBeInstanceOf(EhcpError);
    await expect(run).rejects.toThrow(/could not run git fast-import/);
  });

  it('let a caller write to a git that has already exited without an uncaught error', async () => {
    const git = startGit(dir, ['rev-parse', '--verify', 'no-such-branch'], { stdin: true });
    const { code } = await git.exit;
    expect(code).not.toBe(0);
    // Far more than a pipe holds, written after git has gone: the write fails quietly (an
    // unhandled 'error' event would fail this test run).
    await new Promise<void>((resolve) => git.stdin!.end(Buffer.alloc(4 << 20), () => resolve()).once('error', () => resolve()));
    expect(git.stdin!.writable).toBe(false);
  });
});
