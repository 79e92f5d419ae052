/**
 * Deadline arithmetic for the rules engine: a start (clock) date plus a statutory
 * period gives a due date (docs/rules.md, "How each rule counts"). The arithmetic is
 * date-fns's (through ./isoDate.ts); the statutory readings ("beginning with", "starting
 * with", "at least N weeks before", ICO months) are the project's.
 */

import { addDays, addMonths, addWeeks, daysInMonth, formatParts, toDayNumber, type IsoDate } from './isoDate.js';
import { createWorkingCalendar, type WorkingCalendar } from './workingDays.js';

export type Period =
  /**
   * Calendar days. Default: start + count. With `beginningWith`, the start day is day 1
   * ("at least 15 days beginning with the day on which the draft was served", regs
   * 13(1), 22(2)(c)): 15 days beginning with 1 Mar ends on 15 Mar.
   */
  | { unit: 'days'; count: number; beginningWith?: boolean }
  /** Calendar weeks: start + 7 × count; weekends and holidays are not skipped. */
  | { unit: 'weeks'; count: number }
  /** The count-th working day after start, using the authority's calendar (closures included). */
  | { unit: 'working-days'; count: number }
  /**
   * Calendar months, ICO method: the same day of the month `count` months later, or
   * that month's last day if it is too short (31 Jan + 1 month = 28/29 Feb). With
   * `nextWorkingDayIfClosed` (subject access requests), a due date on a weekend or
   * bank holiday moves to the next working day.
   *
   * With `startingWith` (CFA 2014 s44(1): "the period of 12 months starting with the date
   * on which the plan was first made"; reg 15(5) "beginning with"), the start day is
   * inside the period, so it ends the day BEFORE the corresponding date (10 June 2024 →
   * 9 June 2025), or on the last day of the month when that month has no corresponding
   * date (31 Jan + 1 month → 28/29 Feb; 29 Feb 2024 + 12 months → 28 Feb 2025).
   */
  | { unit: 'months'; count: number; nextWorkingDayIfClosed?: boolean; startingWith?: boolean }
  /**
   * "At least N weeks before" an event (regs 20(3)-(4), 21(3)-(4): notice of a review
   * meeting and its advice, "at least two weeks" before it): the last day that still
   * gives N whole weeks is the event's date − 7N. The clock date is the event's date.
   */
  | { unit: 'weeks-before'; count: number }
  /** "Immediately" (some tribunal orders): the same day. */
  | { unit: 'immediately' }
  /**
   * A fixed date, e.g. phase transfer "before 15 February in the calendar year of
   * transfer": due = the day before month/day, in the year OF the clock date. The rules
   * engine must choose the clock so that its year is the right year (e.g. 1 Jan of the
   * transfer year): clock 2026-01-01 gives 2026-02-14, but clock 2025-10-01 gives
   * 2025-02-14, which is earlier than the clock itself.
   */
  | { unit: 'before-date'; month: number; day: number; yearFrom: 'clock' };

/**
 * The ICO month method rolls forward over weekends and E&W bank holidays only. The
 * authority's own closure days do not extend a statutory month, so this uses a
 * calendar without closures rather than the one passed in (the earlier, safe date).
 */
const statutoryCalendar = createWorkingCalendar();

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

function checkCount(count: number, min = 0): void {
  if (!Number.isSafeInteger(count) || count < min) {
    throw new RangeError(`Period count must be an integer >= ${min}: ${count}`);
  }
}

/** The due date of `period` started on `start`. Throws RangeError on a malformed period. */
export function computeDueDate(start: IsoDate, period: Period, calendar: WorkingCalendar): IsoDate {
  switch (period.unit) {
    case 'days':
      checkCount(period.count, period.beginningWith ? 1 : 0);
      return addDays(start, period.beginningWith ? period.count - 1 : period.count);
    case 'weeks':
      checkCount(period.count);
      return addWeeks(start, period.count);
    case 'working-days':
      checkCount(period.count);
      return calendar.addWorkingDays(start, period.count);
    case 'months': {
      checkCount(period.count);
      const due = period.startingWith ? monthsStartingWith(start, period.count) : addMonths(start, period.count);
      return period.nextWorkingDayIfClosed ? statutoryCalendar.nextWorkingDay(due) : due;
    }
    case 'weeks-before':
      checkCount(period.count);
      return addWeeks(start, -period.count);
    case 'immediately':
      toDayNumber(start); // validate, like every other unit
      return start;
    case 'before-date': {
      toDayNumber(start); // validate
      const year = Number(start.slice(0, 4));
      const { month, day } = period;
      if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
        throw new RangeError(`No such date in ${year}: month ${month}, day ${day}`);
      }
      return addDays(formatParts(year, month, day), -1);
    }
    default: {
      const unknown: never = period;
      throw new RangeError(`Unknown period unit: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The last day of a period of `count` months starting with (including) `start`: the day
 * before the corresponding date `count` months on, or that month's last day when it has
 * no corresponding date (the start day is 29, 30 or 31 and the month is shorter).
 */
export function monthsStartingWith(start: IsoDate, count: number): IsoDate {
  // addMonths gives the corresponding date, or the month's last day when there is none
  // (it clamps): a different day of the month means it clamped, and that last day ends it.
  const corresponding = addMonths(start, count);
  return corresponding.slice(8) !== start.slice(8) ? corresponding : addDays(corresponding, -1);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Human wording for reports: '6 weeks', '30 working days', '1 calendar month', … */
export function describePeriod(period: Period): string {
  switch (period.unit) {
    case 'days':
      return period.beginningWith
        ? `${plural(period.count, 'day')} (beginning with the day of service)`
        : plural(period.count, 'day');
    case 'weeks':
      return plural(period.count, 'week');
    case 'working-days':
      return plural(period.count, 'working day');
    case 'months':
      return plural(period.count, 'calendar month') +
        (period.startingWith ? ' starting with the first day' : '') +
        (period.nextWorkingDayIfClosed ? ' (or the next working day if that is a weekend or bank holiday)' : '');
    case 'weeks-before':
      return `at least ${plural(period.count, 'week')} before`;
    case 'immediately':
      return 'immediately';
    case 'before-date':
      return `before ${period.day} ${MONTH_NAMES[period.month - 1] ?? `month ${period.month}`}`;
    default: {
      const unknown: never = period;
      throw new RangeError(`Unknown period unit: ${JSON.stringify(unknown)}`);
    }
  }
}
