// The Director's dashboard as data: everything `ehcp report` shows, computed from the
// audit's clocks and findings. The HTML and the JSON are two views of this one object, so
// they always carry the same figures. Pure.

import type { IsoDate } from '../calendar/index.js';
import { FINDING_CATEGORIES, type Clock, type Finding, type FindingCategory } from '../audit/types.js';
import type { CaseFile } from '../records.js';
import { DUTIES, dutyMeasure, minutesRecordedInTime, type DutyMeasure } from './duties.js';
import { decisionCompletions, planCompletions, SEN2_DECISION_DAYS, SEN2_PLAN_DAYS, sen2By } from './sen2.js';
import { lastMonths, timeliness, type Completion, type Share, type TimelinessFigure } from './timeliness.js';

/** What needs action (history is not a to-do; due-soon is not late yet). */
const NEEDS_ACTION: ReadonlySet<FindingCategory> = new Set(['overdue', 'missing-record', 'overdue-action', 'stale-draft', 'integrity']);
const OPEN_OVERDUE: ReadonlySet<FindingCategory> = new Set(['overdue', 'missing-record', 'overdue-action', 'stale-draft']);

export interface ReportItem {
  case: string;
  /** Only with --names. */
  name?: string;
  officer?: string;
  rule: string;
  title: string;
  category: FindingCategory;
  due: IsoDate | null;
  daysOverdue?: number;
}

export interface ReportInput {
  asOf: IsoDate;
  months: number;
  authority?: string;
  cases: readonly CaseFile[];
  clocks: readonly Clock[];
  /** The whole audit on `asOf`, unfiltered. */
  findings: readonly Finding[];
  /** Minutes (not corrections) with their meeting date. */
  minutes: readonly { id: string; date: IsoDate }[];
  /** The audit of the records as committed a week earlier, when the history goes back that far. */
  weekAgo?: { asOf: IsoDate; commit: string; findings: readonly Finding[] };
  /** Show case names beside references. */
  names: boolean;
}

interface TrendMonth {
  month: string;
  plans: { inTime: number; late: number };
  decisions: { inTime: number; late: number };
  /** Every deadline met that month (statutory and local), in time or late. */
  allDeadlines: { inTime: number; late: number };
}

export interface ReportModel {
  version: 1;
  asOf: IsoDate;
  /** First day of the period the figures cover (the last `months` calendar months). */
  from: IsoDate;
  months: number;
  authority?: string;
  headline: {
    openCases: number;
    needsAction: number;
    overdue: number;
    missingRecords: number;
    dueSoon: number;
    integrity: number;
    plansIssued: number;
    plansWithin20WeeksPercent: number | null;
  };
  sen2: {
    definition: string;
    plans20Weeks: TimelinessFigure;
    decisions6Weeks: TimelinessFigure;
    byYear: { year: string; plans20Weeks: TimelinessFigure | null; decisions6Weeks: TimelinessFigure | null }[];
  };
  duties: (DutyMeasure | { key: 'minutes-recorded'; title: string; recorded: Share })[];
  openOverdue: {
    byCategory: { category: FindingCategory; count: number }[];
    byOfficer: { officer: string; count: number }[];
    oldest: ReportItem[];
  };
  trend: TrendMonth[];
  changes: { since: IsoDate; commit: string; newOverdue: ReportItem[]; resolved: ReportItem[] } | null;
}

const key = (f: Finding) => `${f.case}\u0000${f.rule}\u0000${f.trigger ?? ''}\u0000${f.action?.index ?? ''}`;

function firstDayOfPeriod(asOf: IsoDate, months: number): IsoDate {
  return `${lastMonths(asOf, months)[0]}-01`;
}

export function buildReport(input: ReportInput): ReportModel {
  const { asOf, clocks, findings } = input;
  const from = firstDayOfPeriod(asOf, input.months);
  const names = new Map(input.cases.map((c) => [c.ref, c.name]));
  const item = (f: Finding): ReportItem => {
    const out: ReportItem = { case: f.case, rule: f.rule, title: f.title, category: f.category, due: f.due };
    const name = input.names ? names.get(f.case) : undefined;
    if (name) out.name = name;
    if (f.officer) out.officer = f.officer;
    if (f.daysOverdue !== undefined) out.daysOverdue = f.daysOverdue;
    return out;
  };
  const count = (c: FindingCategory) => findings.filter((f) => f.category === c).length;
  const inPeriod = (c: Completion) => c.done >= from && c.done <= asOf;
  const plans = planCompletions(clocks).filter((c) => c.done <= asOf);
  const decisions = decisionCompletions(clocks).filter((c) => c.done <= asOf);
  const plans20Weeks = timeliness(plans.filter(inPeriod));

  const byYearPlans = new Map(sen2By(clocks, 'year', asOf).plans20Weeks.map((p) => [p.period, p.figure]));
  const byYearDecisions = new Map(sen2By(clocks, 'year', asOf).decisions6Weeks.map((p) => [p.period, p.figure]));
  const year = Number(asOf.slice(0, 4));
  const years = [String(year - 1), String(year)];

  const open = findings.filter((f) => OPEN_OVERDUE.has(f.category) && !f.exception);
  const byOfficer = new Map<string, number>();
  for (const f of open) byOfficer.set(f.officer ?? '(no officer)', (byOfficer.get(f.officer ?? '(no officer)') ?? 0) + 1);

  const months = lastMonths(asOf, input.months);
  const tally = (items: readonly Completion[], month: string) => {
    const m = items.filter((c) => c.done.startsWith(month));
    return { inTime: m.filter((c) => c.inTime).length, late: m.filter((c) => !c.inTime).length };
  };
  const allMet: Completion[] = clocks
    .filter((k) => k.state === 'met' && k.satisfiedOn && k.satisfiedOn <= asOf)
    .map((k) => ({ case: k.case, done: k.satisfiedOn!, inTime: k.satisfiedOn! <= k.due, excepted: k.exception !== undefined }));

  let changes: ReportModel['changes'] = null;
  if (input.weekAgo) {
    const then = new Set(input.weekAgo.findings.filter((f) => NEEDS_ACTION.has(f.category) && f.category !== 'integrity').map(key));
    const now = new Set(findings.filter((f) => NEEDS_ACTION.has(f.category) && f.category !== 'integrity').map(key));
    changes = {
      since: input.weekAgo.asOf,
      commit: input.weekAgo.commit,
      newOverdue: findings.filter((f) => NEEDS_ACTION.has(f.category) && f.category !== 'integrity' && !then.has(key(f))).map(item),
      resolved: input.weekAgo.findings.filter((f) => NEEDS_ACTION.has(f.category) && f.category !== 'integrity' && !now.has(key(f))).map(item),
    };
  }

  return {
    version: 1,
    asOf,
    from,
    months: input.months,
    ...(input.authority ? { authority: input.authority } : {}),
    headline: {
      openCases: input.cases.filter((c) => c.status !== 'closed').length,
      needsAction: findings.filter((f) => NEEDS_ACTION.has(f.category)).length,
      overdue: count('overdue'),
      missingRecords: count('missing-record'),
      dueSoon: count('due-soon'),
      integrity: count('integrity'),
      plansIssued: plans20Weeks.including.total,
      plansWithin20WeeksPercent: plans20Weeks.including.percent,
    },
    sen2: {
      definition:
        `New EHC plans issued in the period (by date of issue), issued within 20 weeks (${SEN2_PLAN_DAYS} days) of the request; ` +
        `excluding exceptions leaves out plans with an exception recorded (reg 13(3)). Decisions whether to assess made in the period within 6 weeks (${SEN2_DECISION_DAYS} days) of the request (reg 5(1)).`,
      plans20Weeks,
      decisions6Weeks: timeliness(decisions.filter(inPeriod)),
      byYear: years.map((y) => ({ year: y, plans20Weeks: byYearPlans.get(y) ?? null, decisions6Weeks: byYearDecisions.get(y) ?? null })),
    },
    duties: [
      ...DUTIES.map((d) => dutyMeasure(clocks, d, from, asOf)),
      { key: 'minutes-recorded' as const, title: 'Minutes recorded within the local standard', recorded: minutesRecordedInTime(input.minutes, findings, from, asOf) },
    ],
    openOverdue: {
      byCategory: FINDING_CATEGORIES.filter((c) => OPEN_OVERDUE.has(c)).map((c) => ({ category: c, count: open.filter((f) => f.category === c).length })),
      byOfficer: [...byOfficer].map(([officer, n]) => ({ officer, count: n })).sort((a, b) => b.count - a.count || (a.officer < b.officer ? -1 : 1)),
      oldest: open.filter((f) => f.category === 'overdue' || f.category === 'missing-record').sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0)).slice(0, 10).map(item),
    },
    trend: months.map((month) => ({ month, plans: tally(plans, month), decisions: tally(decisions, month), allDeadlines: tally(allMet, month) })),
    changes,
  };
}
