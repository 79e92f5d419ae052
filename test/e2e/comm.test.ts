import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitSync, runEhcp, treeSnapshot } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { PURPOSES, PURPOSE_DIRECTION, type Purpose } from '../../src/core/vocabulary.js';
import { expectClean, expectCommitted, expectNoPersonalData, expectValid, idOf, read, repoWithCase } from './record-helpers.js';

/** The purpose-specific flags each purpose needs (docs/records.md). */
function flagsFor(purpose: Purpose, minutesId: string): string[] {
  switch (purpose) {
    case 'assessment-decision':
      return ['--outcome', 'assess'];
    case 'review-decision':
      return ['--outcome', 'amend'];
    case 'reassessment-decision':
      return ['--outcome', 'not-reassess'];
    case 'tribunal-decision':
    case 'unopposed-notice':
      return ['--order', 'amend-plan'];
    case 'review-meeting-notice':
    case 'hearing-notice':
      return ['--event-date', '2024-04-02'];
    case 'meeting-scheduled':
      return ['--direction', 'out', '--event-date', '2024-04-02', '--meeting-kind', 'pre-tribunal-meeting'];
    case 'minutes-sent':
      return ['--responds-to', minutesId];
    case 'other':
      return ['--direction', 'in'];
    case 'mediation-agreement':
      return ['--direction', 'out'];
    default:
      return [];
  }
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe('ehcp comm new', () => {
  it('logs every communication purpose, each final, with its direction and fields, one commit each', async () => {
    const repo = await repoWithCase();
    const minutes = (await runInProcess(['minutes', 'new', '--case', 'T0042', '--kind', 'appeal-hearing', '--date', '2024-03-05', '--no-input'], { cwd: repo })).stdout.trim();
    const commitsBefore = Number(gitSync(repo, ['rev-list', '--count', 'HEAD']));
    // In this process (runs queued); concurrent writers by separate processes: concurrency.test.ts.
    await inBatches(PURPOSES, 4, async (purpose) => {
      const r = await runInProcess(
        ['comm', 'new', '--case', 'T0042', '--purpose', purpose, '--date', '2024-03-07', '--channel', 'email', '--party', 'parent', '--summary', `Logged ${purpose}`, ...flagsFor(purpose, idOf(minutes))],
        { cwd: repo },
      );
      expect(r.stderr, purpose).toContain('Logged');
      expect(r.code, purpose).toBe(0);
      const file = r.stdout.trim();
      const value = parse(read(repo, file));
      expect(value, purpose).toMatchObject({ schema: 'communication/v1', status: 'final', purpose, date: '2024-03-07', channel: 'email', party: 'parent' });
      expect(value.direction).toBe(PURPOSE_DIRECTION[purpose] ?? (purpose === 'other' ? 'in' : 'out'));
      if (purpose === 'tribunal-decision') expect(value.order).toBe('amend-plan');
      if (purpose === 'meeting-scheduled') expect(value).toMatchObject({ event_date: '2024-04-02', meeting_kind: 'pre-tribunal-meeting' });
      if (purpose === 'minutes-sent') expect(value.responds_to).toBe(idOf(minutes));
      expectCommitted(repo, file, { case: 'T0042', type: 'communication', record: idOf(file), action: 'create' });
    });
    expect(Number(gitSync(repo, ['rev-list', '--count', 'HEAD']))).toBe(commitsBefore + PURPOSES.length);
    expectClean(repo);
    expectNoPersonalData(repo);
    await expectValid(repo);
  });

  it('accepts an exception ground as "reg 10(4)(a)" or "reg10(4)(a)", with its evidence', async () => {
    const repo = await repoWithCase();
    for (const written of ['reg 10(4)(a)', 'reg10(4)(a)']) {
      const r = await runEhcp(
        ['comm', 'new', '--case', 'T0042', '--purpose', 'final-plan', '--date', '2024-06-10', '--exception', written, '--evidence', 'School closed for the summer', '--exception-until', '2024-09-04'],
        { cwd: repo },
      );
      expect(r.code, written).toBe(0);
      expect(parse(read(repo, r.stdout.trim())).exception).toEqual({ ground: 'reg 10(4)(a)', evidence: 'School closed for the summer', until: '2024-09-04' });
    }
    await expectValid(repo);
  });

  it('refuses what does not fit the purpose, and names missing flags; nothing is written', async () => {
    const repo = await repoWithCase();
    const note = (await runInProcess(['note', 'new', '--case', 'T0042', '--date', '2024-03-01', '--summary', 'x'], { cwd: repo })).stdout.trim();
    const before = treeSnapshot(repo);
    const cases: [string[], string][] = [
      [['--purpose', 'enquiry', '--direction', 'out'], 'contradicts --purpose enquiry'],
      [['--purpose', 'reply', '--outcome', 'assess'], '--outcome applies only to'],
      [['--purpose', 'assessment-decision', '--outcome', 'maintain'], 'must be one of: assess, not-assess'],
      [['--purpose', 'enquiry', '--order', 'assess'], '--order applies only to --purpose tribunal-decision'],
      [['--purpose', 'tribunal-decision'], 'needs --order ORDER'],
      [['--purpose', 'meeting-scheduled'], 'needs --direction in|out, --event-date YYYY-MM-DD, --meeting-kind KIND'],
      [['--purpose', 'minutes-sent'], 'needs --responds-to ID'],
      [['--purpose', 'minutes-sent', '--responds-to', idOf(note)], 'must name the minutes'],
      [['--purpose', 'reply', '--responds-to', '2024-01-01-comm-zzzzzz'], 'not a record of case T0042'],
      [['--purpose', 'reply', '--responds-to', '../../etc/passwd'], '--responds-to must be a record id'],
      [['--purpose', 'final-plan', '--exception', 'reg 99(1)'], 'not a statutory exception ground'],
      [['--purpose', 'final-plan', '--exception', 'reg 10(4)(a)'], 'needs --evidence TEXT'],
    ];
    await inBatches(cases, 4, async ([flags, says]) => {
      const r = await runInProcess(['comm', 'new', '--case', 'T0042', '--date', '2024-03-07', ...flags], { cwd: repo });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr, flags.join(' ')).toContain(says);
    });
    expect(treeSnapshot(repo)).toEqual(before);
  });
});
