import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, runEhcp } from '../helpers/cli.js';
import { expectClean, expectCommitted, expectValid, idOf, repoWithCase } from './record-helpers.js';

describe('two officers writing at the same moment', () => {
  it('both `ehcp minutes new` runs land: both files committed, each in its own commit', async () => {
    const repo = await repoWithCase();
    const before = Number(gitSync(repo, ['rev-list', '--count', 'HEAD']));
    const args = (kind: string) => ['minutes', 'new', '--case', 'T0042', '--kind', kind, '--date', '2024-03-05', '--no-input', '--json'];
    const runs = await Promise.all([runEhcp(args('appeal-hearing'), { cwd: repo }), runEhcp(args('pre-tribunal-meeting'), { cwd: repo }), runEhcp(args('annual-review'), { cwd: repo })]);
    for (const r of runs) {
      expect(r.stderr).not.toContain('not committed');
      expect(r.code).toBe(0);
    }
    const outs = runs.map((r) => JSON.parse(r.stdout) as { id: string; path: string; commit: string });
    expect(new Set(outs.map((o) => o.id)).size).toBe(3);
    for (const out of outs) {
      expect(fs.existsSync(path.join(repo, out.path))).toBe(true);
      expect(expectCommitted(repo, out.path, { case: 'T0042', type: 'minutes', record: out.id, action: 'create' })).toBe(out.commit);
    }
    expect(Number(gitSync(repo, ['rev-list', '--count', 'HEAD']))).toBe(before + 3);
    const subjects = gitSync(repo, ['log', '--format=%s', `-3`]).trim().split('\n').sort();
    expect(subjects).toEqual(outs.map((o) => `T0042 minutes ${idOf(o.path)} create`).sort());
    expectClean(repo);
    await expectValid(repo);
  });
});
