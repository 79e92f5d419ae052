// `ehcp report` on a repository built with the CLI (each commit dated on its record's day,
// so git history says what was there a week ago): the SEN2 figures equal the ones counted
// by hand below, the JSON and HTML carry the same figures, and "what changed since a week
// ago" is exact. `ehcp export` on the same repository: date order, corrections beside what
// they correct, void marked, internal notes left out and counted.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initRepo, runEhcp as spawnEhcp, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { inProcess } from '../helpers/inProcess.js';
import { runReport } from '../../src/cli/commands/report.js';
import { runExport } from '../../src/cli/commands/export.js';
import type { ReportModel } from '../../src/core/measures/report.js';

/** Most runs go through runCli in this process (fast); the tests that run the binary say `spawnEhcp`. */
const runEhcp = runInProcess;

let root: string;
const ids: Record<string, string> = {};

async function ehcp(args: string[], day: string) {
  const env = { GIT_AUTHOR_DATE: `${day}T12:00:00+00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00+00:00` };
  const r = await runEhcp(args, { cwd: root, env });
  if (r.code !== 0) throw new Error(`ehcp ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}
async function comm(name: string, ref: string, purpose: string, date: string, extra: string[] = []) {
  const r = await ehcp(['comm', 'new', '--case', ref, '--purpose', purpose, '--date', date, '--json', '--no-input', '--party', 'parent', ...extra], date);
  ids[name] = (JSON.parse(r.stdout) as { id: string }).id;
}

beforeAll(async () => {
  root = await initRepo({ authority: 'Synthetic Report Council' });
  for (const [ref, opened] of [['C0001', '2024-01-02'], ['C0002', '2024-01-02'], ['C0003', '2024-02-01'], ['C0004', '2023-09-01'], ['C0005', '2024-11-01'], ['C0006', '2024-12-10']]) {
    await ehcp(['case', 'new', '--ref', ref, '--officer', ref === 'C0006' ? 'Officer Beta Test' : 'Officer Alpha Test', '--opened', opened, '--no-input'], opened);
  }
  // Counted by hand on a calendar (20 weeks = 140 days; 6 weeks = 42 days):
  // C0001: request 2 Jan 2024, decision 13 Feb (day 42: in time), plan 21 May (day 140: in time)
  await comm('r1', 'C0001', 'assessment-request', '2024-01-02');
  await comm('d1', 'C0001', 'assessment-decision', '2024-02-13', ['--outcome', 'assess']);
  await comm('p1', 'C0001', 'final-plan', '2024-05-21');
  // C0002: request 2 Jan 2024, decision 14 Feb (day 43: late), plan 22 May (day 141: late)
  await comm('r2', 'C0002', 'assessment-request', '2024-01-02');
  await comm('d2', 'C0002', 'assessment-decision', '2024-02-14', ['--outcome', 'assess']);
  await comm('p2', 'C0002', 'final-plan', '2024-05-22');
  // C0003: request 1 Feb 2024, decision 1 Mar (day 29: in time), exception recorded 1 Apr, plan 1 Jul (day 151: late, exception)
  await comm('r3', 'C0003', 'assessment-request', '2024-02-01');
  await comm('d3', 'C0003', 'assessment-decision', '2024-03-01', ['--outcome', 'assess']);
  await comm('x3', 'C0003', 'other', '2024-04-01', ['--direction', 'in', '--exception', 'reg 10(4)(a)', '--evidence', 'Synthetic: school closed']);
  await comm('p3', 'C0003', 'final-plan', '2024-07-01');
  // C0004: request 1 Sep 2023, decision 6 Oct 2023 (in time, counted in 2023), plan 10 Jan 2024 (day 131: in time, counted in 2024)
  await comm('r4', 'C0004', 'assessment-request', '2023-09-01');
  await comm('d4', 'C0004', 'assessment-decision', '2023-10-06', ['--outcome', 'assess']);
  await comm('p4', 'C0004', 'final-plan', '2024-01-10');
  // C0005: an enquiry of 1 Nov 2024 overdue a week before 31 Dec, answered on 27 Dec: resolved this week.
  await comm('e5', 'C0005', 'enquiry', '2024-11-01', ['--direction', 'in']);
  await comm('a5', 'C0005', 'reply', '2024-12-27', ['--responds-to', ids.e5]);
  // C0006: an enquiry of 10 Dec 2024, due 24 Dec (10 working days), unanswered: newly overdue this week.
  await comm('e6', 'C0006', 'enquiry', '2024-12-10', ['--direction', 'in']);
}, 240_000);

async function reportJson(...args: string[]): Promise<ReportModel> {
  const run = inProcess(root);
  expect(await runReport(run.ctx, { format: 'json', asOf: '2024-12-31', ...Object.fromEntries(args.map((a) => a.split('='))) })).toBe(0);
  return JSON.parse(run.stdout()) as ReportModel;
}

describe('ehcp report: SEN2 figures equal the ones counted by hand', () => {
  it('calendar year 2024 (the last 12 months to 31 Dec 2024)', async () => {
    const m = await reportJson();
    expect(m.from).toBe('2024-01-01');
    // Plans issued in 2024: C0001 in time, C0002 late, C0003 late (exception), C0004 in time.
    expect(m.sen2.plans20Weeks).toEqual({ including: { total: 4, inTime: 2, percent: 50 }, excluding: { total: 3, inTime: 2, percent: 66.7 }, exceptions: 1 });
    // Decisions made in 2024: C0001 in time, C0002 late, C0003 in time (C0004's was in 2023).
    expect(m.sen2.decisions6Weeks.including).toEqual({ total: 3, inTime: 2, percent: 66.7 });
    expect(m.sen2.byYear.map((y) => [y.year, y.plans20Weeks?.including.total ?? 0, y.decisions6Weeks?.including.inTime ?? 0])).toEqual([
      ['2023', 0, 1],
      ['2024', 4, 2],
    ]);
    expect(m.headline.plansWithin20WeeksPercent).toBe(50);
    // The trend: May 2024 had one plan in time (C0001) and one late (C0002).
    expect(m.trend.find((t) => t.month === '2024-05')!.plans).toEqual({ inTime: 1, late: 1 });
    expect(m.trend).toHaveLength(12);
  });

  it('replies in time: one answered late (C0005), one open and overdue (C0006)', async () => {
    const m = await reportJson();
    const replies = m.duties.find((d) => d.key === 'replies') as Extract<ReportModel['duties'][number], { done: unknown }>;
    expect(replies.done.including).toEqual({ total: 1, inTime: 0, percent: 0 });
    expect(replies.openOverdue).toBe(1);
  });

  it('what changed since a week ago: exact, from the records as committed on 24 Dec', async () => {
    const m = await reportJson();
    expect(m.changes).not.toBeNull();
    expect(m.changes!.since).toBe('2024-12-24');
    expect(m.changes!.newOverdue.map((i) => [i.case, i.rule, i.category])).toEqual([['C0006', 'reply', 'overdue']]);
    expect(m.changes!.resolved.map((i) => [i.case, i.rule])).toEqual([['C0005', 'reply']]);
  });

  it('the HTML carries the same figures, references not names, and --months narrows the period', async () => {
    const run = inProcess(root);
    expect(await runReport(run.ctx, { format: 'html', asOf: '2024-12-31' })).toBe(0);
    const html = run.stdout();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-`);
    expect(html).not.toMatch(/<script|style="|javascript:/i);
    expect(html).toContain(
      '<td>EHC plans issued within 20 weeks, last 12 months</td><td class="num"><b>50%</b> <span class="note">(2 of 4)</span></td><td class="num"><b>66.7%</b> <span class="note">(2 of 3)</span></td><td class="num">1</td>',
    );
    expect(html).not.toContain('Test Child');
    const narrow = await reportJson('months=3');
    expect(narrow.from).toBe('2024-10-01');
    expect(narrow.sen2.plans20Weeks.including.total).toBe(0);
  });

  it('on a terminal with no --out: written under .ehcp/reports (ignored by git), the path on stdout', async () => {
    const run = inProcess(root, { stdoutTTY: true });
    expect(await runReport(run.ctx, { format: 'html', asOf: '2024-12-31' })).toBe(0);
    const target = path.join(root, '.ehcp', 'reports', 'report-2024-12-31.html');
    expect(run.stdout().trim()).toBe(target);
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect((await runEhcp(['validate'], { cwd: root })).code).toBe(0); // nothing uncommitted in the records
  });

  it('--out writes the file; usage mistakes are exit 2', async () => {
    const out = path.join(tempDir(), 'r.html');
    const r = await spawnEhcp(['report', '--as-of', '2024-12-31', '--out', out], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect((await spawnEhcp(['report', '--months', '0'], { cwd: root })).code).toBe(2);
    expect((await spawnEhcp(['report', '--as-of', '2024-02-30'], { cwd: root })).code).toBe(2);
  });
});

describe('ehcp export', () => {
  beforeAll(async () => {
    await ehcp(['note', 'new', '--case', 'C0001', '--date', '2024-01-03', '--kind', 'internal', '--summary', 'Synthetic internal note', '--no-input'], '2024-01-03');
    await ehcp(['note', 'new', '--case', 'C0001', '--date', '2024-01-04', '--kind', 'phone', '--summary', 'Synthetic call with the parent', '--no-input'], '2024-01-04');
    await ehcp(['record', 'amend', ids.d1, '--set', 'summary=Corrected synthetic summary', '--no-input'], '2024-02-20');
    await ehcp(['record', 'void', ids.p1, '--reason', 'Synthetic: logged against the wrong case', '--no-input'], '2024-05-25');
  }, 60_000);

  it('date order, the correction beside what it corrects, void marked, internal notes left out and counted', async () => {
    const run = inProcess(root);
    expect(await runExport(run.ctx, { case: 'C0001', format: 'md' })).toBe(0);
    const md = run.stdout();
    const order = [...md.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(order).toEqual([
      'Received: assessment request, 2024-01-02',
      'Case note (phone), 2024-01-04',
      'Sent: assessment decision, 2024-02-13',
      'Sent: final plan, 2024-05-21 [VOID]',
    ]);
    expect(md).toMatch(/> ### Correction, 2024-02-13\n>\n> `[^`]+`, correcting `[^`]+`; changed: summary/);
    expect(md).toContain('**This record was withdrawn (void): Synthetic: logged against the wrong case**');
    expect(md).not.toContain('Synthetic internal note');
    expect(run.stderr()).toContain('1 internal note was left out; --include-internal includes them.');

    const all = inProcess(root);
    expect(await runExport(all.ctx, { case: 'C0001', format: 'html', includeInternal: true })).toBe(0);
    expect(all.stdout()).toContain('Synthetic internal note');
    expect(all.stdout()).toContain('counter(pages)');
    expect(all.stderr()).toBe('');
  });

  it('an unknown case is exit 2', async () => {
    expect((await runEhcp(['export', '--case', 'C9999'], { cwd: root })).code).toBe(2);
  });
});
