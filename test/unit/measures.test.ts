// SEN2 and duty measures against worked examples computed by hand (days counted on a
// calendar, not by the code under test).

import { describe, expect, it } from 'vitest';
import type { Clock, Finding } from '../../src/core/audit/index.js';
import { DUTIES, dutyMeasure, lastMonths, minutesRecordedInTime, sen2Between, sen2By, share } from '../../src/core/measures/index.js';

let n = 0;
function clock(rule: string, start: string, state: Clock['state'], satisfiedOn?: string, extra: Partial<Clock> = {}): Clock {
  n++;
  return {
    rule: { id: rule } as Clock['rule'],
    case: `C${String(n).padStart(4, '0')}`,
    trigger: `${start}-comm-t${n}`,
    start,
    // A deliberately wrong due date: the SEN2 figures must use the DfE's fixed 20 weeks / 6 weeks, not the rule in force.
    due: '2099-01-01',
    state,
    ...(satisfiedOn ? { satisfiedOn, satisfiedBy: `${satisfiedOn}-comm-s${n}` } : {}),
    ...extra,
  };
}
const exception = { ground: 'reg 13(3)(a)', evidence: 'Synthetic', record: 'x' };

// Plans (request → issue, days by hand):
//  A 2024-01-02 → 2024-05-21 = 140 days: in time (the last day of the 20 weeks)
//  B 2024-01-02 → 2024-05-22 = 141: late
//  C 2024-02-01 → 2024-07-01 = 151: late, exception applied
//  D 2024-03-01 → 2024-06-14 = 105: in time
//  E 2023-09-01 → 2024-01-10 = 131: in time, counted in 2024 (the year of issue)
//  F 2023-06-01 → 2023-12-01 = 183: late, 2023
//  G 2024-04-01, not issued yet: not counted
const plans = [
  clock('final-plan', '2024-01-02', 'met', '2024-05-21'),
  clock('final-plan', '2024-01-02', 'met', '2024-05-22'),
  clock('final-plan', '2024-02-01', 'met', '2024-07-01', { exception }),
  clock('final-plan', '2024-03-01', 'met', '2024-06-14'),
  clock('final-plan', '2023-09-01', 'met', '2024-01-10'),
  clock('final-plan', '2023-06-01', 'met', '2023-12-01'),
  clock('final-plan', '2024-04-01', 'open'),
];
// Decisions: 2024-01-02 → 2024-02-13 = 42 days (in time); → 2024-02-14 = 43 (late); one cancelled.
const decisions = [
  clock('assessment-decision', '2024-01-02', 'met', '2024-02-13'),
  clock('assessment-decision', '2024-01-02', 'met', '2024-02-14'),
  clock('assessment-decision', '2024-01-05', 'cancelled'),
];

describe('SEN2: EHC plans issued within 20 weeks', () => {
  it('calendar year 2024: 3 of 5 including exceptions (60%), 3 of 4 excluding (75%)', () => {
    const f = sen2Between([...plans, ...decisions], '2024-01-01', '2024-12-31');
    expect(f.plans20Weeks).toEqual({ including: { total: 5, inTime: 3, percent: 60 }, excluding: { total: 4, inTime: 3, percent: 75 }, exceptions: 1 });
  });

  it('by year and by month of issue', () => {
    const byYear = sen2By(plans, 'year', '2024-12-31').plans20Weeks;
    expect(byYear.map((p) => [p.period, p.figure.including.inTime, p.figure.including.total])).toEqual([
      ['2023', 0, 1],
      ['2024', 3, 5],
    ]);
    const byMonth = sen2By(plans, 'month', '2024-12-31').plans20Weeks;
    expect(byMonth.map((p) => [p.period, p.figure.including.inTime, p.figure.including.total, p.figure.excluding.total])).toEqual([
      ['2023-12', 0, 1, 1],
      ['2024-01', 1, 1, 1],
      ['2024-05', 1, 2, 2],
      ['2024-06', 1, 1, 1],
      ['2024-07', 0, 1, 0],
    ]);
    // Nothing issued after the audit date counts.
    expect(sen2By(plans, 'year', '2024-05-21').plans20Weeks.at(-1)!.figure.including).toEqual({ total: 2, inTime: 2, percent: 100 });
  });

  it('no plans: no figure (null), not 0%', () => {
    expect(sen2Between(plans, '2025-01-01', '2025-12-31').plans20Weeks.including).toEqual({ total: 0, inTime: 0, percent: null });
  });
});

describe('SEN2: assessment decisions within 6 weeks', () => {
  it('42 days is in time, 43 is not; a cancelled request is not a decision', () => {
    expect(sen2Between(decisions, '2024-01-01', '2024-12-31').decisions6Weeks.including).toEqual({ total: 2, inTime: 1, percent: 50 });
  });
});

describe('other duties', () => {
  it('done in the period against the due date in force, and open past due now', () => {
    const reviews = [
      clock('annual-review-due', '2023-06-10', 'met', '2024-06-09', { due: '2024-06-09' }),
      clock('annual-review-due', '2023-06-10', 'met', '2024-06-10', { due: '2024-06-09' }),
      clock('annual-review-due', '2023-09-01', 'open', undefined, { due: '2024-08-31' }),
      clock('reply', '2024-03-01', 'met', '2024-03-05', { due: '2024-03-15' }),
      clock('order-amend', '2024-03-01', 'met', '2024-06-01', { due: '2024-05-01' }),
    ];
    const annual = dutyMeasure(reviews, DUTIES.find((d) => d.key === 'annual-reviews')!, '2024-01-01', '2024-09-30');
    expect(annual.done.including).toEqual({ total: 2, inTime: 1, percent: 50 });
    expect(annual.openOverdue).toBe(1);
    const orders = dutyMeasure(reviews, DUTIES.find((d) => d.key === 'tribunal-orders')!, '2024-01-01', '2024-09-30');
    expect([orders.done.including.inTime, orders.done.including.total, orders.rules]).toEqual([0, 1, ['order-amend']]);
  });

  it('minutes recorded within the standard: those without a late-record finding', () => {
    const late = { category: 'late-record', trigger: 'm2' } as Finding;
    const minutes = [
      { id: 'm1', date: '2024-03-01' },
      { id: 'm2', date: '2024-03-02' },
      { id: 'm3', date: '2024-03-03' },
      { id: 'm4', date: '2023-03-03' },
    ];
    expect(minutesRecordedInTime(minutes, [late], '2024-01-01', '2024-12-31')).toEqual(share(2, 3));
    expect(share(2, 3).percent).toBe(66.7);
  });

  it('the last 12 months, across a year end', () => {
    expect(lastMonths('2024-02-15', 3)).toEqual(['2023-12', '2024-01', '2024-02']);
  });
});

describe('the report model', () => {
  it('case references only, unless names are asked for; exceptions are not counted as open overdue', async () => {
    const { buildReport } = await import('../../src/core/measures/report.js');
    const finding = (extra: Partial<Finding>): Finding => ({
      case: 'C0001', rule: 'reply', title: 'Reply to an enquiry', category: 'overdue', due: '2024-03-01', trigger: 't', citation: 'x', message: 'm', ruleCategory: 'local', officer: 'Officer Test', daysOverdue: 5, ...extra,
    });
    const input = {
      asOf: '2024-03-06',
      months: 12,
      cases: [{ schema: 'case/v1' as const, ref: 'C0001', name: 'Test Child Alpha', status: 'open' as const }],
      clocks: [],
      findings: [finding({}), finding({ case: 'C0002', trigger: 'u', exception: { ground: 'reg 10(4)(a)', evidence: 'e', record: 'r' } })],
      minutes: [],
      names: false,
    };
    const plain = buildReport(input);
    expect(JSON.stringify(plain)).not.toContain('Test Child Alpha');
    expect(plain.openOverdue.byCategory.find((c) => c.category === 'overdue')!.count).toBe(1);
    expect(plain.openOverdue.oldest.map((i) => i.case)).toEqual(['C0001']);
    expect(plain.changes).toBeNull();
    const named = buildReport({ ...input, names: true });
    expect(named.openOverdue.oldest[0].name).toBe('Test Child Alpha');
  });
});
