import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addWeeks,
  compareIsoDate,
  computeDueDate,
  createWorkingCalendar,
  dayOfWeek,
  describePeriod,
  diffDays,
  englandAndWalesBankHolidays,
  fromDayNumber,
  isIsoDate,
  maxIsoDate,
  minIsoDate,
  monthsStartingWith,
  PROCLAMATIONS,
  ruleBasedBankHolidays,
  toDayNumber,
  type IsoDate,
  type Period,
} from '../../src/core/calendar/index.js';
import { formatLongDate } from '../../src/core/calendar/longDate.js';

const MS_PER_DAY = 86_400_000;
/** Reference day number via Date.UTC (UTC only, so no time zone can affect it). */
const utcDayNumber = (d: string): number =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / MS_PER_DAY;

const calendar = createWorkingCalendar();

describe('isoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2024-02-28', true],
    ['2000-02-29', true], // divisible by 400: leap
    ['1970-01-01', true],
    ['2024-12-31', true],
    ['2024-02-30', false],
    ['2023-02-29', false],
    ['1900-02-29', false], // divisible by 100 but not 400: not leap
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-2-3', false],
    ['2024-02-03T00:00', false],
    ['2024/02/03', false],
    [' 2024-02-03', false],
    ['', false],
    [20240203, false],
    [null, false],
    [undefined, false],
    [new Date(Date.UTC(2024, 1, 3)), false],
  ])('isIsoDate(%j) is %s', (input, expected) => {
    expect(isIsoDate(input)).toBe(expected);
  });

  it('toDayNumber and fromDayNumber are inverses and agree with Date.UTC', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2024-02-13')).toBe(19766);
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1800-01-01'), max: toDayNumber('2300-12-31') }), (n) => {
        const d = fromDayNumber(n);
        expect(isIsoDate(d)).toBe(true);
        expect(toDayNumber(d)).toBe(n);
        expect(utcDayNumber(d)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws RangeError on invalid input instead of returning a wrong date', () => {
    expect(() => toDayNumber('2024-02-30')).toThrow(RangeError);
    expect(() => addDays('13/02/2024', 1)).toThrow(RangeError);
    expect(() => addMonths('2024-01-31', 1.5)).toThrow(RangeError);
  });

  it.each([
    ['2024-01-02', 6, '2024-02-13'],
    ['2024-01-02', 16, '2024-04-23'],
    ['2024-01-02', 20, '2024-05-21'],
    ['2024-12-31', 1, '2025-01-07'],
    ['2024-02-13', -6, '2024-01-02'],
  ])('addWeeks(%s, %i) = %s', (start, n, expected) => {
    expect(addWeeks(start, n)).toBe(expected);
  });

  it('worked example: the 20-week plan from Tue 2 Jan 2024 is day 140', () => {
    expect(diffDays('2024-01-02', '2024-05-21')).toBe(140);
    expect(formatLongDate('2024-05-21')).toBe('Tue 21 May 2024');
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'], // ICO SAR example: leap year
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-12-31', 1, '2025-01-31'],
    ['2024-01-15', 2, '2024-03-15'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-01-31', 0, '2024-01-31'],
  ])('addMonths(%s, %i) = %s', (start, n, expected) => {
    expect(addMonths(start, n)).toBe(expected);
  });

  it.each([
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('addDays(%s, %i) = %s', (start, n, expected) => {
    expect(addDays(start, n)).toBe(expected);
  });

  it('dayOfWeek, diffDays, compare, min, max, formatLongDate', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2024-01-02')).toBe(2); // Tuesday
    expect(dayOfWeek('2027-12-25')).toBe(6); // Saturday
    expect(dayOfWeek('2027-12-26')).toBe(0); // Sunday
    expect(dayOfWeek('1969-12-28')).toBe(0); // negative day numbers
    expect(diffDays('2024-01-02', '2024-02-13')).toBe(42);
    expect(diffDays('2024-02-13', '2024-01-02')).toBe(-42);
    expect(compareIsoDate('2024-01-02', '2024-01-10')).toBe(-1);
    expect(compareIsoDate('2024-01-10', '2024-01-02')).toBe(1);
    expect(compareIsoDate('2024-01-10', '2024-01-10')).toBe(0);
    expect(['2025-01-01', '2024-12-31', '2024-02-01'].sort(compareIsoDate)).toEqual(['2024-02-01', '2024-12-31', '2025-01-01']);
    expect(maxIsoDate('2024-03-01', '2025-01-01', '2024-12-31')).toBe('2025-01-01');
    expect(minIsoDate('2024-03-01', '2025-01-01', '2024-02-29')).toBe('2024-02-29');
    expect(maxIsoDate('2024-03-01')).toBe('2024-03-01');
    expect(formatLongDate('2024-02-13')).toBe('Tue 13 Feb 2024');
    expect(formatLongDate('2027-12-01')).toBe('Wed 1 Dec 2027');
  });

  it('dayOfWeek agrees with Date.UTC for every day 2020–2030', () => {
    for (let n = toDayNumber('2020-01-01'); n <= toDayNumber('2030-12-31'); n++) {
      expect(dayOfWeek(fromDayNumber(n))).toBe(new Date(n * MS_PER_DAY).getUTCDay());
    }
  });

  it('has no time zone effect: UK DST change dates add up by pure arithmetic', () => {
    // Clocks went forward on 31 Mar 2024 and back on 27 Oct 2024. A Date-with-local-time
    // implementation run in Europe/London would gain or lose an hour here and can land on
    // the wrong day; these checks hold whatever TZ the test process has.
    const cases: Array<[IsoDate, number, IsoDate]> = [
      ['2024-03-30', 1, '2024-03-31'],
      ['2024-03-31', 1, '2024-04-01'],
      ['2024-03-30', 2, '2024-04-01'],
      ['2024-10-26', 1, '2024-10-27'],
      ['2024-10-27', 1, '2024-10-28'],
      ['2024-10-26', 2, '2024-10-28'],
      ['2024-04-01', -2, '2024-03-30'],
      ['2024-10-28', -2, '2024-10-26'],
    ];
    for (const [start, n, expected] of cases) {
      expect(addDays(start, n)).toBe(expected);
      expect(toDayNumber(expected) - toDayNumber(start)).toBe(n);
      expect(utcDayNumber(expected) - utcDayNumber(start)).toBe(n);
    }
    expect(diffDays('2024-03-01', '2024-11-01')).toBe(245);
    expect(addWeeks('2024-03-25', 1)).toBe('2024-04-01');
    expect(addWeeks('2024-10-21', 1)).toBe('2024-10-28');
    expect(formatLongDate('2024-03-31')).toBe('Sun 31 Mar 2024');
    expect(formatLongDate('2024-10-27')).toBe('Sun 27 Oct 2024');
  });
});

describe('englandAndWalesBankHolidays', () => {
  // Spec §5 table (2024–2027) and gov.uk's published lists for the proclamation years.
  const expected: Record<number, IsoDate[]> = {
    2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
    2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
    2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
    2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
    // Platinum Jubilee (spring holiday moved to Thu 2 Jun + Fri 3 Jun), state funeral Mon 19 Sep;
    // 1 Jan was a Saturday (-> Mon 3 Jan), 25 Dec a Sunday (-> 26 Mon, 27 Tue).
    2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
    // Coronation Mon 8 May; 1 Jan was a Sunday (-> Mon 2 Jan).
    2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
    // VE Day: early May moved to Fri 8 May; 26 Dec was a Saturday (-> Mon 28 Dec).
    2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
    // Diamond Jubilee: spring moved to Mon 4 Jun + Tue 5 Jun; 1 Jan was a Sunday.
    2012: ['2012-01-02', '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27', '2012-12-25', '2012-12-26'],
    // Royal wedding Fri 29 Apr; 1 Jan Saturday (-> Mon 3), 25 Dec Sunday (-> 26, 27).
    2011: ['2011-01-03', '2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29', '2011-12-26', '2011-12-27'],
    // Golden Jubilee: spring moved to Tue 4 Jun + Mon 3 Jun.
    2002: ['2002-01-01', '2002-03-29', '2002-04-01', '2002-05-06', '2002-06-03', '2002-06-04', '2002-08-26', '2002-12-25', '2002-12-26'],
  };

  it.each(Object.entries(expected))('%s matches the published list', (year, dates) => {
    expect(englandAndWalesBankHolidays(Number(year))).toEqual(dates);
  });

  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'], // latest possible Easter
    [2285, '2285-03-22'], // earliest possible Easter
  ])('Easter %i is Sunday %s (Good Friday two days before)', (year, easter) => {
    const holidays = englandAndWalesBankHolidays(year);
    expect(holidays).toContain(addDays(easter, -2));
    expect(holidays).toContain(addDays(easter, 1));
  });

  it('gives 8 sorted weekday holidays in every year without a proclamation', () => {
    for (let year = 1978; year <= 2100; year++) {
      const list = englandAndWalesBankHolidays(year);
      expect([...list].sort()).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
      for (const d of list) {
        expect(d.startsWith(`${year}-`)).toBe(true);
        expect([0, 6]).not.toContain(dayOfWeek(d));
      }
      if (!(year in PROCLAMATIONS)) expect(list).toHaveLength(8);
    }
  });

  it('Christmas substitutes cover every weekday pattern', () => {
    const dec = (year: number) => englandAndWalesBankHolidays(year).filter((d) => d.slice(5, 7) === '12');
    expect(dec(2021)).toEqual(['2021-12-27', '2021-12-28']); // 25 Sat, 26 Sun
    expect(dec(2022)).toEqual(['2022-12-26', '2022-12-27']); // 25 Sun
    expect(dec(2026)).toEqual(['2026-12-25', '2026-12-28']); // 26 Sat
    expect(dec(2024)).toEqual(['2024-12-25', '2024-12-26']); // midweek
    expect(englandAndWalesBankHolidays(2028)[0]).toBe('2028-01-03'); // 1 Jan Saturday
    expect(englandAndWalesBankHolidays(2023)[0]).toBe('2023-01-02'); // 1 Jan Sunday
  });

  it('every proclamation moves a date the rules produce, to a date they do not', () => {
    for (const [year, p] of Object.entries(PROCLAMATIONS)) {
      const rules = ruleBasedBankHolidays(Number(year));
      for (const [from, to] of p.moved ?? []) {
        expect(rules).toContain(from);
        expect(rules).not.toContain(to);
      }
      for (const d of p.added ?? []) expect(rules).not.toContain(d);
    }
  });

  it('is memoised without letting a caller corrupt the memo', () => {
    const a = englandAndWalesBankHolidays(2025);
    a.push('2025-07-04');
    a.sort().reverse();
    expect(englandAndWalesBankHolidays(2025)).toEqual(expected[2025]);
  });

  it('rejects a non-integer year', () => {
    expect(() => englandAndWalesBankHolidays(2024.5)).toThrow(RangeError);
  });
});

describe('working calendar', () => {
  it.each([
    // [start, n, expected, why]
    ['2024-03-28', 1, '2024-04-02', 'Thu before Easter 2024 -> over Good Friday, weekend, Easter Monday'],
    ['2024-03-27', 2, '2024-04-02', 'Easter 2024, two days'],
    ['2026-12-24', 1, '2026-12-29', 'Christmas 2026 (Fri 25, Mon 28 substitute)'],
    ['2027-12-24', 1, '2027-12-29', 'Christmas 2027 (Mon 27 and Tue 28 substitutes)'],
    ['2027-12-31', 1, '2028-01-04', 'New Year 2028 (1 Jan Sat -> Mon 3 Jan)'],
    ['2025-12-31', 1, '2026-01-02', 'New Year 2026 (Thu 1 Jan)'],
    ['2024-12-24', 3, '2024-12-31', 'Christmas 2024 (Wed 25, Thu 26 holidays)'],
    ['2024-05-03', 1, '2024-05-07', 'early May 2024'],
    ['2024-01-05', 1, '2024-01-08', 'plain weekend'],
    ['2024-01-06', 0, '2024-01-06', 'n = 0 returns the start, even on a Saturday'],
    ['2024-01-06', 1, '2024-01-08', 'Saturday start: first working day after'],
    ['2024-01-01', 15, '2024-01-22', 'reg 15: 15 working days from New Year 2024'],
    ['2024-04-02', -1, '2024-03-28', 'negative: back over Easter'],
  ])('addWorkingDays(%s, %i) = %s (%s)', (start, n, expected) => {
    expect(calendar.addWorkingDays(start, n)).toBe(expected);
  });

  it.each([
    ['2024-01-02', true],
    ['2024-01-01', false], // New Year's Day
    ['2024-01-06', false], // Saturday
    ['2024-01-07', false], // Sunday
    ['2024-03-29', false], // Good Friday
    ['2027-12-27', false], // substitute day
    ['2022-09-19', false], // state funeral (proclamation)
    ['2023-05-08', false], // coronation (proclamation)
    ['2022-05-30', true], // the spring holiday that was moved away in 2022
  ])('isWorkingDay(%s) is %s', (d, expected) => {
    expect(calendar.isWorkingDay(d)).toBe(expected);
  });

  it('nextWorkingDay returns a working day unchanged, otherwise the next one', () => {
    expect(calendar.nextWorkingDay('2024-01-02')).toBe('2024-01-02');
    expect(calendar.nextWorkingDay('2024-03-29')).toBe('2024-04-02');
    expect(calendar.nextWorkingDay('2027-12-25')).toBe('2027-12-29');
  });

  it('skips the authority closure days given in options, and only in that calendar', () => {
    const shutdown = createWorkingCalendar({ closures: ['2026-12-29', '2026-12-30', '2026-12-31'] });
    expect(shutdown.isWorkingDay('2026-12-30')).toBe(false);
    expect(calendar.isWorkingDay('2026-12-30')).toBe(true);
    expect(shutdown.addWorkingDays('2026-12-24', 1)).toBe('2027-01-04');
    expect(shutdown.workingDaysBetween('2026-12-24', '2027-01-04')).toBe(1);
    expect(calendar.workingDaysBetween('2026-12-24', '2027-01-04')).toBe(4);
    expect(shutdown.nextWorkingDay('2026-12-29')).toBe('2027-01-04');
    expect(() => createWorkingCalendar({ closures: ['2026-12-32'] })).toThrow(RangeError);
  });

  it('workingDaysBetween counts (a, b] and is negative when b < a', () => {
    expect(calendar.workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1);
    expect(calendar.workingDaysBetween('2024-04-02', '2024-03-28')).toBe(-1);
    expect(calendar.workingDaysBetween('2024-01-02', '2024-01-02')).toBe(0);
    expect(calendar.workingDaysBetween('2024-01-05', '2024-01-07')).toBe(0); // Fri -> Sun
    expect(calendar.workingDaysBetween('2024-01-01', '2024-12-31')).toBe(254); // 2024: 262 weekdays - 8
    // 2024: 262 weekdays; 2025, 2026, 2027: 261 each; all 32 bank holidays fall on weekdays.
    expect(calendar.workingDaysBetween('2023-12-31', '2027-12-31')).toBe(254 + 253 + 253 + 253);
  });

  it('workingDaysBetween matches a brute-force count across years', () => {
    const lo = toDayNumber('2021-06-01');
    const hi = toDayNumber('2028-06-30');
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }), (x, y) => {
        const [a, b] = [fromDayNumber(Math.min(x, y)), fromDayNumber(Math.max(x, y))];
        let count = 0;
        for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) count++;
        expect(calendar.workingDaysBetween(a, b)).toBe(count);
        expect(calendar.workingDaysBetween(b, a)).toBe(0 - count); // +0, never -0
      }),
      { numRuns: 300 },
    );
  });

  it('addWorkingDays and workingDaysBetween agree for every start day 2024–2027', () => {
    for (let day = toDayNumber('2024-01-01'); day <= toDayNumber('2027-12-31'); day++) {
      const a = fromDayNumber(day);
      const aCounts = calendar.isWorkingDay(a) ? 1 : 0;
      for (const n of [1, 2, 3, 5, 10, 15, 20, 30, 60]) {
        const b = calendar.addWorkingDays(a, n);
        expect(calendar.isWorkingDay(b)).toBe(true);
        expect(calendar.workingDaysBetween(a, b)).toBe(n);
        // The day before b is still short of n: b really is the n-th, not a later one.
        expect(calendar.workingDaysBetween(a, addDays(b, -1))).toBe(n - 1);
        // Counting back: (c, a] holds the n-1 working days strictly between plus a itself.
        const c = calendar.addWorkingDays(a, -n);
        expect(calendar.isWorkingDay(c)).toBe(true);
        expect(calendar.workingDaysBetween(a, c)).toBe(0 - (n - 1 + aCounts));
      }
    }
  });
});

describe('computeDueDate and describePeriod', () => {
  const due = (start: IsoDate, period: Period, cal = calendar) => computeDueDate(start, period, cal);

  it('weeks: worked example from Tue 2 Jan 2024', () => {
    expect(due('2024-01-02', { unit: 'weeks', count: 6 })).toBe('2024-02-13');
    expect(due('2024-01-02', { unit: 'weeks', count: 16 })).toBe('2024-04-23');
    expect(due('2024-01-02', { unit: 'weeks', count: 20 })).toBe('2024-05-21');
    // Calendar weeks never skip holidays: 1 week from Christmas Eve 2026 is New Year's Eve.
    expect(due('2026-12-24', { unit: 'weeks', count: 1 })).toBe('2026-12-31');
  });

  it('days: "beginning with" makes the start day day 1', () => {
    expect(due('2024-03-01', { unit: 'days', count: 15, beginningWith: true })).toBe('2024-03-15');
    expect(due('2024-03-01', { unit: 'days', count: 15 })).toBe('2024-03-16');
    expect(due('2024-03-01', { unit: 'days', count: 15, beginningWith: false })).toBe('2024-03-16');
    expect(due('2024-02-20', { unit: 'days', count: 15, beginningWith: true })).toBe('2024-03-05'); // leap Feb
    expect(due('2024-03-01', { unit: 'days', count: 1, beginningWith: true })).toBe('2024-03-01');
  });

  it.each([
    ['2024-01-31', 1, false, '2024-02-29', 'ICO SAR example (Thu, a working day)'],
    ['2023-01-31', 1, false, '2023-02-28', 'short February'],
    ['2024-12-31', 1, false, '2025-01-31', 'across the year end'],
    ['2024-04-04', 1, false, '2024-05-04', 'lands on a Saturday: kept without the flag'],
    ['2024-04-04', 1, true, '2024-05-07', 'Sat 4 May -> over Sun and early May Monday -> Tue 7 May'],
    ['2024-07-26', 1, true, '2024-08-27', 'Mon 26 Aug 2024 bank holiday -> Tue 27 Aug'],
    ['2026-11-25', 1, true, '2026-12-29', 'Fri 25 Dec 2026 -> over Mon 28 substitute -> Tue 29 Dec'],
    ['2024-01-31', 1, true, '2024-02-29', 'already a working day: unchanged'],
    ['2024-01-15', 2, false, '2024-03-15', 'two months'],
  ])('months: %s + %i (next working day: %s) = %s (%s)', (start, count, flag, expected) => {
    expect(due(start, { unit: 'months', count, nextWorkingDayIfClosed: flag })).toBe(expected);
  });

  // "The period of N months starting with" a day (CFA 2014 s44(1); reg 15(5) "beginning
  // with"): the day is inside the period, so it ends the day before the corresponding date,
  // or on the month's last day when there is no corresponding date.
  it.each([
    ['2024-06-10', 12, '2025-06-09', 'plan made 10 June 2024 (the statute\'s own example)'],
    ['2024-10-02', 12, '2025-10-01', 'review held 2 October 2024'],
    ['2024-03-01', 12, '2025-02-28', 'the 1st: the last day of the month before'],
    ['2024-01-29', 12, '2025-01-28', 'the 29th, a month that has one'],
    ['2024-01-30', 12, '2025-01-29', 'the 30th'],
    ['2024-01-31', 12, '2025-01-30', 'the 31st'],
    ['2024-02-29', 12, '2025-02-28', '29 February: no 29 Feb 2025, so the month\'s last day'],
    ['2023-02-28', 12, '2024-02-27', '28 February into a leap year: 28 Feb 2024 exists'],
    ['2024-01-29', 1, '2024-02-28', '29 Jan 2024 + 1 month: 29 Feb 2024 exists, the day before it'],
    ['2025-01-29', 1, '2025-02-28', '29 Jan 2025 + 1 month: no 29 Feb, so 28 Feb'],
    ['2025-01-30', 1, '2025-02-28', '30 Jan + 1 month: no 30 Feb'],
    ['2025-01-31', 1, '2025-02-28', '31 Jan + 1 month: no 31 Feb'],
    ['2024-01-31', 1, '2024-02-29', '31 Jan 2024 + 1 month: leap February\'s last day'],
    ['2025-03-31', 1, '2025-04-30', '31 Mar + 1 month: no 31 Apr'],
    ['2025-08-31', 3, '2025-11-30', '31 Aug + 3 months: no 31 Nov'],
    ['2023-11-29', 3, '2024-02-28', '29 Nov 2023 + 3 months: 29 Feb 2024 exists'],
    ['2023-11-30', 3, '2024-02-29', '30 Nov 2023 + 3 months: no 30 Feb'],
    ['2024-11-30', 3, '2025-02-28', '30 Nov 2024 + 3 months'],
    ['2024-12-31', 12, '2025-12-30', 'across the year end'],
  ])('months starting with %s + %i = %s (%s)', (start, count, expected) => {
    expect(due(start, { unit: 'months', count, startingWith: true })).toBe(expected);
    expect(monthsStartingWith(start, count)).toBe(expected);
  });

  it('weeks-before: "at least two weeks before" a meeting is the meeting date - 14 days', () => {
    expect(due('2025-03-20', { unit: 'weeks-before', count: 2 })).toBe('2025-03-06');
    expect(due('2025-01-08', { unit: 'weeks-before', count: 2 })).toBe('2024-12-25'); // nothing skipped
    expect(describePeriod({ unit: 'weeks-before', count: 2 })).toBe('at least 2 weeks before');
    expect(describePeriod({ unit: 'months', count: 12, startingWith: true })).toBe('12 calendar months starting with the first day');
  });

  it('months: authority closure days do not extend an ICO month (deliberately conservative)', () => {
    const closedTue = createWorkingCalendar({ closures: ['2024-08-27'] });
    expect(due('2024-07-26', { unit: 'months', count: 1, nextWorkingDayIfClosed: true }, closedTue)).toBe('2024-08-27');
  });

  it('working days use the calendar passed in, closures included', () => {
    expect(due('2024-03-28', { unit: 'working-days', count: 1 })).toBe('2024-04-02');
    expect(due('2024-01-01', { unit: 'working-days', count: 15 })).toBe('2024-01-22');
    const closed = createWorkingCalendar({ closures: ['2024-04-02'] });
    expect(due('2024-03-28', { unit: 'working-days', count: 1 }, closed)).toBe('2024-04-03');
  });

  it('immediately is the same day, even at a weekend', () => {
    expect(due('2024-01-06', { unit: 'immediately' })).toBe('2024-01-06');
  });

  it('before-date uses the year OF the clock date and gives the day before', () => {
    const feb15: Period = { unit: 'before-date', month: 2, day: 15, yearFrom: 'clock' };
    expect(due('2026-01-01', feb15)).toBe('2026-02-14');
    expect(due('2026-12-31', feb15)).toBe('2026-02-14');
    // Not the next 15 February: a clock in October 2025 gives 14 Feb 2025, before the clock.
    // The rules engine must pick a clock in the transfer year.
    expect(due('2025-10-01', feb15)).toBe('2025-02-14');
    expect(due('2024-01-01', { unit: 'before-date', month: 3, day: 1, yearFrom: 'clock' })).toBe('2024-02-29');
    expect(due('2025-01-01', { unit: 'before-date', month: 3, day: 31, yearFrom: 'clock' })).toBe('2025-03-30');
    expect(() => due('2025-01-01', { unit: 'before-date', month: 2, day: 29, yearFrom: 'clock' })).toThrow(RangeError);
    expect(() => due('2025-01-01', { unit: 'before-date', month: 13, day: 1, yearFrom: 'clock' })).toThrow(RangeError);
  });

  it('rejects malformed input with RangeError', () => {
    expect(() => due('2024-02-30', { unit: 'weeks', count: 6 })).toThrow(RangeError);
    expect(() => due('2024-02-30', { unit: 'immediately' })).toThrow(RangeError);
    expect(() => due('2024-01-02', { unit: 'weeks', count: -1 })).toThrow(RangeError);
    expect(() => due('2024-01-02', { unit: 'weeks', count: 1.5 })).toThrow(RangeError);
    expect(() => due('2024-01-02', { unit: 'days', count: 0, beginningWith: true })).toThrow(RangeError);
    expect(() => due('2024-01-02', { unit: 'fortnights', count: 1 } as unknown as Period)).toThrow(RangeError);
  });

  it.each<[Period, string]>([
    [{ unit: 'weeks', count: 6 }, '6 weeks'],
    [{ unit: 'weeks', count: 1 }, '1 week'],
    [{ unit: 'working-days', count: 30 }, '30 working days'],
    [{ unit: 'working-days', count: 1 }, '1 working day'],
    [{ unit: 'months', count: 1 }, '1 calendar month'],
    [{ unit: 'months', count: 2 }, '2 calendar months'],
    [{ unit: 'months', count: 1, nextWorkingDayIfClosed: true }, '1 calendar month (or the next working day if that is a weekend or bank holiday)'],
    [{ unit: 'days', count: 15, beginningWith: true }, '15 days (beginning with the day of service)'],
    [{ unit: 'days', count: 15 }, '15 days'],
    [{ unit: 'immediately' }, 'immediately'],
    [{ unit: 'before-date', month: 2, day: 15, yearFrom: 'clock' }, 'before 15 February'],
    [{ unit: 'before-date', month: 3, day: 31, yearFrom: 'clock' }, 'before 31 March'],
  ])('describePeriod(%j) = %s', (period, expected) => {
    expect(describePeriod(period)).toBe(expected);
  });
});
