/**
 * Plain calendar dates ('YYYY-MM-DD') and arithmetic on them, done by date-fns.
 *
 * Statutory deadlines are about calendar dates, not instants: a result must never move by
 * a day because of the host's time zone or a DST change. date-fns works on `Date` objects
 * in local time, so every date here is a UTCDate (@date-fns/utc): a Date whose getters
 * and setters are UTC, on which date-fns's arithmetic is exact whatever TZ says. Dates at
 * local noon would not do: some zones skipped whole days (Pacific/Kiritimati has no
 * 31 December 1994, Samoa no 30 December 2011), which no local time can represent.
 *
 * What stays the project's own is only what date-fns does not know: the exact shape of a
 * record's date ('YYYY-MM-DD' and nothing else: parseISO also takes times, week dates and
 * ordinal dates), and the "day number" (days since 1970-01-01) that the working-day
 * tables index by. Day numbers are memoised: an audit asks about the same few thousand
 * dates hundreds of thousands of times, and parsing is the costly step.
 */

import { UTCDateMini } from '@date-fns/utc/date/mini';
import { addDays as addDaysTo } from 'date-fns/addDays';
import { addMonths as addMonthsTo } from 'date-fns/addMonths';
import { addWeeks as addWeeksTo } from 'date-fns/addWeeks';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { formatISO } from 'date-fns/formatISO';
import { getDay } from 'date-fns/getDay';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

/** A calendar date as 'YYYY-MM-DD' (years 0000–9999, proleptic Gregorian). */
export type IsoDate = string;

/**
 * For date-fns's `in` option (`parse(text, 'd/M/yyyy', ref, { in: utc })`): its results
 * are UTC dates. UTCDateMini has the UTC getters and setters only: the full UTCDate
 * builds Intl formatters on load, 15 ms that no command needs.
 */
type UTCDate = InstanceType<typeof UTCDateMini>;
export const utc = (value: Date | number | string): UTCDate => new UTCDateMini(+new Date(value));

/** 1970-01-01, day number 0. */
const EPOCH = new UTCDateMini(0);
const MS_PER_DAY = 86_400_000;

/** The UTCDate of (year, month 1–12, day); years below 100 are not read as 19xx. */
function utcDate(year: number, month: number, day: number): UTCDate {
  const date = new UTCDateMini(0);
  date.setFullYear(year, month - 1, day);
  return date;
}

/** 'YYYY-MM-DD' of a UTCDate (formatISO pads the year to four digits). */
function isoOf(date: Date): IsoDate {
  return formatISO(date, { representation: 'date' });
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return getDaysInMonth(utcDate(year, month, 1));
}

/** Exactly ten characters, digits and two '-': the only shape a record's date may take. */
function hasIsoShape(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false; // 45 = '-'
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** date-fns reads the date (and rejects 2023-02-29, month 13, day 00) as a UTCDate. */
function parseIso(s: unknown): UTCDate | undefined {
  if (typeof s !== 'string' || !hasIsoShape(s)) return undefined;
  const date = parseISO(s, { in: utc });
  return isValid(date) ? date : undefined;
}

const MEMO_LIMIT = 100_000; // bounds memory when hostile input names every date there is
const dayNumbers = new Map<string, number>();
const isoDates = new Map<number, IsoDate>();

/** Day number of a valid IsoDate string, or undefined. Memoised. */
function dayNumberOf(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  let n = dayNumbers.get(s);
  if (n !== undefined) return n;
  const date = parseIso(s);
  if (!date) return undefined;
  n = differenceInCalendarDays(date, EPOCH);
  if (dayNumbers.size >= MEMO_LIMIT) dayNumbers.clear();
  dayNumbers.set(s, n);
  return n;
}

/** The UTCDate (midnight UTC) of a valid IsoDate, for date-fns; RangeError otherwise. */
export function utcDateOf(d: IsoDate): UTCDate {
  return new UTCDateMini(toDayNumber(d) * MS_PER_DAY);
}

/** The result of date-fns arithmetic as an IsoDate, if it is inside years 0000–9999. */
function inRange(date: Date): IsoDate {
  if (!isValid(date)) throw new RangeError('Date out of range');
  // A UTCDate at midnight UTC, as every date here is: its day number is exact.
  return fromDayNumber(Math.floor(date.getTime() / MS_PER_DAY));
}

/** True for a string 'YYYY-MM-DD' that is a real date (2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(s: unknown): s is IsoDate {
  return dayNumberOf(s) !== undefined;
}

/** Days since 1970-01-01. Throws RangeError if `d` is not a valid IsoDate. */
export function toDayNumber(d: IsoDate): number {
  const n = dayNumberOf(d);
  if (n === undefined) throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return n;
}

/** The IsoDate `n` days after 1970-01-01 (n may be negative). Memoised. */
export function fromDayNumber(n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day number must be an integer: ${n}`);
  let d = isoDates.get(n);
  if (d !== undefined) return d;
  const date = addDaysTo(EPOCH, n);
  const year = date.getFullYear();
  if (!isValid(date) || year < 0 || year > 9999) throw new RangeError(`Date out of range (year ${year})`);
  d = isoOf(date);
  if (isoDates.size >= MEMO_LIMIT) isoDates.clear();
  isoDates.set(n, d);
  return d;
}

/** Day number of (year, month 1–12, day); an out-of-month day rolls over, as in Date. */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  return differenceInCalendarDays(utcDate(year, month, day), EPOCH);
}

/** Inverse of {@link dayNumberFromParts}. */
export function partsFromDayNumber(n: number): { year: number; month: number; day: number } {
  const d = fromDayNumber(n); // memoised: the working-day tables ask this for every lookup
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

/** 'YYYY-MM-DD' of a year, month (1–12) and day. */
export function formatParts(year: number, month: number, day: number): IsoDate {
  return isoOf(utcDate(year, month, day));
}

/**
 * Results of date-fns's arithmetic, memoised like the day numbers: the audit works out
 * the same (start, period) pairs again and again, and each date-fns call costs ~1 µs.
 */
const shifted = new Map<string, IsoDate>();

function memoised(kind: string, d: IsoDate, n: number, shift: (date: UTCDate, n: number) => Date): IsoDate {
  const key = `${kind}${d}|${n}`; // n (an integer) holds no '|', so only this d and n make this key
  let result = shifted.get(key);
  if (result !== undefined) return result;
  result = inRange(shift(utcDateOf(d), n));
  if (shifted.size >= MEMO_LIMIT) shifted.clear();
  shifted.set(key, result);
  return result;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
  return memoised('d', d, n, addDaysTo);
}

/** Calendar weeks: 7n days. Weekends and holidays are not skipped. */
export function addWeeks(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Week count must be an integer: ${n}`);
  return memoised('w', d, n, addWeeksTo);
}

/**
 * Calendar months: the same day of the month `n` months later; if that month is too
 * short, its last day (the ICO's method for subject access requests; date-fns's addMonths
 * clamps the same way): 2024-01-31 + 1 = 2024-02-29, 2023-01-31 + 1 = 2023-02-28,
 * 2024-03-31 + 1 = 2024-04-30.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Month count must be an integer: ${n}`);
  return memoised('m', d, n, addMonthsTo);
}

/**
 * b − a in days (positive when b is later): date-fns's differenceInCalendarDays, taken
 * through the memoised day numbers (each one differenceInCalendarDays from 1970-01-01),
 * because the audit asks this for every clock and the direct call costs ~2 µs.
 */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday, for a day number. */
export function dayOfWeekOfDayNumber(n: number): number {
  return getDay(addDaysTo(EPOCH, n));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return getDay(utcDateOf(d));
}

/** -1, 0 or 1. Valid IsoDates sort correctly as strings, so no parsing is needed. */
export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxIsoDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((m, d) => (d > m ? d : m), first);
}

export function minIsoDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((m, d) => (d < m ? d : m), first);
}
