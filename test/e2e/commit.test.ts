// How a record is committed: only the record, whatever else the officer has staged, on top
// of whatever is at HEAD, with the index left in step so `git status` is clean.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireIdentity } from '../../src/store/write/commit.js';
import { gitSync, runEhcp, tempDir, writeFile } from '../helpers/cli.js';
import { repoWithCase } from './record-helpers.js';

describe('record commits', () => {
  it('commit only the record, leave the officer\'s other staged work staged, and keep the index in step', async () => {
    const repo = await repoWithCase();
    writeFile(repo, 'notes-for-later.txt', 'work in progress\n');
    gitSync(repo, ['add', 'notes-for-later.txt']);
    const before = gitSync(repo, ['rev-parse', 'HEAD']).trim();
    const r = await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-05', '--summary', 'Called the school', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    const { commit, path: file } = JSON.parse(r.stdout);
    expect(gitSync(repo, ['rev-parse', 'HEAD']).trim()).toBe(commit);
    expect(gitSync(repo, ['rev-parse', 'HEAD^']).trim()).toBe(before);
    expect(gitSync(repo, ['show', '--name-only', '--format=', commit]).trim()).toBe(file.replace(/^\.\//, ''));
    // The other file is still staged, not committed; the record is neither modified nor staged.
    expect(gitSync(repo, ['status', '--porcelain'])).toBe('A  notes-for-later.txt\n');
    // The branch's reflog says what happened, as `git commit` would.
    expect(gitSync(repo, ['reflog', '-1', '--format=%gs'])).toMatch(/^commit: T0042 note \S+ create/);
    gitSync(repo, ['fsck', '--no-dangling']);
  });

  it('take the officer\'s identity as git would: the closest scope wins, and both name and email are needed', async () => {
    const repo = await repoWithCase();
    const home = tempDir('ehcp-identity-home-');
    fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Test Officer Global\n\temail = global@example.invalid\n');
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(await requireIdentity(repo)).toEqual({ name: 'Test Officer Global', email: 'global@example.invalid' });
      gitSync(repo, ['config', 'user.name', 'Test Officer Local']);
      expect(await requireIdentity(repo)).toEqual({ name: 'Test Officer Local', email: 'global@example.invalid' });
      fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Test Officer Global\n');
      await expect(requireIdentity(repo)).rejects.toThrow(/git does not know who you are/);
    } finally {
      process.env.HOME = saved;
    }
  });
});
