// The sentences on findings. They name rules, dates and record ids only: never record
// text, which may be personal data and which CI logs must not carry.

import { describePeriod, type IsoDate } from '../calendar/index.js';
import type { ClockRule } from '../rules/types.js';
import type { AppliedException, Clock, Direction } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
export const workingDays = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/** "6 weeks from 2024-01-02", "before 15 February 2026", "immediately on 2024-05-01". */
export function deadlineText(rule: ClockRule, start: IsoDate, directed?: Direction): string {
  const p = rule.period;
  if (directed) {
    const what = directed.date ? `by ${directed.date}` : `${describePeriod(directed.period!)} from ${start}`;
    return `${what}, as ${directed.by === 'agreement' ? 'agreed in writing' : 'directed by the tribunal'} (recorded on ${directed.record})`;
  }
  if (p.unit === 'weeks-before') return `${describePeriod(p)} ${start}`;
  if (p.unit === 'before-date') return `before ${p.day} ${MONTHS[p.month - 1]} ${start.slice(0, 4)}`;
  if (p.unit === 'immediately') return `immediately on ${start}`;
  return `${describePeriod(p)} from ${start}`;
}

/** The citation a directed due date adds: the direction replaces the rule's period (reg 44(1) "subject to any direction"; reg 42(5)). */
export function directionCitation(d: Direction): string {
  return d.by === 'agreement'
    ? `timescale agreed in writing, reg 42(5) (recorded on ${d.record})`
    : `tribunal direction, reg 44(1) (recorded on ${d.record})`;
}

function startedBy(clock: Clock): string {
  return clock.trigger === clock.case ? `the case file's ${clock.rule.clock.date ?? 'date'}` : clock.trigger;
}

function exceptionText(e: AppliedException): string {
  return ` Exception applied: ${e.ground} (recorded on ${e.record}${e.until ? `; circumstances ended ${e.until}` : ''}).`;
}

export function clockMessage(clock: Clock, category: 'overdue' | 'missing-record' | 'due-soon' | 'late' | 'breached', amount: number): string {
  const { rule } = clock;
  const when = `${deadlineText(rule, clock.start, clock.directed)}, started by ${startedBy(clock)}`;
  let text: string;
  switch (category) {
    case 'overdue':
      text = `${rule.title}: due ${clock.due} (${when}); nothing recorded meets it, ${days(amount)} overdue.`;
      break;
    case 'missing-record':
      text = `${rule.title}: no record by ${clock.due} (${when}); ${days(amount)} overdue.`;
      break;
    case 'due-soon':
      text = `${rule.title}: due ${clock.due} (${when}); ${amount === 0 ? 'no working days left' : `${workingDays(amount)} left`}.`;
      break;
    case 'late':
      text = `${rule.title}: met on ${clock.satisfiedOn} by ${clock.satisfiedBy}, ${days(amount)} after the due date ${clock.due} (${when}).`;
      break;
    case 'breached':
      text = !clock.satisfiedBy
        ? `${rule.title}: nothing recorded by ${clock.due} (${when}); the event on ${clock.start} has passed, so it can no longer be done in time.`
        : rule.period.unit === 'days'
          ? `${rule.title}: ${clock.satisfiedBy} is dated ${clock.satisfiedOn}, ${days(amount)} before the minimum period ended on ${clock.due} (${describePeriod(rule.period)} from ${clock.start}, started by ${startedBy(clock)}).`
          : `${rule.title}: ${clock.satisfiedBy} (${clock.satisfiedOn}) is against the duty that started on ${clock.start} with ${startedBy(clock)}.`;
      break;
  }
  return clock.exception ? text + exceptionText(clock.exception) : text;
}
