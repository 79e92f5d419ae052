// The audit core with plain objects. Table-driven: every built-in clock rule gets met on
// time, met late, overdue, not yet due, cancelled and exception-applied cases; then the
// worked examples of docs/rules.md, working days across Easter and Christmas, the
// record checks, as-of behaviour, corrections and voids.

import { describe, expect, it } from 'vitest';
import { addDays, createWorkingCalendar, diffDays, type IsoDate } from '../../src/core/calendar/index.js';
import { audit, computeClocks, failsOn, openClocks, summarise, type Finding } from '../../src/core/audit/index.js';
import { builtinRules, resolveRules, type ClockRule } from '../../src/core/rules/index.js';
import type { CaseFile, CaseRecord, Communication, Minutes, Note } from '../../src/core/records.js';
import { PURPOSE_DIRECTION, type Purpose } from '../../src/core/vocabulary.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';

const REF = 'C001';
const OFFICER = 'Test Officer Alpha';
const calendar = createWorkingCalendar();
const rules = resolveRules();

let counter = 0;
const nextId = (date: IsoDate, word: 'comm' | 'minutes' | 'note') => `${date}-${word}-${(counter++).toString(36).padStart(6, '0')}`;

function comm(date: IsoDate, purpose: Purpose, extra: Partial<Communication> = {}): Communication {
  return {
    schema: 'communication/v1',
    id: nextId(date, 'comm'),
    case: REF,
    status: 'final',
    date,
    direction: PURPOSE_DIRECTION[purpose] ?? 'out',
    purpose,
    ...extra,
  };
}
/** Final minutes carry what the schema requires of final minutes (attendees, decisions, approval). */
function minutes(date: IsoDate, kind: Minutes['kind'], extra: Partial<Minutes> = {}): Minutes {
  const m: Minutes = { schema: 'minutes/v1', id: nextId(date, 'minutes'), case: REF, status: 'final', kind, date, ...extra };
  if (m.status !== 'final') return m;
  return {
    attendees: [{ name: 'Test Officer Alpha', party: 'local-authority', attendance: 'present' }],
    decisions: [{ decision: 'Synthetic decision', reasons: 'Synthetic reasons' }],
    approved_by: 'Test Manager Alpha',
    approved_on: date,
    ...(kind === 'appeal-hearing' ? { outcome: { result: 'appeal-upheld' as const } } : {}),
    ...m,
  };
}
function note(date: IsoDate, extra: Partial<Note> = {}): Note {
  return { schema: 'note/v1', id: nextId(date, 'note'), case: REF, status: 'final', date, kind: 'phone', summary: 'Synthetic call', ...extra };
}
function caseFile(extra: Partial<CaseFile> = {}): CaseFile {
  return { schema: 'case/v1', ref: REF, name: 'Test Child Alpha', officer: OFFICER, status: 'open', ...extra };
}
const order = (date: IsoDate, o: Communication['order']) => comm(date, 'tribunal-decision', { order: o });
const familyPresent = { attendees: [{ name: 'Test Parent Alpha', party: 'parent' as const, attendance: 'present' as const }] };

/** Fixtures must be records the schemas accept, or the tests prove nothing about real data. */
const validator = getSchemaValidator();
function assertValid(doc: CaseRecord | CaseFile): void {
  const type = doc.schema.split('/')[0] as 'case' | 'minutes' | 'note' | 'communication';
  const { problems } = validator.validate('fixture.yaml', doc, () => ({ line: 1, col: 1 }), [type]);
  expect(problems, `${doc.schema} fixture should be valid`).toEqual([]);
}

interface Scenario {
  rule: string;
  /** Records before the trigger, the trigger record (absent: the case file is the trigger), a case file. */
  setup: () => { before?: CaseRecord[]; trigger?: CaseRecord; caseFile?: CaseFile };
  start: IsoDate;
  due: IsoDate;
  /** Records that meet the clock on `date` (minutes are dated by their meeting; `date` is then when they were written). */
  satisfy: (date: IsoDate, trigger?: CaseRecord) => CaseRecord[];
  cancel?: (date: IsoDate) => CaseRecord[];
  /** A period counted back from an event: the day the clock becomes live (the notice's date), before its due date. */
  opened?: IsoDate;
}

const REQUEST = '2024-01-02';
const ORDER = '2024-05-01';
const MEETING = '2024-03-05';
const orderScenario = (rule: string, o: Communication['order'], due: IsoDate, satisfy: Scenario['satisfy'], cancel?: Scenario['cancel'], before?: () => CaseRecord[]): Scenario => ({
  rule,
  setup: () => ({ before: before?.(), trigger: order(ORDER, o) }),
  start: ORDER,
  due,
  satisfy,
  cancel,
});

const SCENARIOS: Scenario[] = [
  {
    rule: 'assessment-decision',
    setup: () => ({ trigger: comm(REQUEST, 'assessment-request') }),
    start: REQUEST,
    due: '2024-02-13',
    satisfy: (d) => [comm(d, 'assessment-decision', { outcome: 'assess' })],
  },
  {
    rule: 'no-plan-notice',
    setup: () => ({ trigger: comm(REQUEST, 'assessment-request') }),
    start: REQUEST,
    due: '2024-04-23',
    satisfy: (d) => [comm(d, 'no-plan-notice')],
    cancel: (d) => [comm(d, 'assessment-decision', { outcome: 'not-assess' })],
  },
  {
    rule: 'final-plan',
    setup: () => ({ trigger: comm(REQUEST, 'assessment-request') }),
    start: REQUEST,
    due: '2024-05-21',
    satisfy: (d) => [comm(d, 'final-plan')],
    cancel: (d) => [comm(d, 'no-plan-notice')],
  },
  {
    rule: 'advice-response',
    setup: () => ({ trigger: comm('2024-01-10', 'advice-request', { party: 'health' }) }),
    start: '2024-01-10',
    due: '2024-02-21',
    satisfy: (d) => [comm(d, 'advice-received', { party: 'health' })],
  },
  {
    rule: 'review-report',
    setup: () => ({ trigger: minutes(MEETING, 'annual-review') }),
    start: MEETING,
    due: '2024-03-19',
    satisfy: (d) => [comm(d, 'review-report')],
  },
  {
    rule: 'review-decision',
    setup: () => ({ trigger: minutes(MEETING, 'annual-review') }),
    start: MEETING,
    due: '2024-04-02',
    satisfy: (d) => [comm(d, 'amendment-notice')],
  },
  {
    rule: 'amended-plan',
    setup: () => ({ trigger: comm('2024-04-02', 'amendment-notice') }),
    start: '2024-04-02',
    due: '2024-05-28',
    satisfy: (d) => [comm(d, 'amended-plan')],
    cancel: (d) => [comm(d, 'review-decision', { outcome: 'maintain' })],
  },
  {
    rule: 'annual-review-due',
    setup: () => ({ trigger: comm('2024-03-01', 'final-plan') }),
    start: '2024-03-01',
    due: '2025-02-28', // "12 months starting with" 1 March 2024: the day before the anniversary
    satisfy: (d) => [minutes(d, 'annual-review')],
    cancel: (d) => [comm(d, 'cease-notice')],
  },
  {
    rule: 'phase-transfer',
    setup: () => ({ caseFile: caseFile({ phase_transfer: { year: 2026, phase: 'primary-to-secondary' } }) }),
    start: '2026-01-01',
    due: '2026-02-14',
    satisfy: (d) => [comm(d, 'amended-plan')],
    cancel: (d) => [comm(d, 'cease-notice')],
  },
  {
    rule: 'phase-transfer-post16',
    setup: () => ({ caseFile: caseFile({ phase_transfer: { year: 2026, phase: 'secondary-to-post16' } }) }),
    start: '2026-01-01',
    due: '2026-03-30',
    satisfy: (d) => [comm(d, 'amended-plan')],
    cancel: (d) => [comm(d, 'cease-notice')],
  },
  {
    rule: 'reassessment-decision',
    setup: () => ({ trigger: comm('2024-06-03', 'reassessment-request') }),
    start: '2024-06-03',
    due: '2024-06-18',
    satisfy: (d) => [comm(d, 'reassessment-decision', { outcome: 'not-reassess' })],
  },
  {
    rule: 'reassessment-plan',
    setup: () => ({ trigger: comm('2024-06-10', 'reassessment-decision', { outcome: 'reassess' }) }),
    start: '2024-06-10',
    due: '2024-09-16',
    satisfy: (d) => [comm(d, 'amended-plan')],
    cancel: (d) => [comm(d, 'no-plan-notice')],
  },
  orderScenario('order-dismissed', 'dismissed', ORDER, (d) => [comm(d, 'cease-notice')], undefined, () => [comm('2024-01-10', 'cease-notice')]),
  orderScenario('order-assess-notify', 'assess', '2024-05-15', (d) => [comm(d, 'assessment-decision', { outcome: 'assess' })]),
  orderScenario('order-assess-no-plan', 'assess', '2024-07-10', (d) => [comm(d, 'no-plan-notice')], (d) => [comm(d, 'draft-plan')]),
  orderScenario('order-assess-final-plan', 'assess', '2024-08-07', (d) => [comm(d, 'final-plan')], (d) => [comm(d, 'no-plan-notice')]),
  orderScenario('order-make-plan-draft', 'make-plan', '2024-06-05', (d) => [comm(d, 'draft-plan')]),
  orderScenario('order-make-plan-final', 'make-plan', '2024-07-17', (d) => [comm(d, 'final-plan')]),
  orderScenario('order-reconsider', 'reconsider', '2024-05-15', (d) => [comm(d, 'review-decision', { outcome: 'maintain' })]),
  orderScenario('order-amend-plan', 'amend-plan', '2024-06-05', (d) => [comm(d, 'amended-plan')]),
  orderScenario('order-amend-placement', 'amend-placement', '2024-05-15', (d) => [comm(d, 'amended-plan')]),
  orderScenario('order-continue-and-amend', 'continue-and-amend', '2024-06-05', (d) => [comm(d, 'amended-plan')]),
  ...unopposedScenarios(),
  {
    rule: 'review-advice',
    setup: () => ({ trigger: comm('2024-02-01', 'review-meeting-notice', { event_date: MEETING }) }),
    start: MEETING,
    opened: '2024-02-01',
    due: '2024-02-20', // at least two weeks before the meeting of 5 March
    satisfy: (d) => [comm(d, 'review-advice')],
  },
  {
    rule: 'transfer-notice',
    setup: () => ({ trigger: comm('2024-04-15', 'transfer-in', { party: 'other', event_date: '2023-06-10' }) }),
    start: '2024-04-15',
    due: '2024-05-27',
    satisfy: (d) => [comm(d, 'transfer-notice', { party: 'parent' })],
    cancel: (d) => [comm(d, 'cease-notice')],
  },
  {
    rule: 'transfer-review',
    // (a) 12 months beginning with 2023-06-10 ends 2024-06-09; (b) 3 months beginning with 2024-04-15 ends 2024-07-14: the later.
    setup: () => ({ trigger: comm('2024-04-15', 'transfer-in', { party: 'other', event_date: '2023-06-10' }) }),
    start: '2024-04-15',
    due: '2024-07-14',
    satisfy: (d) => [minutes(d, 'annual-review')],
    cancel: (d) => [comm(d, 'cease-notice')],
  },
  {
    rule: 'mediation-health-notice',
    setup: () => ({ trigger: comm('2024-03-01', 'mediation-request', { party: 'parent', health_issues: true }) }),
    start: '2024-03-01',
    due: '2024-03-06', // 3 working days from Friday 1 March
    satisfy: (d) => [comm(d, 'mediation-health-notice', { party: 'health' })],
  },
  {
    rule: 'mediation-held',
    setup: () => ({ trigger: comm('2024-03-01', 'mediation-request', { party: 'parent' }) }),
    start: '2024-03-01',
    due: '2024-03-31',
    satisfy: (d) => [minutes(d, 'mediation')],
  },
  {
    rule: 'mediation-agreement-action',
    setup: () => ({ trigger: comm('2024-05-01', 'mediation-agreement', { direction: 'in', party: 'other' }) }),
    start: '2024-05-01',
    due: '2024-05-15',
    satisfy: (d, trigger) => [comm(d, 'other', { direction: 'out', party: 'parent', responds_to: trigger!.id })],
  },
  {
    rule: 'sar-response',
    setup: () => ({ trigger: comm('2024-01-31', 'sar-request') }),
    start: '2024-01-31',
    due: '2024-02-29',
    satisfy: (d) => [comm(d, 'sar-response')],
  },
  {
    rule: 'appeal-response',
    setup: () => ({ trigger: comm('2024-01-08', 'appeal-registered', { party: 'tribunal' }) }),
    start: '2024-01-08',
    due: '2024-02-19',
    satisfy: (d) => [comm(d, 'appeal-response', { party: 'tribunal' })],
  },
  {
    // Final hearing minutes with the decision reserved: the tribunal's decision is chased and logged.
    rule: 'reserved-decision',
    setup: () => ({ trigger: minutes(MEETING, 'appeal-hearing', { outcome: { result: 'decision-reserved' } }) }),
    start: MEETING,
    due: '2024-03-19',
    satisfy: (date) => [order(date, 'dismissed')],
  },
  {
    rule: 'hearing-minutes',
    setup: () => ({ trigger: comm('2024-02-01', 'hearing-notice', { event_date: MEETING }) }),
    start: MEETING,
    due: '2024-03-12',
    satisfy: () => [minutes(MEETING, 'appeal-hearing')],
  },
  {
    rule: 'meeting-minutes',
    setup: () => ({ trigger: comm('2024-02-01', 'meeting-scheduled', { direction: 'out', event_date: MEETING, meeting_kind: 'pre-tribunal-meeting' }) }),
    start: MEETING,
    due: '2024-03-12',
    satisfy: () => [minutes(MEETING, 'pre-tribunal-meeting')],
  },
  {
    rule: 'review-minutes',
    setup: () => ({ trigger: comm('2024-02-01', 'review-meeting-notice', { event_date: MEETING }) }),
    start: MEETING,
    due: '2024-03-12',
    satisfy: () => [minutes(MEETING, 'annual-review')],
  },
  {
    rule: 'minutes-shared',
    setup: () => ({ trigger: minutes(MEETING, 'case-discussion', familyPresent) }),
    start: MEETING,
    due: '2024-03-19',
    satisfy: (d, trigger) => [comm(d, 'minutes-sent', { responds_to: trigger!.id })],
  },
  {
    rule: 'reply',
    setup: () => ({ trigger: comm(MEETING, 'enquiry', { party: 'parent' }) }),
    start: MEETING,
    due: '2024-03-19',
    satisfy: (d, trigger) => [comm(d, 'reply', { responds_to: trigger!.id })],
  },
  {
    rule: 'complaint-response',
    setup: () => ({ trigger: comm(MEETING, 'complaint', { party: 'parent' }) }),
    start: MEETING,
    due: '2024-04-04', // 20 working days across Easter 2024 (Good Friday 29 Mar, Easter Monday 1 Apr)
    satisfy: (d) => [comm(d, 'complaint-response')],
  },
];

/** Reg 45: the same duties as the orders, counted from the LA's notice to the tribunal that it will not oppose. */
function unopposedScenarios(): Scenario[] {
  const notice = (o: Communication['order']) => () => ({ trigger: comm(ORDER, 'unopposed-notice', { party: 'tribunal', order: o }) });
  const row = (rule: string, o: Communication['order'], due: IsoDate, satisfy: Scenario['satisfy'], cancel?: Scenario['cancel']): Scenario => ({
    rule,
    setup: notice(o),
    start: ORDER,
    due,
    satisfy,
    cancel,
  });
  return [
    row('unopposed-assess-notify', 'assess', '2024-05-15', (d) => [comm(d, 'assessment-decision', { outcome: 'assess' })]),
    row('unopposed-assess-no-plan', 'assess', '2024-07-10', (d) => [comm(d, 'no-plan-notice')], (d) => [comm(d, 'draft-plan')]),
    row('unopposed-assess-final-plan', 'assess', '2024-08-07', (d) => [comm(d, 'final-plan')], (d) => [comm(d, 'no-plan-notice')]),
    row('unopposed-make-plan-draft', 'make-plan', '2024-06-05', (d) => [comm(d, 'draft-plan')]),
    row('unopposed-make-plan-final', 'make-plan', '2024-07-17', (d) => [comm(d, 'final-plan')]),
    row('unopposed-amend-plan', 'amend-plan', '2024-06-05', (d) => [comm(d, 'amended-plan')]),
    row('unopposed-amend-placement', 'amend-placement', '2024-05-15', (d) => [comm(d, 'amended-plan')]),
    row('unopposed-continue-and-amend', 'continue-and-amend', '2024-06-05', (d) => [comm(d, 'amended-plan')]),
  ];
}

interface Built {
  cases: CaseFile[];
  records: CaseRecord[];
  trigger?: CaseRecord;
  firstCommitDay: Map<string, IsoDate>;
}

/** The scenario's case with extra records; every record "committed" on its date, satisfiers on the day given. */
function build(s: Scenario, add: (trigger?: CaseRecord) => { records: CaseRecord[]; committedOn?: IsoDate }[] = () => [], caseExtra: Partial<CaseFile> = {}): Built {
  const { before = [], trigger, caseFile: cf } = s.setup();
  const records = [...before, ...(trigger ? [trigger] : [])];
  const firstCommitDay = new Map(records.map((r) => [r.id, r.date]));
  for (const group of add(trigger)) {
    for (const r of group.records) {
      records.push(r);
      firstCommitDay.set(r.id, group.committedOn ?? r.date);
    }
  }
  const cases = [{ ...(cf ?? caseFile()), ...caseExtra }];
  for (const doc of [...records, ...cases]) assertValid(doc);
  return { cases, records, trigger, firstCommitDay };
}

function run(b: Built, asOf: IsoDate, rule: string, dueWithinWorkingDays?: number): Finding[] {
  return audit({ cases: b.cases, records: b.records, rules, calendar, asOf, dueWithinWorkingDays, firstCommitDay: b.firstCommitDay }).filter((f) => f.rule === rule);
}

const diffDaysOf = (a: IsoDate, b: IsoDate) => diffDays(a, b);
const ruleById = (id: string) => rules.rules.find((r) => r.id === id) as ClockRule;

describe('every built-in clock rule', () => {
  it('has a scenario here (minimum periods and counted-back notices in their own tables below)', () => {
    const clockRules = builtinRules().filter((r) => r.kind === 'clock').map((r) => r.id);
    expect([...SCENARIOS.map((s) => s.rule), ...MINIMUM_SCENARIOS.map((m) => m.rule), 'review-notice'].sort()).toEqual([...clockRules].sort());
  });

  describe.each(SCENARIOS.map((s) => [s.rule, s] as const))('%s', (_id, s) => {
    const rule = ruleById(s.rule);
    const later = addDays(s.due, 60);

    it(`starts on ${s.start} and is due ${s.due}`, () => {
      const b = build(s);
      const clocks = computeClocks({ cases: b.cases, records: b.records, rules, calendar, asOf: later }).filter((c) => c.rule.id === s.rule);
      expect(clocks).toHaveLength(1);
      expect(clocks[0]).toMatchObject({ start: s.start, due: s.due, state: 'open', case: REF, trigger: b.trigger?.id ?? REF });
    });

    it('met on time: on the due date itself, no finding', () => {
      const b = build(s, (t) => [{ records: s.satisfy(s.due, t), committedOn: s.due }]);
      expect(run(b, later, s.rule)).toEqual([]);
      const clock = computeClocks({ cases: b.cases, records: b.records, rules, calendar, asOf: later, firstCommitDay: b.firstCommitDay }).find((c) => c.rule.id === s.rule)!;
      expect(clock.state).toBe('met');
      expect(clock.satisfiedOn).toBe(s.due);
    });

    it('met late: a day after the due date, a late finding', () => {
      const lateDay = addDays(s.due, 1);
      const b = build(s, (t) => [{ records: s.satisfy(lateDay, t), committedOn: lateDay }]);
      const findings = run(b, later, s.rule);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ category: 'late', due: s.due, daysOverdue: 1, satisfiedOn: lateDay, case: REF, officer: OFFICER, citation: rule.citation });
      expect(findings[0].message).toContain(`met on ${lateDay}`);
    });

    it(`overdue: nothing recorded, the day after the due date, a ${rule.when_missed} finding`, () => {
      const b = build(s);
      const findings = run(b, addDays(s.due, 1), s.rule);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        category: rule.when_missed,
        due: s.due,
        daysOverdue: 1,
        trigger: b.trigger?.id ?? REF,
        citation: rule.citation,
        title: rule.title,
        ruleCategory: rule.category,
        officer: OFFICER,
      });
      expect(findings[0].message).toContain(rule.title);
      expect(findings[0].message).toContain(s.due);
    });

    it('not yet due: due-soon on the due date; nothing when further away than --due-within', () => {
      const b = build(s);
      expect(run(b, s.due, s.rule)).toMatchObject([{ category: 'due-soon', workingDaysLeft: 0, due: s.due }]);
      const atStart = run(b, s.opened ?? s.start, s.rule, 0);
      if (s.start === s.due) expect(atStart).toMatchObject([{ category: 'due-soon' }]);
      else expect(atStart).toEqual([]);
    });

    it('cancelled: a void trigger starts no clock; a closed case stops it; so does a cancelling record', () => {
      const b = build(s);
      if (b.trigger) {
        const voided = { ...b.trigger, status: 'void' as const, void_reason: 'Logged in error' };
        expect(run({ ...b, records: b.records.map((r) => (r === b.trigger ? voided : r)) }, later, s.rule)).toEqual([]);
      }
      const closed = build(s, () => [], { status: 'ceased', closed_on: addDays(s.due, -1) });
      expect(run(closed, later, s.rule)).toEqual([]);
      if (s.cancel) {
        const cancelled = build(s, () => [{ records: s.cancel!(addDays(s.start, 1)) }]);
        expect(run(cancelled, later, s.rule)).toEqual([]);
        expect(computeClocks({ cases: cancelled.cases, records: cancelled.records, rules, calendar, asOf: later }).find((c) => c.rule.id === s.rule)?.state).toBe('cancelled');
      }
    });

    if (rule.directable) {
      it('directed date: a date recorded on the order replaces the default due date, and the finding cites the direction', () => {
        const directedDate = addDays(s.due, 10);
        const base = build(s);
        const t = base.trigger as Communication;
        const directedTrigger: Communication = { ...t, directed: { date: directedDate, reference: 'Synthetic decision para 3' } };
        const b = { ...base, records: base.records.map((r) => (r === t ? directedTrigger : r)) };
        assertValid(directedTrigger);
        expect(run(b, addDays(s.due, 1), s.rule)).toMatchObject([{ category: 'due-soon', due: directedDate }]);
        const findings = run(b, addDays(directedDate, 1), s.rule);
        expect(findings).toMatchObject([{ category: rule.when_missed, due: directedDate, daysOverdue: 1, directed: { date: directedDate, record: t.id } }]);
        const by = t.purpose === 'mediation-agreement' ? 'timescale agreed in writing, reg 42(5)' : 'tribunal direction, reg 44(1)';
        expect(findings[0].citation).toBe(`${rule.citation}; ${by} (recorded on ${t.id})`);
        expect(findings[0].message).toContain(`by ${directedDate}, as`);
        expect(findings[0].message).not.toContain('Synthetic decision'); // the reference is record text
        // A period instead of a date counts from the order's date.
        const weeks = { ...t, directed: { period: { unit: 'weeks' as const, count: 3 } } };
        const w = { ...base, records: base.records.map((r) => (r === t ? weeks : r)) };
        expect(run(w, addDays(s.start, 22), s.rule)).toMatchObject([{ due: addDays(s.start, 21), daysOverdue: 1 }]);
      });
    }

    it('duty: the authority\'s, except advice from another body', () => {
      const findings = run(build(s), addDays(s.due, 1), s.rule);
      expect(findings[0].duty).toBe(s.rule === 'advice-response' ? 'other-body' : 'authority');
    });

    const grounds = rule.exceptions ?? [];
    if (grounds.length > 0) {
      it(`exception applied: ${grounds[0]} is shown on the finding, which stays ${rule.when_missed}`, () => {
        const evidence = 'Synthetic evidence: school closed for the summer';
        const b = build(s, () => [{ records: [comm(s.start, 'other', { direction: 'in', exception: { ground: grounds[0], evidence, until: '2024-09-02' } })] }]);
        const findings = run(b, addDays(s.due, 1), s.rule);
        expect(findings).toHaveLength(1);
        expect(findings[0].category).toBe(rule.when_missed);
        expect(findings[0].due).toBe(s.due); // an exception marks the clock; it never moves or hides it
        expect(findings[0].exception).toMatchObject({ ground: grounds[0], evidence, until: '2024-09-02' });
        expect(findings[0].message).toContain(`Exception applied: ${grounds[0]}`);
        expect(findings[0].message).not.toContain(evidence); // record text stays out of messages
        // Another body's duty is counted apart from the authority's items, exception or not.
        const summary = summarise(findings);
        expect(rule.duty === 'other-body' ? summary.otherBodies.total : summary.exceptionsApplied.total).toBe(1);
        expect(failsOn(findings, 'any')).toBe(false);
      });
    } else {
      it('exception grounds of other rules do not apply', () => {
        const b = build(s, () => [{ records: [comm(s.start, 'other', { direction: 'in', exception: { ground: 'reg 10(4)(a)', evidence: 'Synthetic' } })] }]);
        const findings = run(b, addDays(s.due, 1), s.rule);
        expect(findings).toHaveLength(1);
        expect(findings[0].exception).toBeUndefined();
        expect(failsOn(findings, 'any')).toBe(true);
      });
    }
  });
});


/** Minimum periods: the satisfying record must NOT come on or before the last day (regs 13(1), 22(2)(c)); order-continue: no cease notice. */
interface MinimumScenario {
  rule: string;
  trigger: () => CaseRecord;
  lastDay: IsoDate;
  forbidden: (date: IsoDate) => CaseRecord;
  /** A record that ends the watch early (order-continue: the next review). */
  ends?: (date: IsoDate) => CaseRecord;
  daysEarly: boolean;
}
const MINIMUM_SCENARIOS: MinimumScenario[] = [
  // Draft served 1 Jan 2025: 15 days beginning with it end on 15 Jan; a final plan on 16 Jan is the first lawful one.
  { rule: 'comment-period', trigger: () => comm('2025-01-01', 'draft-plan'), lastDay: '2025-01-15', forbidden: (d) => comm(d, 'final-plan'), daysEarly: true },
  { rule: 'comment-period-amendment', trigger: () => comm('2025-01-01', 'amendment-notice'), lastDay: '2025-01-15', forbidden: (d) => comm(d, 'amended-plan'), daysEarly: true },
  {
    rule: 'order-continue',
    trigger: () => order(ORDER, 'continue'),
    lastDay: '2025-04-30', // watched for 12 months starting with the order
    forbidden: (d) => comm(d, 'cease-notice'),
    ends: (d) => minutes(d, 'annual-review'),
    daysEarly: false,
  },
];

describe.each(MINIMUM_SCENARIOS.map((m) => [m.rule, m] as const))('minimum period %s', (_id, m) => {
  const rule = ruleById(m.rule);
  const runWith = (extra: CaseRecord[], asOf: IsoDate) => {
    const records = [m.trigger(), ...extra];
    for (const r of records) assertValid(r);
    return audit({ cases: [caseFile()], records, rules, calendar, asOf }).filter((f) => f.rule === m.rule);
  };
  const later = addDays(m.lastDay, 400);

  it('issued on the last day of the period: breached, citing the rule', () => {
    const findings = runWith([m.forbidden(m.lastDay)], later);
    expect(findings).toMatchObject([{ category: 'breached', due: m.lastDay, satisfiedOn: m.lastDay, citation: rule.citation, duty: 'authority' }]);
    if (m.daysEarly) expect(findings[0]).toMatchObject({ daysEarly: 1 });
    expect(failsOn(findings, 'any')).toBe(false); // a fact of history, like late
  });

  it('issued the day after the period: no finding (met in time is the lawful case)', () => {
    expect(runWith([m.forbidden(addDays(m.lastDay, 1))], later)).toEqual([]);
  });

  it('nothing issued: never overdue, never due soon, not an open deadline', () => {
    expect(runWith([], m.lastDay)).toEqual([]);
    expect(runWith([], later)).toEqual([]);
    const t = m.trigger();
    expect(openClocks({ cases: [caseFile()], records: [t], rules, calendar, asOf: m.lastDay }, REF).filter((c) => c.rule.id === m.rule)).toEqual([]);
  });

  it('cancelled: a void trigger or a void record gives nothing', () => {
    const t = m.trigger();
    const f = m.forbidden(m.lastDay);
    const records = [{ ...t, status: 'void' as const, void_reason: 'Logged in error' }, f];
    expect(audit({ cases: [caseFile()], records, rules, calendar, asOf: later }).filter((x) => x.rule === m.rule)).toEqual([]);
    expect(runWith([{ ...f, status: 'void' as const, void_reason: 'Logged in error' } as CaseRecord], later)).toEqual([]);
  });

  if (m.ends) {
    it('ended by the next review: a later cease notice is not against the order', () => {
      const start = m.trigger().date;
      expect(runWith([m.ends!(addDays(start, 30)), m.forbidden(addDays(start, 60))], later)).toEqual([]);
    });
  }
});

describe('review-notice: at least two weeks\' notice, counted back from the meeting (regs 20(3), 21(3))', () => {
  const meeting = '2025-03-20'; // a Thursday; the last day for the notice is 6 March
  const rows: [string, IsoDate, string | undefined][] = [
    ['given 3 weeks ahead: in time', '2025-02-27', undefined],
    ['given exactly 14 days ahead: in time', '2025-03-06', undefined],
    ['given 13 days ahead: late by 1 day', '2025-03-07', 'late'],
    ['given 10 days ahead: late by 4 days', '2025-03-10', 'late'],
  ];
  it.each(rows)('%s', (_name, noticeDate, category) => {
    const notice = comm(noticeDate, 'review-meeting-notice', { event_date: meeting });
    assertValid(notice);
    const findings = audit({ cases: [caseFile()], records: [notice], rules, calendar, asOf: '2025-06-01' }).filter((f) => f.rule === 'review-notice');
    if (!category) return expect(findings).toEqual([]);
    expect(findings).toMatchObject([{ category, due: '2025-03-06', satisfiedOn: noticeDate, daysOverdue: diffDaysOf('2025-03-06', noticeDate), start: meeting }]);
    expect(findings[0].message).toContain('at least 2 weeks before 2025-03-20');
  });

  it('review-advice is live from the notice: due soon before the meeting, overdue after the last day, breached once the meeting has passed', () => {
    const notice = comm('2025-02-20', 'review-meeting-notice', { event_date: meeting });
    const at = (asOf: IsoDate) => audit({ cases: [caseFile()], records: [notice], rules, calendar, asOf }).filter((f) => f.rule === 'review-advice');
    expect(at('2025-02-19')).toEqual([]); // before the notice was given, nothing is known
    expect(at('2025-03-04')).toMatchObject([{ category: 'due-soon', due: '2025-03-06' }]);
    expect(at('2025-03-07')).toMatchObject([{ category: 'overdue', due: '2025-03-06', daysOverdue: 1 }]);
    expect(at('2025-03-20')).toMatchObject([{ category: 'overdue', due: '2025-03-06', daysOverdue: 14 }]); // the meeting day: still worth doing
    // Once the meeting has passed the duty can no longer be done: a breach on the record
    // (history), not an overdue item that would stay on the to-do list for ever.
    const after = at('2025-03-21');
    expect(after).toMatchObject([{ category: 'breached', due: '2025-03-06', start: meeting }]);
    expect(after[0].message).toBe(
      'Review advice circulated at least 2 weeks ahead: nothing recorded by 2025-03-06 (at least 2 weeks before 2025-03-20, started by ' +
        `${notice.id}); the event on 2025-03-20 has passed, so it can no longer be done in time.`,
    );
  });
});

describe('orders from other sources', () => {
  it('order: cease is read as the dismissal of an appeal against ceasing (reg 44(2)(a)); no separate order-cease rule', () => {
    expect(rules.rules.find((r) => r.id === 'order-cease')).toBeUndefined();
    const records = [comm('2024-01-10', 'cease-notice'), order(ORDER, 'cease')];
    const findings = audit({ cases: [caseFile()], records, rules, calendar, asOf: '2024-05-02' }).filter((f) => f.rule.startsWith('order-'));
    expect(findings).toMatchObject([{ rule: 'order-dismissed', category: 'overdue', due: ORDER }]);
  });

  it('a mediation agreement on appealable issues runs the order rules from its date (reg 42(2)), and cites reg 42(2)', () => {
    const agreement = comm('2024-05-01', 'mediation-agreement', { direction: 'in', party: 'other', order: 'amend-plan' });
    assertValid(agreement);
    const findings = audit({ cases: [caseFile()], records: [agreement], rules, calendar, asOf: '2024-06-06' });
    expect(findings.map((f) => f.rule)).toEqual(['order-amend-plan']);
    expect(findings[0]).toMatchObject({ due: '2024-06-05', category: 'overdue' });
    expect(findings[0].citation).toContain('reg 42(2)');
  });

  it('a continue order is not a letter: no overdue finding however long after', () => {
    const findings = audit({ cases: [caseFile()], records: [order(ORDER, 'continue')], rules, calendar, asOf: '2027-01-01' });
    expect(findings.filter((f) => f.rule === 'order-continue')).toEqual([]);
  });
});

describe('another body\'s duty', () => {
  it('advice-response is reported with duty other-body and kept out of the authority\'s counts and --fail-on', () => {
    const records = [comm('2024-01-10', 'advice-request', { party: 'health' }), comm('2024-01-10', 'assessment-request')];
    const findings = audit({ cases: [caseFile()], records, rules, calendar, asOf: '2024-02-22' });
    const advice = findings.find((f) => f.rule === 'advice-response')!;
    expect(advice).toMatchObject({ category: 'overdue', duty: 'other-body' });
    const summary = summarise(findings);
    const authorityOverdue = findings.filter((f) => f.category === 'overdue' && f.duty === 'authority').length;
    expect(summary.byCategory.overdue).toBe(authorityOverdue);
    expect(summary.otherBodies).toEqual({ total: 1, byCategory: { overdue: 1 } });
    expect(failsOn([advice], 'overdue')).toBe(false);
  });
});

describe('worked examples (statutory timescales)', () => {
  it('request received Tue 2 Jan 2024: decision 13 Feb, no-plan notice 23 Apr, final plan 21 May 2024', () => {
    const request = comm('2024-01-02', 'assessment-request');
    const clocks = computeClocks({ cases: [caseFile()], records: [request], rules, calendar, asOf: '2024-01-02' });
    const due = Object.fromEntries(clocks.map((c) => [c.rule.id, c.due]));
    expect(due).toEqual({ 'assessment-decision': '2024-02-13', 'no-plan-notice': '2024-04-23', 'final-plan': '2024-05-21' });
  });

  it('a final plan on day 140 is on time; day 141 is late', () => {
    const request = comm('2024-01-02', 'assessment-request');
    const decision = comm('2024-02-01', 'assessment-decision', { outcome: 'assess' });
    const draft = comm('2024-04-10', 'draft-plan');
    const onTime = audit({ cases: [caseFile()], records: [request, decision, draft, comm('2024-05-21', 'final-plan')], rules, calendar, asOf: '2024-06-30' });
    expect(onTime).toEqual([]);
    const late = audit({ cases: [caseFile()], records: [request, decision, draft, comm('2024-05-22', 'final-plan')], rules, calendar, asOf: '2024-06-30' });
    expect(late.map((f) => [f.rule, f.category, f.daysOverdue])).toEqual([['final-plan', 'late', 1]]);
  });

  it('SAR received 31 Jan 2024 is due 29 Feb 2024 (month end, leap year)', () => {
    const clocks = computeClocks({ cases: [caseFile()], records: [comm('2024-01-31', 'sar-request')], rules, calendar, asOf: '2024-02-01' });
    expect(clocks.map((c) => c.due)).toEqual(['2024-02-29']);
  });

  it('a SAR month ending on a weekend moves to the next working day (ICO)', () => {
    // 2024-03-30 + 1 month = 2024-04-30 (Tue); 2024-05-04 + 1 month = 2024-06-04 (Tue); 2024-07-31 + 1 = 2024-08-31 (Sat) → Mon 2 Sep
    const clocks = computeClocks({ cases: [caseFile()], records: [comm('2024-07-31', 'sar-request')], rules, calendar, asOf: '2024-08-01' });
    expect(clocks.map((c) => c.due)).toEqual(['2024-09-02']);
  });
});

describe('working days in local standards', () => {
  const dueOf = (records: CaseRecord[], rule: string, closures?: IsoDate[]) =>
    computeClocks({ cases: [caseFile()], records, rules, calendar: createWorkingCalendar({ closures }), asOf: '2030-01-01' }).find((c) => c.rule.id === rule)!.due;

  it('Easter 2024: an enquiry on Wed 27 Mar gets 10 working days to Fri 12 Apr (Good Friday and Easter Monday skipped)', () => {
    expect(dueOf([comm('2024-03-27', 'enquiry')], 'reply')).toBe('2024-04-12');
  });

  it('Christmas 2026: hearing minutes for Wed 23 Dec are due Mon 4 Jan 2027 (25 Dec, substitute 28 Dec, 1 Jan skipped)', () => {
    expect(dueOf([comm('2026-11-02', 'hearing-notice', { event_date: '2026-12-23' })], 'hearing-minutes')).toBe('2027-01-04');
  });

  it('Christmas 2027: both substitute days (27, 28 Dec) and the New Year substitute (3 Jan 2028) skipped', () => {
    expect(dueOf([comm('2027-12-23', 'enquiry')], 'reply')).toBe('2028-01-11');
  });

  it("the authority's closure days from config are skipped too", () => {
    expect(dueOf([comm('2024-03-27', 'enquiry')], 'reply', ['2024-04-02', '2024-04-03'])).toBe('2024-04-16');
  });

  it('standards in config change the periods', () => {
    const custom = resolveRules({ standards: { reply_working_days: 3 } });
    const clocks = computeClocks({ cases: [caseFile()], records: [comm('2024-03-27', 'enquiry')], rules: custom, calendar, asOf: '2024-03-27' });
    expect(clocks.find((c) => c.rule.id === 'reply')!.due).toBe('2024-04-03');
  });
});

describe('how clocks are met, linked and bounded', () => {
  it('a reply must name its enquiry; an unlinked reply does not count', () => {
    const enquiry = comm('2024-03-05', 'enquiry');
    const stray = comm('2024-03-06', 'reply');
    const findings = audit({ cases: [caseFile()], records: [enquiry, stray], rules, calendar, asOf: '2024-04-01' }).filter((f) => f.rule === 'reply');
    expect(findings.map((f) => f.category)).toEqual(['overdue']);
  });

  it("a record that names another clock's trigger belongs to that clock (optional link)", () => {
    const first = comm('2024-03-01', 'complaint');
    const second = comm('2024-03-04', 'complaint');
    const answer = comm('2024-03-05', 'complaint-response', { responds_to: second.id });
    const clocks = computeClocks({ cases: [caseFile()], records: [first, second, answer], rules, calendar, asOf: '2024-05-01' }).filter((c) => c.rule.id === 'complaint-response');
    expect(clocks.map((c) => [c.trigger, c.state])).toEqual([
      [first.id, 'open'],
      [second.id, 'met'],
    ]);
  });

  it('each annual review meets the previous clock and starts the next one', () => {
    const plan = comm('2022-03-01', 'final-plan');
    const review1 = minutes('2023-02-20', 'annual-review');
    const review2 = minutes('2024-03-20', 'annual-review'); // 1 month late
    const clocks = computeClocks({ cases: [caseFile()], records: [plan, review1, review2], rules, calendar, asOf: '2024-04-01' }).filter((c) => c.rule.id === 'annual-review-due');
    expect(clocks.map((c) => [c.start, c.due, c.state, c.satisfiedOn])).toEqual([
      // "12 months starting with" the day: due the day before each anniversary (CFA 2014 s44(1)).
      ['2022-03-01', '2023-02-28', 'met', '2023-02-20'],
      ['2023-02-20', '2024-02-19', 'met', '2024-03-20'],
      ['2024-03-20', '2025-03-19', 'open', undefined],
    ]);
    const findings = audit({ cases: [caseFile()], records: [plan, review1, review2], rules, calendar, asOf: '2025-04-01' }).filter((f) => f.rule === 'annual-review-due');
    expect(findings.map((f) => [f.category, f.due])).toEqual([
      ['missing-record', '2025-03-19'],
      ['late', '2024-02-19'],
    ]);
  });

  it("next year's review report does not meet this year's review (before_next_trigger)", () => {
    const r1 = minutes('2023-03-01', 'annual-review');
    const r2 = minutes('2024-03-01', 'annual-review');
    const report2 = comm('2024-03-05', 'review-report');
    const clocks = computeClocks({ cases: [caseFile()], records: [r1, r2, report2], rules, calendar, asOf: '2024-04-01' }).filter((c) => c.rule.id === 'review-report');
    expect(clocks.map((c) => c.state)).toEqual(['open', 'met']);
  });

  it('meeting minutes must be of the kind scheduled', () => {
    const scheduled = comm('2024-02-01', 'meeting-scheduled', { direction: 'out', event_date: '2024-03-05', meeting_kind: 'mediation' });
    const other = minutes('2024-03-05', 'panel');
    const findings = audit({ cases: [caseFile()], records: [scheduled, other], rules, calendar, asOf: '2024-04-01' }).filter((f) => f.rule === 'meeting-minutes');
    expect(findings.map((f) => f.category)).toEqual(['missing-record']);
  });

  it('minutes shared through their own shared_with_family date', () => {
    const m = minutes('2024-03-05', 'case-discussion', { ...familyPresent, shared_with_family: { date: '2024-03-08', method: 'email' } });
    expect(audit({ cases: [caseFile()], records: [m], rules, calendar, asOf: '2024-05-01' }).filter((f) => f.rule === 'minutes-shared')).toEqual([]);
  });

  it('minutes of a meeting the family only sent apologies to start no minutes-shared clock', () => {
    const m = minutes('2024-03-05', 'case-discussion', { attendees: [{ name: 'Test Parent Beta', party: 'parent', attendance: 'apologies' }] });
    expect(computeClocks({ cases: [caseFile()], records: [m], rules, calendar, asOf: '2024-05-01' }).filter((c) => c.rule.id === 'minutes-shared')).toEqual([]);
  });

  it('a dismissed appeal with no earlier cease notice starts no cease clock', () => {
    expect(computeClocks({ cases: [caseFile()], records: [order('2024-05-01', 'dismissed')], rules, calendar, asOf: '2024-06-01' })).toEqual([]);
  });

  it('an order to continue and amend runs the standing duty (watched 12 months) and the 5-week clock', () => {
    const clocks = computeClocks({ cases: [caseFile()], records: [order('2024-05-01', 'continue-and-amend')], rules, calendar, asOf: '2024-05-01' });
    expect(clocks.map((c) => [c.rule.id, c.due]).sort()).toEqual([
      ['order-continue', '2025-04-30'],
      ['order-continue-and-amend', '2024-06-05'],
    ]);
  });

  it('hearing minutes: no finding before the hearing has happened, even when due within the window', () => {
    const notice = comm('2024-02-01', 'hearing-notice', { event_date: '2024-03-05' });
    expect(audit({ cases: [caseFile()], records: [notice], rules, calendar, asOf: '2024-03-04' })).toEqual([]);
    expect(audit({ cases: [caseFile()], records: [notice], rules, calendar, asOf: '2024-03-05' }).map((f) => f.category)).toEqual(['due-soon']);
  });

  it('a correction replaces the record it amends, and replies to the original still count', () => {
    const enquiry = comm('2024-03-05', 'enquiry');
    const corrected = comm('2024-03-04', 'enquiry', { amends: enquiry.id });
    const reply = comm('2024-03-20', 'reply', { responds_to: enquiry.id });
    const clocks = computeClocks({ cases: [caseFile()], records: [enquiry, corrected, reply], rules, calendar, asOf: '2024-04-01' }).filter((c) => c.rule.id === 'reply');
    expect(clocks.map((c) => [c.trigger, c.start, c.due, c.state])).toEqual([[corrected.id, '2024-03-04', '2024-03-18', 'met']]);
  });

  it('--as-of: records dated after the audit date are not seen', () => {
    const request = comm('2024-01-02', 'assessment-request');
    const decision = comm('2024-02-20', 'assessment-decision', { outcome: 'assess' });
    const early = audit({ cases: [caseFile()], records: [request, decision], rules, calendar, asOf: '2024-02-15' }).filter((f) => f.rule === 'assessment-decision');
    expect(early.map((f) => [f.category, f.daysOverdue])).toEqual([['overdue', 2]]);
    const after = audit({ cases: [caseFile()], records: [request, decision], rules, calendar, asOf: '2024-03-01' }).filter((f) => f.rule === 'assessment-decision');
    expect(after.map((f) => [f.category, f.daysOverdue])).toEqual([['late', 7]]);
  });

  it('minutes count as written on the day they were first committed (on: recorded), not after the audit date', () => {
    const notice = comm('2024-02-01', 'hearing-notice', { event_date: '2024-03-05' });
    const m = minutes('2024-03-05', 'appeal-hearing');
    const firstCommitDay = new Map([[m.id, '2024-03-20']]);
    const at = (asOf: IsoDate) => audit({ cases: [caseFile()], records: [notice, m], rules, calendar, asOf, firstCommitDay }).filter((f) => f.rule === 'hearing-minutes');
    expect(at('2024-03-15').map((f) => f.category)).toEqual(['missing-record']);
    expect(at('2024-03-25').map((f) => [f.category, f.satisfiedOn, f.daysOverdue])).toEqual([['late', '2024-03-20', 8]]);
  });

  it('an exception linked by responds_to applies even when dated outside the clock', () => {
    const request = comm('2024-01-02', 'assessment-request');
    const ex = comm('2023-12-20', 'other', { direction: 'in', responds_to: request.id, exception: { ground: 'reg 5(4)(c)', evidence: 'Synthetic' } });
    const f = audit({ cases: [caseFile()], records: [request, ex], rules, calendar, asOf: '2024-03-01' }).find((x) => x.rule === 'assessment-decision')!;
    expect(f.exception?.record).toBe(ex.id);
  });

  it('an exception recorded on the late final plan itself is shown on the late finding', () => {
    const request = comm('2024-01-02', 'assessment-request');
    const plan = comm('2024-06-10', 'final-plan', { exception: { ground: 'reg 10(4)(a)', evidence: 'Synthetic: school closed' } });
    const f = audit({ cases: [caseFile()], records: [request, comm('2024-02-01', 'assessment-decision', { outcome: 'assess' }), plan], rules, calendar, asOf: '2024-07-01' });
    expect(f.map((x) => [x.rule, x.category, x.exception?.ground])).toEqual([['final-plan', 'late', 'reg 10(4)(a)']]);
    expect(summarise(f)).toMatchObject({ total: 1, byCategory: { late: 0 }, exceptionsApplied: { total: 1, byCategory: { late: 1 } } });
  });
});

describe('record checks', () => {
  it('stale-draft: minutes still draft more than 10 working days after the meeting', () => {
    const m = minutes('2024-03-05', 'panel', { status: 'draft' });
    const at = (asOf: IsoDate) => audit({ cases: [caseFile()], records: [m], rules, calendar, asOf }).filter((f) => f.category === 'stale-draft');
    expect(at('2024-03-19')).toEqual([]);
    expect(at('2024-03-20')).toMatchObject([{ rule: 'stale-draft', due: '2024-03-19', daysOverdue: 1, trigger: m.id, file: `cases/${REF}/${m.id}.yaml` }]);
    expect(audit({ cases: [caseFile()], records: [{ ...m, status: 'final' }], rules, calendar, asOf: '2024-06-01' }).filter((f) => f.category === 'stale-draft')).toEqual([]);
  });

  it('late-record: first committed more than 5 working days after its date; corrections exempt; none without history', () => {
    const onTime = note('2024-03-05');
    const late = note('2024-03-05');
    const correction = note('2024-03-05', { amends: onTime.id });
    const firstCommitDay = new Map([
      [onTime.id, '2024-03-12'],
      [late.id, '2024-03-13'],
      [correction.id, '2024-06-01'],
    ]);
    const input = { cases: [caseFile()], records: [onTime, late, correction], rules, calendar, asOf: '2024-07-01' };
    const found = audit({ ...input, firstCommitDay }).filter((f) => f.category === 'late-record');
    expect(found).toMatchObject([{ trigger: late.id, due: '2024-03-12', satisfiedOn: '2024-03-13', daysOverdue: 1, rule: 'late-record' }]);
    expect(found[0].message).toContain('6 working days after its date');
    expect(audit(input).filter((f) => f.category === 'late-record')).toEqual([]);
    expect(audit({ ...input, asOf: '2024-03-12', firstCommitDay }).filter((f) => f.category === 'late-record')).toEqual([]);
  });

  it('overdue-action: an action past due with no done_on (on or before the audit date)', () => {
    const n = note('2024-03-05', {
      actions: [
        { action: 'Synthetic: send the letter', owner: 'Test Officer Beta', due: '2024-03-10' },
        { action: 'Synthetic: done already', due: '2024-03-10', done_on: '2024-03-09' },
        { action: 'Synthetic: not due yet', due: '2024-04-10' },
      ],
    });
    assertValid(n);
    const found = audit({ cases: [caseFile()], records: [n], rules, calendar, asOf: '2024-03-20' }).filter((f) => f.category === 'overdue-action');
    expect(found).toMatchObject([{ due: '2024-03-10', daysOverdue: 10, action: { index: 1, owner: 'Test Officer Beta', text: 'Synthetic: send the letter' } }]);
    expect(found[0].message).not.toContain('Synthetic');
  });

  it('integrity: every uncommitted file is a finding with its case', () => {
    const found = audit({ cases: [caseFile()], records: [], rules, calendar, asOf: '2024-03-20', uncommitted: [`cases/${REF}/2024-03-05-note-abc123.yaml`, 'ehcp.config.yaml'] });
    expect(found.map((f) => [f.category, f.case, f.trigger, f.due])).toEqual([
      ['integrity', '', null, null],
      ['integrity', REF, '2024-03-05-note-abc123', null],
    ]);
  });

  it('checks and rules can be switched off in config', () => {
    const off = resolveRules({ rules: { overrides: { 'stale-draft': { enabled: false }, reply: { enabled: false } } } });
    const records = [minutes('2024-03-05', 'panel', { status: 'draft' }), comm('2024-03-05', 'enquiry')];
    expect(audit({ cases: [caseFile()], records, rules: off, calendar, asOf: '2024-06-01' })).toEqual([]);
  });
});

describe('findings, summary and --fail-on', () => {
  const records = [
    comm('2024-01-02', 'assessment-request'),
    comm('2024-03-05', 'enquiry'),
    minutes('2024-03-05', 'panel', { status: 'draft' }),
  ];
  // --due-within 25: the no-plan notice (due 23 Apr, 22 working days away across Easter) is due soon; the final plan is not.
  const findings = audit({ cases: [caseFile(), { ...caseFile(), ref: 'C002', officer: 'Test Officer Beta' }], records, rules, calendar, asOf: '2024-03-20', dueWithinWorkingDays: 25 });

  it('sorted by category, case, most overdue first', () => {
    expect(findings.map((f) => [f.category, f.rule])).toEqual([
      ['overdue', 'assessment-decision'],
      ['overdue', 'reply'],
      ['due-soon', 'no-plan-notice'],
      ['stale-draft', 'stale-draft'],
    ]);
    expect(findings[0].daysOverdue).toBeGreaterThan(findings[1].daysOverdue!);
  });

  it('summary counts every category', () => {
    expect(summarise(findings)).toEqual({
      total: 4,
      byCategory: { overdue: 2, 'missing-record': 0, 'due-soon': 1, 'overdue-action': 0, 'stale-draft': 1, integrity: 0, breached: 0, 'late-record': 0, late: 0 },
      exceptionsApplied: { total: 0, byCategory: {} },
      cases: 1,
      otherBodies: { total: 0, byCategory: {} },
    });
  });

  it('--fail-on levels', () => {
    expect(failsOn(findings, 'none')).toBe(false);
    expect(failsOn(findings, 'overdue')).toBe(true);
    const soonOnly = findings.filter((f) => f.category === 'due-soon');
    expect(failsOn(soonOnly, 'any')).toBe(false);
    const staleOnly = findings.filter((f) => f.category === 'stale-draft');
    expect(failsOn(staleOnly, 'missing')).toBe(false);
    expect(failsOn(staleOnly, 'any')).toBe(true);
  });

  it('openClocks lists what a case still has to do, soonest first', () => {
    const open = openClocks({ cases: [caseFile()], records, rules, calendar, asOf: '2024-03-20' }, REF);
    expect(open.map((c) => [c.rule.id, c.due])).toEqual([
      ['assessment-decision', '2024-02-13'],
      ['reply', '2024-03-19'],
      ['no-plan-notice', '2024-04-23'],
      ['final-plan', '2024-05-21'],
    ]);
  });
});

describe('scale', () => {
  it('audits 5,000 cases with 30 records each', () => {
    const cases: CaseFile[] = [];
    const records: CaseRecord[] = [];
    for (let i = 0; i < 5000; i++) {
      const ref = `C${String(i).padStart(5, '0')}`;
      cases.push({ ...caseFile(), ref });
      for (let j = 0; j < 30; j++) {
        const date = addDays('2023-01-02', (i + j * 13) % 500);
        const purpose = (['assessment-request', 'enquiry', 'final-plan', 'complaint', 'other'] as const)[j % 5];
        records.push({ ...comm(date, purpose), case: ref, ...(purpose === 'other' ? { direction: 'out' as const } : {}) });
      }
    }
    const findings = audit({ cases, records, rules, calendar, asOf: '2024-06-01' });
    expect(findings.length).toBeGreaterThan(5000);
    expect(new Set(findings.map((f) => f.case)).size).toBe(5000);
  });
});
