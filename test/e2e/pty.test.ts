// The real binary in a real pseudo-terminal (tmux): an officer answers the prompts for
// appeal-hearing minutes, presses Ctrl-C half-way, starts again, resumes, and finishes.
// tmux runs on its own socket; the session gets the test user's environment explicitly
// (env -i: no CI variable, so ehcp may prompt, even when the suite itself runs in CI).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EHCP_BIN, runEhcp, treeSnapshot, userEnv } from '../helpers/cli.js';
import { expectClean, expectCommitted, expectNoPersonalData, expectValid, idOf, read, recordFiles, repoWithCase } from './record-helpers.js';

const SOCKET = `ehcp-pty-${process.pid}-${Date.now()}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Start `ehcp args` in a new tmux session, in `cwd`, with exactly the test user's environment (plus `extra`). */
function start(session: string, cwd: string, args: string[], extra: Record<string, string> = {}): void {
  const env = { ...userEnv(), TERM: 'xterm-256color', ...extra };
  const assignments = Object.entries(env).map(([k, v]) => quote(`${k}=${v}`));
  const command = `cd ${quote(cwd)} && env -i ${assignments.join(' ')} ${quote(process.execPath)} ${quote(EHCP_BIN)} ${args.map(quote).join(' ')}; echo "EXIT=$?"; sleep 600`;
  tmux('new-session', '-d', '-x', '200', '-y', '50', '-s', session, `env -u CI sh -c ${quote(command)}`);
}

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session);
}

/** Poll the pane until `pattern` shows (an active prompt starts with "?"; answered ones with "✔"). */
async function waitFor(session: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keys(session: string, ...k: string[]): void {
  tmux('send-keys', '-t', session, ...k);
}

/** Answer the active prompt `question` by typing `text` (literally) and pressing Enter. */
async function answer(session: string, question: string, text: string): Promise<void> {
  await waitFor(session, new RegExp(`^\\? ${question}`, 'm'));
  if (text) tmux('send-keys', '-t', session, '-l', text);
  keys(session, 'Enter');
  // Wait for the prompt to be answered, so the next wait cannot see this one.
  await waitFor(session, new RegExp(`^✔ ${question}`, 'm'));
}

/** Pick the n-th choice (0-based) of the active select prompt `question`. */
async function choose(session: string, question: string, n: number): Promise<void> {
  await waitFor(session, new RegExp(`^\\? ${question}`, 'm'));
  for (let i = 0; i < n; i++) keys(session, 'Down');
  keys(session, 'Enter');
  await waitFor(session, new RegExp(`^✔ ${question}`, 'm'));
}

/**
 * A stand-in for the officer's editor, for the long-text questions: it writes what the
 * test put in `next.txt` (so each question gets its own text) into the file it is given.
 */
function scriptedEditor(dir: string): { env: Record<string, string>; next: (text: string) => void } {
  const script = path.join(dir, 'editor.sh');
  fs.writeFileSync(script, `#!/bin/sh\ncat "${dir}/next.txt" > "$1"\n`, { mode: 0o755 });
  return { env: { EDITOR: script }, next: (text) => fs.writeFileSync(path.join(dir, 'next.txt'), text + '\n') };
}

/** Answer a long-text question: Enter opens the (scripted) editor, which writes `text`. */
async function write(session: string, question: string, editor: ReturnType<typeof scriptedEditor>, text: string): Promise<void> {
  await waitFor(session, new RegExp(`^\\? ${question}`, 'm'));
  editor.next(text);
  keys(session, 'Enter');
  await waitFor(session, new RegExp(`^✔ ${question}`, 'm'));
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe.skipIf(!hasTmux)('ehcp minutes new in a terminal', () => {
  it('asks for appeal-hearing minutes; Ctrl-C keeps the answers; the next run resumes and commits them', async () => {
    const repo = await repoWithCase();
    const editor = scriptedEditor(path.dirname(repo));

    // First run: the case is picked from the list, then answers up to a decision's reasons.
    start('first', repo, ['minutes', 'new'], editor.env);
    await waitFor('first', /^\? Case \(type to search\)/m);
    tmux('send-keys', '-t', 'first', '-l', 'T0042');
    await waitFor('first', /T0042\s+Test Child Alpha/);
    keys('first', 'Enter');
    await choose('first', 'Meeting kind', 0); // appeal-hearing
    await answer('first', 'Meeting date', '05/03/2024'); // UK order, stored as 2024-03-05
    await answer('first', 'Start time', '10:00');
    await answer('first', 'Venue', 'Video hearing');
    await choose('first', 'Format', 2); // (skip), in-person, video
    await answer('first', 'Add an attendee', 'y');
    await answer('first', '  Name', 'Test Parent');
    await answer('first', '  Role', 'Parent');
    await answer('first', '  Organisation', '');
    await choose('first', '  Party', 1); // (skip), parent
    await choose('first', '  Attendance', 0); // present
    await answer('first', 'Add another attendee', 'y');
    await answer('first', '  Name', 'Officer Test');
    await answer('first', '  Role', 'SEN officer');
    await answer('first', '  Organisation', 'Example Council');
    await choose('first', '  Party', 7); // local-authority
    await choose('first', '  Attendance', 0);
    await answer('first', 'Add another attendee', 'n');
    await answer('first', 'Purpose', 'Appeal against section F');
    await write('first', 'Discussion', editor, 'Evidence heard on therapy');
    await answer('first', 'Add a decision', 'y');
    await answer('first', '  Decision', 'Concede section F');
    await waitFor('first', /^\? {3}Reasons/m);
    keys('first', 'C-c');
    const interrupted = await waitFor('first', /EXIT=\d+/);
    expect(interrupted).toContain('EXIT=130');
    expect(interrupted).toContain('Your answers are kept');
    expect(interrupted).toContain('ehcp minutes new --case T0042 --resume');
    tmux('kill-session', '-t', 'first');
    expect(recordFiles(repo)).toEqual([]);
    const drafts = fs.readdirSync(path.join(repo, '.ehcp/drafts'));
    expect(drafts).toHaveLength(1);
    const saved = JSON.parse(fs.readFileSync(path.join(repo, '.ehcp/drafts', drafts[0]), 'utf8'));
    expect(saved.values.attendees).toHaveLength(2);
    expect(saved.pending).toEqual({ step: 'decisions', item: { decision: 'Concede section F' } });

    // Second run: offered the saved answers, resumes at the decision, finishes as final.
    start('second', repo, ['minutes', 'new', '--case', 'T0042'], editor.env);
    await choose('second', 'You have unfinished minutes for this case', 0);
    await answer('second', '  Decision', ''); // Enter keeps what was typed before Ctrl-C
    await write('second', '  Reasons', editor, 'The evidence of need was not disputed');
    await answer('second', 'Add another decision', 'n');
    await answer('second', 'Tribunal reference', 'EH000/24/00001');
    await choose('second', 'Result of the hearing', 2); // (not known yet), appeal-upheld, appeal-partly-upheld
    await answer('second', 'Outcome in a sentence', '');
    await answer('second', 'Add an action', 'y');
    await answer('second', '  Action', 'Issue the amended plan');
    await answer('second', '  Owner', 'Officer Test');
    await answer('second', '  Due date', '9/4/2024');
    await answer('second', 'Add another action', 'n');
    // The review: every answer on screen; go back to the purpose and change it.
    const review = await waitFor('second', /^\? Save these answers, or change a section/m);
    expect(review).toContain('Attendees:   Test Parent (Parent, parent); Officer Test (SEN officer, local-authority)');
    expect(review).toContain('Purpose:     Appeal against section F');
    await choose('second', 'Save these answers, or change a section', 5); // save, kind, date, when, attendees, purpose
    await answer('second', 'Purpose', 'Appeal against sections B and F');
    // The review again, with the new purpose (wait for both: the summary is printed first).
    await waitFor('second', /Purpose: {5}Appeal against sections B and F[\s\S]*^\? Save these answers, or change a section/m);
    await choose('second', 'Save these answers, or change a section', 0); // save
    await choose('second', 'Save these minutes as', 1); // final
    await answer('second', 'Approved by', '');
    await answer('second', 'Approved on', '06/03/2024');
    const done = await waitFor('second', /EXIT=\d+/);
    expect(done).toContain('EXIT=0');
    tmux('kill-session', '-t', 'second');

    const [file] = recordFiles(repo);
    expect(done).toContain(file);
    const value = parse(read(repo, file));
    expect(value).toMatchObject({
      status: 'final',
      kind: 'appeal-hearing',
      date: '2024-03-05',
      time: '10:00',
      venue: 'Video hearing',
      format: 'video',
      attendees: [
        { name: 'Test Parent', role: 'Parent', party: 'parent', attendance: 'present' },
        { name: 'Officer Test', role: 'SEN officer', organisation: 'Example Council', party: 'local-authority', attendance: 'present' },
      ],
      purpose: 'Appeal against sections B and F',
      discussion: 'Evidence heard on therapy',
      decisions: [{ decision: 'Concede section F', reasons: 'The evidence of need was not disputed' }],
      outcome: { tribunal_ref: 'EH000/24/00001', result: 'appeal-partly-upheld' },
      actions: [{ action: 'Issue the amended plan', owner: 'Officer Test', due: '2024-04-09' }],
      approved_by: 'Test Officer',
      approved_on: '2024-03-06',
    });
    expectCommitted(repo, file, { case: 'T0042', type: 'minutes', record: idOf(file), action: 'create' });
    expect(done).toContain(`--purpose minutes-sent --responds-to ${idOf(file)}`); // the next step
    expect(fs.readdirSync(path.join(repo, '.ehcp/drafts'))).toEqual([]);
    expectClean(repo);
    expectNoPersonalData(repo);
    await expectValid(repo);
  });
});

const hasVi = spawnSync('sh', ['-c', 'command -v vi']).status === 0;

/** Start an ehcp command that opens vi (no editor set: the fallback git uses too). */
function startWithVi(session: string, cwd: string, args: string[]): void {
  // A vimrc of our own: no swap file or viminfo left in the repository or the home folder.
  const home = fs.mkdtempSync(path.join(path.dirname(cwd), 'vihome-'));
  fs.writeFileSync(path.join(home, '.vimrc'), 'set noswapfile nobackup viminfo=\n');
  start(session, cwd, args, { VIMINIT: `source ${home}/.vimrc` });
}

describe.skipIf(!hasTmux || !hasVi)('the editor in a terminal (vi, the fallback when no editor is set)', () => {
  it('minutes edit on a draft: says which editor, the change is checked and committed once', async () => {
    const repo = await repoWithCase();
    const file = (await runEhcp(['minutes', 'new', '--case', 'T0042', '--kind', 'panel', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    const commits = Number(spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }).stdout);
    startWithVi('edit', repo, ['minutes', 'edit', idOf(file)]);
    await waitFor('edit', /^schema: minutes\/v1/m); // vi shows the draft
    keys('edit', 'G', 'o');
    tmux('send-keys', '-t', 'edit', '-l', 'discussion: Edited in vi');
    keys('edit', 'Escape');
    tmux('send-keys', '-t', 'edit', '-l', ':wq');
    keys('edit', 'Enter');
    const done = await waitFor('edit', /EXIT=\d+/);
    expect(done).toContain('Opening vi (from the default (no editor is set))');
    expect(done).toContain('EXIT=0');
    tmux('kill-session', '-t', 'edit');
    expect(parse(read(repo, file))).toMatchObject({ status: 'draft', discussion: 'Edited in vi' });
    expect(Number(spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }).stdout)).toBe(commits + 1);
    expectCommitted(repo, file, { case: 'T0042', type: 'minutes', record: idOf(file), action: 'edit' });
    expectClean(repo);
  });

  it('minutes new --edit, quitting vi without saving: nothing written, nothing committed, nothing left behind', async () => {
    const repo = await repoWithCase();
    const before = treeSnapshot(repo);
    startWithVi('quit', repo, ['minutes', 'new', '--case', 'T0042', '--kind', 'panel', '--date', '2024-03-05', '--edit']);
    await waitFor('quit', /^schema: minutes\/v1/m);
    tmux('send-keys', '-t', 'quit', '-l', ':q!');
    keys('quit', 'Enter');
    const done = await waitFor('quit', /EXIT=\d+/);
    expect(done).toContain('closed without changes, so nothing was written');
    expect(done).toContain('EXIT=130');
    tmux('kill-session', '-t', 'quit');
    expect(treeSnapshot(repo)).toEqual(before);
    expect(fs.existsSync(path.join(repo, '.ehcp/drafts')) ? fs.readdirSync(path.join(repo, '.ehcp/drafts')) : []).toEqual([]);
  });
});
