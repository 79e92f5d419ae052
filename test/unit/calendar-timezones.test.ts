// The calendar under host time zones that trip local-time date code: date-fns works on
// Date objects, so every date in src/core/calendar is a UTCDate. Each zone gets a freshly
// imported calendar (TZ set before the import, so no memoised answer crosses zones).
//
//   Europe/London        the officers' own zone: BST starts and ends (23- and 25-hour days)
//   America/Los_Angeles  a negative offset: local midnight is the previous UTC day
//   Pacific/Kiritimati   UTC+14, and 31 December 1994 never happened there (the zone
//                        jumped from UTC-10 to UTC+14): no local time names that day
//   Pacific/Apia         30 December 2011 never happened in Samoa either

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Calendar = typeof import('../../src/core/calendar/index.js') & typeof import('../../src/core/calendar/longDate.js');
type DateInput = typeof import('../../src/core/dateInput.js');

// The zone is this process's: put it back for the test files that run after this one in the
// same worker (vitest.config.ts runs files without a process each).
const savedTz = process.env.TZ;
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const MS_PER_DAY = 86_400_000;
const FIRST = Date.UTC(1900, 0, 1) / MS_PER_DAY;
const LAST = Date.UTC(2199, 11, 31) / MS_PER_DAY;
/** Reference answers from Date's UTC methods, which no time zone touches. */
const isoOfDayNumber = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
const referenceAddMonths = (iso: string, months: number) => {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
};

describe.each([
  ['Europe/London', 0],
  ['America/Los_Angeles', 480],
  ['Pacific/Kiritimati', -840],
  ['Pacific/Apia', -780],
])('TZ=%s', (zone, januaryOffset) => {
  let cal: Calendar;
  let typed: DateInput;
  beforeAll(async () => {
    process.env.TZ = zone;
    vi.resetModules();
    cal = { ...(await import('../../src/core/calendar/index.js')), ...(await import('../../src/core/calendar/longDate.js')) };
    typed = await import('../../src/core/dateInput.js');
  });

  it('the zone is really in force (local-time code would go wrong here)', () => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(januaryOffset);
  });

  it('days that some zones skipped are ordinary calendar dates', () => {
    expect(cal.isIsoDate('1994-12-31')).toBe(true);
    expect(cal.addDays('1994-12-30', 1)).toBe('1994-12-31');
    expect(cal.addDays('1994-12-31', 1)).toBe('1995-01-01');
    expect(cal.diffDays('1994-12-30', '1995-01-01')).toBe(2);
    expect(cal.dayOfWeek('1994-12-31')).toBe(6);
    expect(cal.formatLongDate('1994-12-31')).toBe('Sat 31 Dec 1994');
    expect(cal.addDays('2011-12-29', 1)).toBe('2011-12-30');
    expect(cal.addWeeks('2011-12-23', 1)).toBe('2011-12-30');
    expect(cal.addMonths('2011-11-30', 1)).toBe('2011-12-30');
  });

  it('dates typed by an officer (DD/MM/YYYY, yesterday) are the days typed, skipped days included', () => {
    expect(typed.parseDateInput('31/12/1994', '2024-06-01')).toEqual({ ok: true, date: '1994-12-31' });
    expect(typed.parseDateInput('30/12/2011', '2024-06-01')).toEqual({ ok: true, date: '2011-12-30' });
    expect(typed.parseDateInput('31/03/2024', '2024-06-01')).toEqual({ ok: true, date: '2024-03-31' });
    expect(typed.parseDateInput('yesterday', '1995-01-01')).toEqual({ ok: true, date: '1994-12-31' });
    expect(typed.parseDateInput('yesterday', '2024-03-31')).toEqual({ ok: true, date: '2024-03-30' });
    expect(typed.parseDateInput('29/02/2023', '2024-06-01').ok).toBe(false);
  });

  it('DST changes in London and Los Angeles move no date', () => {
    for (const [from, to] of [
      ['2024-03-30', '2024-03-31'], // BST starts
      ['2024-10-26', '2024-10-27'], // BST ends
      ['2024-03-09', '2024-03-10'], // PDT starts
      ['2024-11-02', '2024-11-03'], // PDT ends
    ]) {
      expect(cal.addDays(from, 1)).toBe(to);
      expect(cal.addDays(to, -1)).toBe(from);
      expect(cal.diffDays(from, cal.addDays(to, 1))).toBe(2);
    }
    expect(cal.addWeeks('2024-03-28', 1)).toBe('2024-04-04');
    expect(cal.addMonths('2024-03-31', 1)).toBe('2024-04-30');
    expect(cal.addMonths('2024-10-27', -7)).toBe('2024-03-27');
  });

  it('day numbers, days, weeks, months and weekdays agree with UTC arithmetic over 1900–2199', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST - 800 }), fc.integer({ min: -400, max: 400 }), fc.integer({ min: -24, max: 24 }), (n, days, months) => {
        const d = isoOfDayNumber(n);
        expect(cal.fromDayNumber(n)).toBe(d);
        expect(cal.toDayNumber(d)).toBe(n);
        expect(cal.addDays(d, days)).toBe(isoOfDayNumber(n + days));
        expect(cal.addWeeks(d, Math.trunc(days / 7))).toBe(isoOfDayNumber(n + 7 * Math.trunc(days / 7)));
        expect(cal.diffDays(d, isoOfDayNumber(n + days))).toBe(days);
        expect(cal.dayOfWeek(d)).toBe(new Date(n * MS_PER_DAY).getUTCDay());
        expect(cal.addMonths(d, months)).toBe(referenceAddMonths(d, months));
      }),
      { numRuns: 400 },
    );
  });

  it('statutory periods and working days give the same due dates', () => {
    const calendar = cal.createWorkingCalendar({ closures: ['2024-12-27'] });
    expect(cal.computeDueDate('2024-01-02', { unit: 'weeks', count: 20 }, calendar)).toBe('2024-05-21');
    expect(cal.computeDueDate('2024-03-01', { unit: 'days', count: 15, beginningWith: true }, calendar)).toBe('2024-03-15');
    expect(cal.computeDueDate('2024-06-10', { unit: 'months', count: 12, startingWith: true }, calendar)).toBe('2025-06-09');
    expect(cal.computeDueDate('2024-02-29', { unit: 'months', count: 12, startingWith: true }, calendar)).toBe('2025-02-28');
    expect(cal.computeDueDate('2024-01-31', { unit: 'months', count: 1, startingWith: true }, calendar)).toBe('2024-02-29');
    expect(cal.computeDueDate('2024-03-29', { unit: 'weeks-before', count: 2 }, calendar)).toBe('2024-03-15');
    // Christmas 2024: 25, 26 Dec bank holidays, 27 Dec closed, then a weekend and 1 Jan.
    expect(calendar.addWorkingDays('2024-12-24', 1)).toBe('2024-12-30');
    expect(calendar.workingDaysBetween('2024-12-20', '2025-01-03')).toBe(6);
    expect(calendar.nextWorkingDay('2024-12-25')).toBe('2024-12-30');
    expect(cal.englandAndWalesBankHolidays(2024)).toContain('2024-03-29'); // Good Friday
  });
});

describe('memoised arithmetic', () => {
  it('a malformed date is refused even when its text runs into a remembered one', async () => {
    const cal = await import('../../src/core/calendar/index.js');
    expect(cal.addDays('2024-01-01', 5)).toBe('2024-01-06');
    expect(() => cal.addDays('2024-01-0', 15)).toThrow(RangeError);
    expect(() => cal.addDays('2024-01-01|5', 3)).toThrow(RangeError);
    expect(cal.addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(cal.addWeeks('2024-01-31', 1)).toBe('2024-02-07');
    expect(cal.addDays('2024-01-31', 1)).toBe('2024-02-01');
  });
});
