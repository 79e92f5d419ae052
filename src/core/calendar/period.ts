/**
 * Deadline arithmetic for the rules engine: a start (clock) date plus a statutory
 * period gives a due date. The units follow spec §0 ("How the time units work").
 */

import { addDays, addMonths, daysInMonth, formatParts, partsFromDayNumber, toDayNumber, type IsoDate } from './isoDate.js';
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
   */
  | { unit: 'months'; count: number; nextWorkingDayIfClosed?: boolean }
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
      return addDays(start, 7 * period.count);
    case 'working-days':
      checkCount(period.count);
      return calendar.addWorkingDays(start, period.count);
    case 'months': {
      checkCount(period.count);
      const due = addMonths(start, period.count);
      return period.nextWorkingDayIfClosed ? statutoryCalendar.nextWorkingDay(due) : due;
    }
    case 'immediately':
      toDayNumber(start); // validate, like every other unit
      return start;
    case 'before-date': {
      const { year } = partsFromDayNumber(toDayNumber(start));
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
        (period.nextWorkingDayIfClosed ? ' (or the next working day if that is a weekend or bank holiday)' : '');
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
