// The prompts of `comm new`, `note new` and `case new`, run through the commands themselves
// (real repository, real git) with a scripted prompter in place of the terminal.

import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createContext, type Context } from '../../src/cli/context.js';
import { runCommNew } from '../../src/cli/commands/comm.js';
import { runNoteNew } from '../../src/cli/commands/note.js';
import { runCaseNew } from '../../src/cli/commands/case.js';
import { runEhcp, userEnv } from '../helpers/cli.js';
import { expectClean, read, repoWithCase } from '../e2e/record-helpers.js';
import { scripted } from './prompts-script.js';

beforeAll(() => {
  // The commands run in this process: give it the test user's git identity.
  Object.assign(process.env, userEnv());
});

function terminal(repo: string): { ctx: Context; out: () => string } {
  let stdout = '';
  const sink = (fn: (s: string) => void) => new Writable({ write: (chunk, _e, done) => (fn(String(chunk)), done()) });
  const ctx = createContext({}, { cwd: repo, env: userEnv(), stdin: Object.assign(process.stdin, { isTTY: true }) as NodeJS.ReadStream, stdout: sink((s) => (stdout += s)), stderr: sink(() => {}) });
  expect(ctx.interactive).toBe(true);
  return { ctx, out: () => stdout.trim() };
}

describe('comm new at a terminal', () => {
  it('asks the case, purpose, date, what the purpose needs, channel, party and summary', async () => {
    const repo = await repoWithCase();
    const { ctx, out } = terminal(repo);
    const script = scripted([
      [/Case/, '0042'],
      [/What is it/, 'tribunal-decision'],
      [/Date sent or received/, '2024-03-32'],
      [/Date sent or received/, '2024-03-20'],
      [/Order made by the tribunal/, 'amend-plan'],
      [/Channel/, 'letter'],
      [/From/, 'tribunal'],
      [/Summary/, ''],
    ]);
    expect(await runCommNew(ctx, {}, script.prompter)).toBe(0);
    expect(script.remaining).toEqual([]);
    expect(script.rejected).toEqual(['The date is not a real calendar date (check the day and month), e.g. 2024-03-05']);
    expect(script.asked.some((m) => /Direction/.test(m))).toBe(false); // the purpose fixes it
    expect(parse(read(repo, out()))).toMatchObject({ purpose: 'tribunal-decision', direction: 'in', date: '2024-03-20', order: 'amend-plan', channel: 'letter', party: 'tribunal' });
    expectClean(repo);
  });

  it('for minutes-sent, offers the case\'s minutes to answer; asks the direction when the purpose allows both', async () => {
    const repo = await repoWithCase();
    const minutes = (await runEhcp(['minutes', 'new', '--case', 'T0042', '--kind', 'panel', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    await runEhcp(['note', 'new', '--case', 'T0042', '--date', '2024-03-06', '--summary', 'Not minutes'], { cwd: repo });
    const id = minutes.split('/').pop()!.replace('.yaml', '');
    const { ctx, out } = terminal(repo);
    const script = scripted([
      [/Date sent or received/, '2024-03-07'],
      [/Which minutes were sent/, id],
      [/Channel/, ''],
      [/To/, 'parent'],
      [/Summary/, 'Minutes sent by email'],
    ]);
    expect(await runCommNew(ctx, { case: 'T0042', purpose: 'minutes-sent' }, script.prompter)).toBe(0);
    expect(parse(read(repo, out()))).toMatchObject({ purpose: 'minutes-sent', direction: 'out', responds_to: id, party: 'parent', summary: 'Minutes sent by email' });

    const second = terminal(repo);
    const other = scripted([
      [/Direction/, 'out'],
      [/Date sent or received/, ''], // Enter: today
      [/Event date|Date of the meeting/, '2024-04-02'],
      [/Kind of meeting/, 'annual-review'],
      [/Channel/, ''],
      [/To/, ''],
      [/Summary/, ''],
    ]);
    expect(await runCommNew(second.ctx, { case: 'T0042', purpose: 'meeting-scheduled' }, other.prompter)).toBe(0);
    expect(parse(read(repo, second.out()))).toMatchObject({ direction: 'out', event_date: '2024-04-02', meeting_kind: 'annual-review' });
  });
});

describe('note new and case new at a terminal', () => {
  it('note new asks the date, kind and summary the flags did not give', async () => {
    const repo = await repoWithCase();
    const { ctx, out } = terminal(repo);
    const script = scripted([
      [/Date/, '2024-03-06'],
      [/Kind of note/, 'visit'],
      [/Summary/, ''],
      [/Summary/, 'Visited the school'],
    ]);
    expect(await runNoteNew(ctx, { case: 'T0042' }, script.prompter)).toBe(0);
    expect(script.rejected).toEqual(['This must not be empty']);
    expect(parse(read(repo, out()))).toMatchObject({ date: '2024-03-06', kind: 'visit', summary: 'Visited the school', status: 'final' });
  });

  it('case new refuses a name as a reference and an impossible date of birth, as typed', async () => {
    const repo = await repoWithCase();
    const { ctx, out } = terminal(repo);
    const script = scripted([
      [/Case reference/, 'Test Child'],
      [/Case reference/, 'T0100'],
      [/name/, 'Test Child Beta'],
      [/Date of birth/, '2016-13-01'],
      [/Date of birth/, '2016-12-01'],
      [/Lead officer/, ''],
    ]);
    expect(await runCaseNew(ctx, { opened: '2024-05-01' }, script.prompter)).toBe(0);
    expect(script.rejected[0]).toContain('must be a case reference');
    expect(script.rejected[1]).toContain('not a real calendar date');
    expect(out()).toBe('cases/T0100/case.yaml');
    expect(parse(read(repo, out()))).toMatchObject({ ref: 'T0100', name: 'Test Child Beta', dob: '2016-12-01', status: 'open', opened: '2024-05-01' });
    expect(parse(read(repo, out())).officer).toBeUndefined();
  });
});

describe('minutes new: the offer of unfinished minutes', () => {
  it('is made only for saved answers that fit the kind and date given', async () => {
    const { runMinutesNew } = await import('../../src/cli/commands/minutes.js');
    const { saveDraft } = await import('../../src/store/write/drafts.js');
    const repo = await repoWithCase();
    const saved = { version: 1 as const, type: 'minutes' as const, case: 'T0042', created: '2024-03-05T10:00:00Z', updated: '2024-03-05T10:05:00Z', done: ['kind', 'date'], values: { kind: 'panel', date: '2024-03-05' } };
    saveDraft(repo, 'T0042-minutes-abc123.json', saved);
    // Another meeting: no offer; the questions start at once.
    const other = terminal(repo);
    const script = scripted([[/Start time/, new Error('stop here')]]);
    await expect(runMinutesNew(other.ctx, { case: 't0042', kind: 'annual-review', date: '2024-03-06' }, script.prompter)).rejects.toThrow('stop here');
    expect(script.asked.some((m) => /unfinished minutes/.test(m))).toBe(false);
    // The same meeting: offered.
    const same = terminal(repo);
    const offered = scripted([[/You have unfinished minutes/, new Error('offered')]]);
    await expect(runMinutesNew(same.ctx, { case: 'T0042', kind: 'panel', date: '05/03/2024' }, offered.prompter)).rejects.toThrow('offered');
  });
});

describe('action done at a terminal', () => {
  it('asks which action when there are several, offering the first not yet done', async () => {
    const { runActionDone } = await import('../../src/cli/commands/action.js');
    const repo = await repoWithCase();
    const set = ['--set', 'actions[0].action=Send the report', '--set', 'actions[0].due=2024-03-08', '--set', 'actions[0].done_on=2024-03-07', '--set', 'actions[1].action=Book the room', '--set', 'actions[1].due=2024-03-09'];
    const file = (await runEhcp(['minutes', 'new', '--case', 'T0042', '--kind', 'panel', '--date', '2024-03-05', '--no-input', ...set], { cwd: repo })).stdout.trim();
    const id = file.split('/').pop()!.replace('.yaml', '');
    const { ctx } = terminal(repo);
    const script = scripted([[/Which action of .* is done/, '']]); // Enter: the default
    expect(await runActionDone(ctx, id, { on: '2024-03-10' }, script.prompter)).toBe(0);
    expect(script.remaining).toEqual([]);
    expect(parse(read(repo, file)).actions[1]).toMatchObject({ action: 'Book the room', done_on: '2024-03-10' });
  });
});
