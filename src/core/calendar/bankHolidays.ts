/**
 * England and Wales bank holidays, computed from the rules rather than downloaded.
 *
 * Why computed: the tool must work offline (no call to gov.uk/bank-holidays.json at
 * audit time), give the same answer for any past or future year, and not pull in a
 * 13 MB holiday-data dependency for eight dates a year. The rules are stable:
 *
 * - Banking and Financial Dealings Act 1971, Sch 1 para 1 (England and Wales): Easter
 *   Monday, the last Monday in May, the last Monday in August, 26 December (if not a
 *   Sunday) and 27 December when 25 or 26 December is a Sunday.
 * - Christmas Day and Good Friday are common-law holidays, treated as bank holidays.
 * - New Year's Day (since 1974) and the first Monday in May (since 1978) are added
 *   each year by royal proclamation under s1(3) of the Act, as are the weekday
 *   substitutes when 1 Jan, 25 Dec or 26 Dec falls on a Saturday.
 *
 * One-off changes (jubilees, royal weddings, coronations, a state funeral, moved
 * holidays) are also made by proclamation; they live in PROCLAMATIONS below.
 *
 * To add a new proclamation: add an entry for its year to PROCLAMATIONS — `moved` for
 * a regular holiday that is moved (from the computed date, to the new date) and/or
 * `added` for an extra day — with a `reason`, then add the year's expected list to
 * test/unit/calendar.test.ts. The test checks that every `moved.from` is a date the
 * rules actually produce, so a typo cannot silently leave both dates in place.
 *
 * Years before 1978 are computed with the modern rules and are not historically exact.
 */

import { dayNumberFromParts, dayOfWeekOfDayNumber, fromDayNumber, type IsoDate } from './isoDate.js';

export interface Proclamation {
  /** Regular holidays moved to another date: [computed date, new date]. */
  moved?: ReadonlyArray<readonly [from: IsoDate, to: IsoDate]>;
  /** Extra one-off bank holidays. */
  added?: readonly IsoDate[];
  reason: string;
}

/** One-off changes by royal proclamation, keyed by year. */
export const PROCLAMATIONS: Readonly<Record<number, Proclamation>> = {
  1995: { moved: [['1995-05-01', '1995-05-08']], reason: 'Early May holiday moved for the 50th anniversary of VE Day' },
  1999: { added: ['1999-12-31'], reason: 'Millennium' },
  2002: {
    moved: [['2002-05-27', '2002-06-04']],
    added: ['2002-06-03'],
    reason: 'Golden Jubilee: spring holiday moved to Tue 4 Jun, extra day Mon 3 Jun',
  },
  2011: { added: ['2011-04-29'], reason: 'Wedding of Prince William and Catherine Middleton' },
  2012: {
    moved: [['2012-05-28', '2012-06-04']],
    added: ['2012-06-05'],
    reason: 'Diamond Jubilee: spring holiday moved to Mon 4 Jun, extra day Tue 5 Jun',
  },
  2020: { moved: [['2020-05-04', '2020-05-08']], reason: 'Early May holiday moved to Fri 8 May for the 75th anniversary of VE Day' },
  2022: {
    moved: [['2022-05-30', '2022-06-02']],
    added: ['2022-06-03', '2022-09-19'],
    reason: 'Platinum Jubilee (spring holiday moved to Thu 2 Jun, extra day Fri 3 Jun); state funeral of Queen Elizabeth II (Mon 19 Sep)',
  },
  2023: { added: ['2023-05-08'], reason: 'Coronation of King Charles III' },
};

/**
 * Easter Sunday as a day number: the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher), valid for every Gregorian year.
 */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumberFromParts(year, month, day);
}

const MONDAY = 1;

function isWeekend(n: number): boolean {
  const dow = dayOfWeekOfDayNumber(n);
  return dow === 0 || dow === 6;
}

/** First Monday on or after day n. */
function mondayOnOrAfter(n: number): number {
  return n + ((MONDAY - dayOfWeekOfDayNumber(n) + 7) % 7);
}

/** Last Monday on or before day n. */
function mondayOnOrBefore(n: number): number {
  return n - ((dayOfWeekOfDayNumber(n) - MONDAY + 7) % 7);
}

/** The rule-based holidays for a year (before any proclamation), as day numbers. */
function ruleHolidays(year: number): number[] {
  const easter = easterSunday(year);
  const days = [
    easter - 2, // Good Friday
    easter + 1, // Easter Monday
    mondayOnOrAfter(dayNumberFromParts(year, 5, 1)), // early May: first Monday in May
    mondayOnOrBefore(dayNumberFromParts(year, 5, 31)), // spring: last Monday in May
    mondayOnOrBefore(dayNumberFromParts(year, 8, 31)), // summer: last Monday in August
  ];
  // 1 Jan, 25 Dec and 26 Dec move to the next weekday that is not already a holiday.
  // This one rule gives every substitute case: 25 Sat/26 Sun -> Mon 27 + Tue 28;
  // 25 Sun -> 26 Mon + 27 Tue; 26 Sat -> Mon 28; 1 Jan Sat -> Mon 3, Sun -> Mon 2.
  for (const fixed of [dayNumberFromParts(year, 1, 1), dayNumberFromParts(year, 12, 25), dayNumberFromParts(year, 12, 26)]) {
    let n = fixed;
    while (isWeekend(n) || days.includes(n)) n++;
    days.push(n);
  }
  return days;
}

const memo = new Map<number, readonly IsoDate[]>();

/** E&W bank holidays of `year`, sorted ascending (8 in a normal year). */
export function englandAndWalesBankHolidays(year: number): IsoDate[] {
  let list = memo.get(year);
  if (!list) {
    if (!Number.isSafeInteger(year) || year < 1 || year > 9999) {
      throw new RangeError(`Year out of range: ${year}`);
    }
    const dates = new Set(ruleHolidays(year).map(fromDayNumber));
    const p = PROCLAMATIONS[year];
    for (const [from, to] of p?.moved ?? []) {
      dates.delete(from);
      dates.add(to);
    }
    for (const d of p?.added ?? []) dates.add(d);
    list = Object.freeze([...dates].sort());
    memo.set(year, list);
  }
  return list.slice(); // a copy, so a caller cannot corrupt the memo
}

/** The rule-based dates only (no proclamations); exported for the table's consistency test. */
export function ruleBasedBankHolidays(year: number): IsoDate[] {
  return ruleHolidays(year).map(fromDayNumber).sort();
}
