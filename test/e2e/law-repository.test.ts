// The duties of issue 11 in a real records repository (real files, real git, each record
// committed on its own date), audited in-process with `runAudit --format json`: an
// unopposed appeal (reg 45), a plan transferred in (reg 15), a review meeting notified
// late (regs 20(3)-(4)), a final plan issued 10 days after its draft (reg 13(1)) and an
// order with a directed date (reg 44(1)). Each finding is the one the law expects.

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/cli/context.js';
import { runAudit } from '../../src/cli/commands/audit.js';
import { createCase, createRecord } from '../../src/store/write/records.js';
import type { Finding } from '../../src/core/audit/index.js';
import { initRepo, userEnv } from '../helpers/cli.js';

let root: string;
const ids: Record<string, string> = {};
const savedEnv = { ...process.env };

/** Write and commit one record in-process, the commit dated `date` (noon UTC), as `ehcp comm new` would. */
async function write(name: string, caseRef: string, type: 'communication' | 'minutes', fields: Record<string, unknown>): Promise<void> {
  const day = `${String(fields.date)}T12:00:00+00:00`;
  process.env.GIT_AUTHOR_DATE = day;
  process.env.GIT_COMMITTER_DATE = day;
  const outcome = await createRecord(root, { type, case: caseRef, status: 'final', fields }, { commit: true });
  ids[name] = outcome.id;
}
const comm = (name: string, caseRef: string, purpose: string, date: string, extra: Record<string, unknown> = {}) =>
  write(name, caseRef, 'communication', { date, purpose, ...extra });
const reviewMinutes = (name: string, caseRef: string, date: string) =>
  write(name, caseRef, 'minutes', {
    date,
    kind: 'annual-review',
    attendees: [{ name: 'Test Officer Amber', party: 'local-authority', attendance: 'present' }],
    decisions: [{ decision: 'Synthetic decision', reasons: 'Synthetic reasons' }],
    approved_by: 'Test Manager Amber',
    approved_on: date,
  });

async function auditAsOf(asOf: string): Promise<Finding[]> {
  let out = '';
  const sink = (fn: (s: string) => void) => new Writable({ write: (chunk, _e, done) => (fn(String(chunk)), done()) });
  const ctx = createContext({}, { cwd: root, env: { ...process.env, CI: '1' }, stdout: sink((s) => (out += s)), stderr: sink(() => {}) });
  const code = await runAudit(ctx, { asOf, failOn: 'none', format: 'json' });
  expect(code).toBe(0);
  return (JSON.parse(out) as { findings: Finding[] }).findings;
}
const of = (findings: Finding[], caseRef: string) => findings.filter((f) => f.case === caseRef && f.category !== 'late-record');

beforeAll(async () => {
  Object.assign(process.env, userEnv());
  root = await initRepo({ authority: 'Synthetic Test Council' });
  for (const ref of ['L0001', 'L0002', 'L0003', 'L0004', 'L0005']) {
    process.env.GIT_AUTHOR_DATE = process.env.GIT_COMMITTER_DATE = '2024-09-01T12:00:00+00:00';
    await createCase(root, { schema: 'case/v1', ref, name: 'Test Child Amber', officer: 'Test Officer Amber', status: 'open' });
  }

  // L0001 unopposed appeal: the LA tells the tribunal on 6 Jan 2025 it will not oppose a contents appeal
  // (reg 45(4): amended plan within 5 weeks of that notice, 10 Feb); the amended plan goes on 14 Feb.
  await comm('unopposed', 'L0001', 'unopposed-notice', '2025-01-06', { direction: 'out', party: 'tribunal', order: 'amend-plan' });
  await comm('l1Amended', 'L0001', 'amended-plan', '2025-02-14', { direction: 'out', party: 'parent' });

  // L0002 transfer in on 3 Mar 2025; the old authority last reviewed the plan on 15 Sep 2024.
  // reg 15(4): tell the family within 6 weeks (14 Apr) - never done. reg 15(5): review before the later of
  // 12 months beginning with 15 Sep 2024 (14 Sep 2025) and 3 months beginning with 3 Mar 2025 (2 Jun 2025).
  await comm('transfer', 'L0002', 'transfer-in', '2025-03-03', { direction: 'in', party: 'other', event_date: '2024-09-15' });

  // L0003 review meeting on Thu 20 Mar 2025, notified on 10 Mar (at least two weeks' notice means by 6 Mar),
  // advice circulated 12 Mar; report and decision in time.
  await comm('notice', 'L0003', 'review-meeting-notice', '2025-03-10', { direction: 'out', party: 'parent', event_date: '2025-03-20' });
  await comm('advice', 'L0003', 'review-advice', '2025-03-12', { direction: 'out', party: 'parent' });
  await reviewMinutes('review', 'L0003', '2025-03-20');
  await comm('report', 'L0003', 'review-report', '2025-03-28', { direction: 'out', party: 'parent' });
  await comm('decision', 'L0003', 'review-decision', '2025-04-10', { direction: 'out', party: 'parent', outcome: 'maintain' });

  // L0004 the final plan issued 10 days after its draft: the family's 15 days (3-17 Mar) had not run out.
  await comm('request', 'L0004', 'assessment-request', '2024-11-04', { direction: 'in', party: 'parent' });
  await comm('assess', 'L0004', 'assessment-decision', '2024-12-10', { direction: 'out', party: 'parent', outcome: 'assess' });
  await comm('draft', 'L0004', 'draft-plan', '2025-03-03', { direction: 'out', party: 'parent' });
  await comm('final', 'L0004', 'final-plan', '2025-03-13', { direction: 'out', party: 'parent' });

  // L0005 an order to amend of 1 Apr 2025 with the date directed: 30 Apr (reg 44(2) would give 6 May).
  await comm('order', 'L0005', 'tribunal-decision', '2025-04-01', {
    direction: 'in',
    party: 'tribunal',
    order: 'amend-plan',
    directed: { date: '2025-04-30', reference: 'Synthetic decision paragraph 12' },
  });
  await comm('l5Amended', 'L0005', 'amended-plan', '2025-05-02', { direction: 'out', party: 'parent' });
}, 60_000);

afterAll(() => {
  for (const key of ['GIT_AUTHOR_DATE', 'GIT_COMMITTER_DATE']) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe('a records repository with the duties of regs 13, 15, 20, 44 and 45 (as of 30 June 2025)', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = await auditAsOf('2025-06-30');
  });

  it('unopposed appeal: the amended plan is 4 days late against reg 45(4), counted from the notice to the tribunal', () => {
    expect(of(findings, 'L0001')).toMatchObject([
      { rule: 'unopposed-amend-plan', category: 'late', due: '2025-02-10', daysOverdue: 4, trigger: ids.unopposed, satisfiedBy: ids.l1Amended, citation: 'SEND Regs 2014 reg 45(4)' },
    ]);
  });

  it('transfer in: the family was never told (reg 15(4), due 14 Apr); the first review is not yet due', () => {
    expect(of(findings, 'L0002')).toMatchObject([{ rule: 'transfer-notice', category: 'overdue', due: '2025-04-14', daysOverdue: 77, citation: 'SEND Regs 2014 reg 15(4)' }]);
  });

  it('transfer in: the review is due by the later date, 14 Sep 2025 (missing the day after)', async () => {
    const later = of(await auditAsOf('2025-09-15'), 'L0002').filter((f) => f.rule === 'transfer-review');
    expect(later).toMatchObject([{ category: 'missing-record', due: '2025-09-14', daysOverdue: 1 }]);
  });

  it('review meeting notified late: notice and advice both short of two weeks; nothing else in that case', () => {
    const l3 = of(findings, 'L0003');
    expect(l3.map((f) => [f.rule, f.category, f.due, f.daysOverdue])).toEqual([
      ['review-advice', 'late', '2025-03-06', 6],
      ['review-notice', 'late', '2025-03-06', 4],
    ]);
    expect(l3.find((f) => f.rule === 'review-notice')!.citation).toBe('SEND Regs 2014 reg 20(3); reg 21(3)');
  });

  it('plan issued 10 days after its draft: the comment period was breached by 5 days; the 20 weeks were met', () => {
    expect(of(findings, 'L0004')).toMatchObject([
      { rule: 'comment-period', category: 'breached', due: '2025-03-17', daysEarly: 5, trigger: ids.draft, satisfiedBy: ids.final, citation: 'SEND Regs 2014 reg 13(1)(a)' },
    ]);
  });

  it('directed order date: the amended plan is late against the direction (30 Apr), and the finding cites it', () => {
    const l5 = of(findings, 'L0005');
    expect(l5).toMatchObject([{ rule: 'order-amend-plan', category: 'late', due: '2025-04-30', daysOverdue: 2, directed: { date: '2025-04-30', record: ids.order, by: 'tribunal' } }]);
    expect(l5[0].citation).toContain(`tribunal direction, reg 44(1) (recorded on ${ids.order})`);
    expect(l5[0].message).not.toContain('Synthetic decision paragraph'); // record text stays out of messages
  });
});
