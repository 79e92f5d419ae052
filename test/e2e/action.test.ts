// `ehcp action done`: the command the overdue-action finding names. A draft is changed in
// place; a final record gets a correction that amends it, and the audit reads that.

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitSync, runEhcp as spawnEhcp, treeSnapshot } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { expectClean, expectCommitted, expectValid, idOf, read, recordFiles, repoWithCase } from './record-helpers.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

const ACTIONS = ['--set', 'actions[0].action=Send the report', '--set', 'actions[0].due=2024-03-08', '--set', 'actions[1].action=Book the room', '--set', 'actions[1].due=2024-03-09'];

describe('ehcp action done', () => {
  it('the finding names the command; on a final note it writes an amending record and the finding goes', async () => {
    const repo = await repoWithCase();
    const note = (await spawnEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--summary', 'Planning call', ...ACTIONS], { cwd: repo })).stdout.trim();
    const audit = await spawnEhcp(['audit', '--as-of', '2024-04-01', '--category', 'overdue-action', '--format', 'json'], { cwd: repo, env: { EHCP_TRACE_READ: '1' } });
    // A history of a few commits is read in this thread: a worker would cost more to start (historyFacts.ts).
    expect(audit.stderr).toContain('ehcp history: {"source":"here"}');
    const messages = JSON.parse(audit.stdout).findings.map((f: { message: string }) => f.message);
    expect(messages).toContain(`Action 2 of ${idOf(note)} was due 2024-03-09 and is not marked done: 23 days overdue. Once done: ehcp action done ${idOf(note)} --item 2 --on DATE`);

    const r = await spawnEhcp(['action', 'done', idOf(note), '--item', '2', '--on', '12/03/2024', '--json'], { cwd: repo });
    expect(r.stderr).toContain('a correction that amends');
    expect(r.code).toBe(0);
    const written = JSON.parse(r.stdout);
    const value = parse(read(repo, written.path));
    expect(value).toMatchObject({ amends: idOf(note), status: 'final', summary: 'Planning call' });
    expect(value.actions[1]).toEqual({ action: 'Book the room', due: '2024-03-09', done_on: '2024-03-12' });
    expect(value.actions[0].done_on).toBeUndefined();
    expect(parse(read(repo, note)).actions[1].done_on).toBeUndefined(); // the original is untouched
    expectCommitted(repo, written.path, { case: 'T0042', type: 'note', record: written.id, action: 'amend' });
    const after = await spawnEhcp(['audit', '--as-of', '2024-04-01', '--category', 'overdue-action', '--format', 'json'], { cwd: repo });
    const left = JSON.parse(after.stdout).findings.map((f: { message: string }) => f.message);
    expect(left).toHaveLength(1);
    expect(left[0]).toContain(`Action 1 of ${written.id}`);
    expectClean(repo);
    await expectValid(repo);
  });

  it('on draft minutes it edits in place (one commit); a done action or a bad item changes nothing', async () => {
    const repo = await repoWithCase();
    const file = (await runEhcp(['minutes', 'new', '--case', 'T0042', '--kind', 'panel', '--date', '2024-03-05', '--no-input', ...ACTIONS], { cwd: repo })).stdout.trim();
    const which = await runEhcp(['action', 'done', idOf(file), '--on', '2024-03-07'], { cwd: repo });
    expect(which.code).toBe(2); // two actions, no terminal to ask in: which one?
    expect(which.stderr).toContain('action done needs --item N');
    const r = await runEhcp(['action', 'done', idOf(file), '--item', '1', '--on', '2024-03-07'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(parse(read(repo, file)).actions[0].done_on).toBe('2024-03-07');
    expect(read(repo, file)).toMatch(/^# attendees:$/m);
    expect(recordFiles(repo)).toEqual([file]);
    expectCommitted(repo, file, { case: 'T0042', type: 'minutes', record: idOf(file), action: 'edit' });
    // history knows an edit of a draft as ehcp's own commit, not as a hand edit.
    const history = JSON.parse((await runEhcp(['history', idOf(file), '--format', 'json'], { cwd: repo })).stdout) as { commits: { action: string | null; outsideEhcp: boolean }[] };
    expect(history.commits.map((h) => [h.action, h.outsideEhcp])).toEqual([['create', false], ['edit', false]]);
    const before = treeSnapshot(repo);
    const commits = gitSync(repo, ['rev-list', '--count', 'HEAD']);
    const again = await runEhcp(['action', 'done', idOf(file), '--item', '1'], { cwd: repo });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already marked done (on 2024-03-07)');
    for (const args of [['--item', '3'], ['--item', '0'], ['--item', '2', '--on', '2024-03-01'], ['--item', '2', '--on', '2199-01-01'], ['--item', '2', '--on', '31/02/2024']]) {
      const bad = await runEhcp(['action', 'done', idOf(file), ...args], { cwd: repo });
      expect(bad.code, args.join(' ')).toBe(2);
    }
    expect(treeSnapshot(repo)).toEqual(before);
    expect(gitSync(repo, ['rev-list', '--count', 'HEAD'])).toBe(commits);
  });
});
