/**
 * Working days: Monday to Friday, except E&W bank holidays and the authority's own
 * closure days (regs 15 and 16, mediation).
 *
 * Speed matters: an audit of 150,000 records calls this hundreds of thousands of times.
 * Each calendar year is built once into a per-day flag array plus a running count, so
 * `isWorkingDay` is an array read and `workingDaysBetween` is a subtraction per year
 * touched. Only the arguments are parsed; the loops work on integer day numbers.
 */

import { englandAndWalesBankHolidays } from './bankHolidays.js';
import {
  dayNumberFromParts,
  dayOfWeekOfDayNumber,
  fromDayNumber,
  isIsoDate,
  partsFromDayNumber,
  toDayNumber,
  type IsoDate,
} from './isoDate.js';

export interface WorkingCalendar {
  /** Mon–Fri and neither a bank holiday nor a closure day. */
  isWorkingDay(d: IsoDate): boolean;
  /**
   * The n-th working day after d (d itself is not counted); n = 0 returns d unchanged;
   * a negative n counts back to the n-th working day before d.
   */
  addWorkingDays(d: IsoDate, n: number): IsoDate;
  /** Working days in (a, b]; negative (minus the count in (b, a]) when b < a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** d if it is a working day, otherwise the first working day after d. */
  nextWorkingDay(d: IsoDate): IsoDate;
}

export interface WorkingCalendarOptions {
  /** Extra days the authority is closed (e.g. a Christmas shutdown), as IsoDates. */
  closures?: IsoDate[];
}

interface YearTable {
  first: number; // day number of 1 Jan
  /** working[i] = 1 if day first + i is a working day. */
  working: Uint8Array;
  /** before[i] = working days in [first, first + i); before[length] = year total. */
  before: Int32Array;
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const closures = new Set<number>();
  for (const c of options.closures ?? []) {
    if (!isIsoDate(c)) throw new RangeError(`Closure day is not a valid date (YYYY-MM-DD): ${JSON.stringify(c)}`);
    closures.add(toDayNumber(c));
  }

  const years = new Map<number, YearTable>();
  let last: YearTable | undefined; // most recent lookup: consecutive days are usually in the same year

  function buildYear(year: number): YearTable {
    const first = dayNumberFromParts(year, 1, 1);
    const length = dayNumberFromParts(year + 1, 1, 1) - first;
    const closed = new Set(englandAndWalesBankHolidays(year).map(toDayNumber));
    const working = new Uint8Array(length);
    const before = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      const n = first + i;
      const dow = dayOfWeekOfDayNumber(n);
      working[i] = dow !== 0 && dow !== 6 && !closed.has(n) && !closures.has(n) ? 1 : 0;
      before[i + 1] = before[i] + working[i];
    }
    return { first, working, before };
  }

  function tableFor(n: number): YearTable {
    if (last && n >= last.first && n < last.first + last.working.length) return last;
    const year = partsFromDayNumber(n).year;
    let t = years.get(year);
    if (!t) {
      t = buildYear(year);
      years.set(year, t);
    }
    last = t;
    return t;
  }

  function isWorkingDayNumber(n: number): boolean {
    const t = tableFor(n);
    return t.working[n - t.first] === 1;
  }

  /** Working days in [first day of n's year, n]. */
  function countToEndOfDay(n: number): number {
    const t = tableFor(n);
    return t.before[n - t.first + 1];
  }

  /** Working days in (a, b] for a <= b. */
  function countBetween(a: number, b: number): number {
    const ta = tableFor(a);
    const tb = tableFor(b);
    if (ta === tb) return tb.before[b - tb.first + 1] - ta.before[a - ta.first + 1];
    // Rest of a's year, whole years in between, then the start of b's year.
    let total = ta.before[ta.working.length] - ta.before[a - ta.first + 1];
    for (let n = ta.first + ta.working.length; n < tb.first; ) {
      const t = tableFor(n);
      total += t.before[t.working.length];
      n = t.first + t.working.length;
    }
    return total + countToEndOfDay(b);
  }

  return {
    isWorkingDay(d) {
      return isWorkingDayNumber(toDayNumber(d));
    },

    addWorkingDays(d, n) {
      if (!Number.isSafeInteger(n)) throw new RangeError(`Working-day count must be an integer: ${n}`);
      let day = toDayNumber(d);
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; ) {
        day += step;
        if (isWorkingDayNumber(day)) left--;
      }
      return n === 0 ? d : fromDayNumber(day);
    },

    workingDaysBetween(a, b) {
      const x = toDayNumber(a);
      const y = toDayNumber(b);
      if (x <= y) return countBetween(x, y);
      const back = countBetween(y, x);
      return back === 0 ? 0 : -back; // never -0, which Object.is and JSON treat differently

    },

    nextWorkingDay(d) {
      let day = toDayNumber(d);
      if (isWorkingDayNumber(day)) return d;
      do day++;
      while (!isWorkingDayNumber(day));
      return fromDayNumber(day);
    },
  };
}
