// The other duties a manager watches, from the audit's clocks: of those done in a period,
// how many by their due date (the rule in force: statutory or the council's own standard),
// and how many are open past their due date now. Pure.

import type { IsoDate } from '../calendar/index.js';
import type { Clock, Finding } from '../audit/types.js';
import { share, timeliness, type Completion, type Share, type TimelinessFigure } from './timeliness.js';

export interface DutyMeasure {
  key: string;
  title: string;
  /** Rule ids the measure covers. */
  rules: string[];
  /** Done in the period: in time or not (with and without exceptions). */
  done: TimelinessFigure;
  /** Still open on the audit date and past their due date. */
  openOverdue: number;
}

/** The duties the report shows, by the rules that carry them. */
export const DUTIES: readonly { key: string; title: string; matches: (ruleId: string) => boolean }[] = [
  { key: 'annual-reviews', title: 'Annual reviews held in time', matches: (id) => id === 'annual-review-due' },
  { key: 'review-decisions', title: 'Review decisions within 4 weeks', matches: (id) => id === 'review-decision' },
  { key: 'tribunal-orders', title: 'Tribunal orders met in time', matches: (id) => id.startsWith('order-') },
  { key: 'replies', title: 'Replies to enquiries in time', matches: (id) => id === 'reply' },
  { key: 'complaints', title: 'Complaints answered in time', matches: (id) => id === 'complaint-response' },
];

export function dutyMeasure(clocks: readonly Clock[], duty: (typeof DUTIES)[number], from: IsoDate, asOf: IsoDate): DutyMeasure {
  const done: Completion[] = [];
  const rules = new Set<string>();
  let openOverdue = 0;
  for (const k of clocks) {
    if (!duty.matches(k.rule.id)) continue;
    rules.add(k.rule.id);
    if (k.state === 'met' && k.satisfiedOn && k.satisfiedOn >= from && k.satisfiedOn <= asOf) {
      done.push({ case: k.case, done: k.satisfiedOn, inTime: k.satisfiedOn <= k.due, excepted: k.exception !== undefined });
    } else if (k.state === 'open' && k.start <= asOf && k.due < asOf) {
      openOverdue++;
    }
  }
  return { key: duty.key, title: duty.title, rules: [...rules].sort(), done: timeliness(done), openOverdue };
}

/**
 * Minutes recorded within the local standard: of the minutes dated in the period whose first
 * commit git knows, the share with no late-record finding.
 */
export function minutesRecordedInTime(minutes: readonly { id: string; date: IsoDate }[], findings: readonly Finding[], from: IsoDate, asOf: IsoDate): Share {
  const late = new Set(findings.filter((f) => f.category === 'late-record' && f.trigger).map((f) => f.trigger!));
  const inPeriod = minutes.filter((m) => m.date >= from && m.date <= asOf);
  return share(inPeriod.filter((m) => !late.has(m.id)).length, inPeriod.length);
}
