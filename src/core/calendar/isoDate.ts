/**
 * Plain calendar dates ('YYYY-MM-DD') and arithmetic on them.
 *
 * Statutory deadlines are about calendar dates, not instants, so nothing here uses a
 * time zone: every calculation goes through an integer "day number" (days since
 * 1970-01-01 in the proleptic Gregorian calendar), computed with integer arithmetic
 * only. No `Date` object is created, so the host's TZ and DST changes cannot shift a
 * result by a day.
 */

/** A calendar date as 'YYYY-MM-DD' (years 0000–9999, proleptic Gregorian). */
export type IsoDate = string;

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Day number of a (year, month 1–12, day) triple, days since 1970-01-01.
 * Howard Hinnant's `days_from_civil`: exact for every proleptic Gregorian date.
 */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0 … February = 11
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link dayNumberFromParts} (Hinnant's `civil_from_days`). */
export function partsFromDayNumber(n: number): { year: number; month: number; day: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Parses 'YYYY-MM-DD' without a regex or Date (this runs in hot loops).
 * Returns undefined unless the string has exactly that shape and names a real date.
 */
function parse(s: string): { year: number; month: number; day: number } | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined; // 45 = '-'
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Decimal value of s[from, to), or -1 if any character is not 0–9. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function parseOrThrow(d: IsoDate): { year: number; month: number; day: number } {
  const p = typeof d === 'string' ? parse(d) : undefined;
  if (!p) throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return p;
}

/** True for a string 'YYYY-MM-DD' that is a real date (2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && parse(s) !== undefined;
}

/** Days since 1970-01-01. Throws RangeError if `d` is not a valid IsoDate. */
export function toDayNumber(d: IsoDate): number {
  const p = parseOrThrow(d);
  return dayNumberFromParts(p.year, p.month, p.day);
}

/** The IsoDate `n` days after 1970-01-01 (n may be negative). */
export function fromDayNumber(n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day number must be an integer: ${n}`);
  const { year, month, day } = partsFromDayNumber(n);
  if (year < 0 || year > 9999) throw new RangeError(`Date out of range (year ${year})`);
  return formatParts(year, month, day);
}

export function formatParts(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Calendar weeks: 7n days. Weekends and holidays are not skipped (spec §0). */
export function addWeeks(d: IsoDate, n: number): IsoDate {
  return addDays(d, 7 * n);
}

/**
 * Calendar months: the same day of the month `n` months later; if that month is too
 * short, its last day (the ICO's method for subject access requests, spec §0):
 * 2024-01-31 + 1 = 2024-02-29, 2023-01-31 + 1 = 2023-02-28, 2024-03-31 + 1 = 2024-04-30.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Month count must be an integer: ${n}`);
  const p = parseOrThrow(d);
  const total = p.year * 12 + (p.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < 0 || year > 9999) throw new RangeError(`Date out of range (year ${year})`);
  return formatParts(year, month, Math.min(p.day, daysInMonth(year, month)));
}

/** b − a in days (positive when b is later). */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday, for a day number. 1970-01-01 was a Thursday (4). */
export function dayOfWeekOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return dayOfWeekOfDayNumber(toDayNumber(d));
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

/** 'Tue 13 Feb 2024' — fixed English names, so the output never depends on the locale. */
export function formatLongDate(d: IsoDate): string {
  const p = parseOrThrow(d);
  const dow = dayOfWeekOfDayNumber(dayNumberFromParts(p.year, p.month, p.day));
  return `${DAY_NAMES[dow]} ${p.day} ${MONTH_NAMES[p.month - 1]} ${p.year}`;
}
