// The DfE's SEN2 timeliness measures, computed from the audit's clocks. Pure.
//
// - EHC plans issued within 20 weeks: of the new plans issued in a period (by the date of
//   issue), the share issued within 20 weeks (140 days) of the request for assessment;
//   "including exceptions" counts every plan, "excluding exceptions" leaves out the plans
//   where an exception to the time limit applied (SEND Regs 2014 reg 13(3)).
// - Assessment decisions within 6 weeks: of the decisions whether to assess made in a
//   period, the share made within 6 weeks (42 days) of the request (reg 5(1), exceptions
//   reg 5(4)).
//
// The statutory periods are fixed here, not taken from the rule in force: a council that
// tightens or loosens its own rule in ehcp.config.yaml still reports the DfE's figure.
// Which request a plan or decision answers is the audit's own matching (the `final-plan`
// and `assessment-decision` clocks), so the report and the audit never disagree about it.

import { addDays, type IsoDate } from '../calendar/index.js';
import type { Clock } from '../audit/types.js';
import { timeliness, timelinessBy, type Completion, type Granularity, type TimelinessFigure } from './timeliness.js';

export const SEN2_PLAN_DAYS = 140;
export const SEN2_DECISION_DAYS = 42;

/** A clock met, as a completion judged against a fixed number of days from its start. */
function completionsOf(clocks: readonly Clock[], ruleId: string, days: number): Completion[] {
  const out: Completion[] = [];
  for (const k of clocks) {
    if (k.rule.id !== ruleId || k.state !== 'met' || !k.satisfiedOn) continue;
    out.push({ case: k.case, done: k.satisfiedOn, inTime: k.satisfiedOn <= addDays(k.start, days), excepted: k.exception !== undefined });
  }
  return out;
}

/** New EHC plans issued, each judged against 20 weeks from its request. */
export const planCompletions = (clocks: readonly Clock[]): Completion[] => completionsOf(clocks, 'final-plan', SEN2_PLAN_DAYS);

/** Decisions whether to assess, each judged against 6 weeks from its request. */
export const decisionCompletions = (clocks: readonly Clock[]): Completion[] => completionsOf(clocks, 'assessment-decision', SEN2_DECISION_DAYS);

export interface Sen2Figures {
  plans20Weeks: TimelinessFigure;
  decisions6Weeks: TimelinessFigure;
}

/** The two measures over completions done between `from` and `to` inclusive. */
export function sen2Between(clocks: readonly Clock[], from: IsoDate, to: IsoDate): Sen2Figures {
  const within = (c: Completion) => c.done >= from && c.done <= to;
  return { plans20Weeks: timeliness(planCompletions(clocks).filter(within)), decisions6Weeks: timeliness(decisionCompletions(clocks).filter(within)) };
}

/** Each measure by calendar year or month (of the date done), up to `asOf`. */
export function sen2By(clocks: readonly Clock[], by: Granularity, asOf: IsoDate): { plans20Weeks: ReturnType<typeof timelinessBy>; decisions6Weeks: ReturnType<typeof timelinessBy> } {
  const upTo = (c: Completion) => c.done <= asOf;
  return { plans20Weeks: timelinessBy(planCompletions(clocks).filter(upTo), by), decisions6Weeks: timelinessBy(decisionCompletions(clocks).filter(upTo), by) };
}
