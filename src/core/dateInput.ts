// Dates as officers type them: the one parser for every date that enters ehcp through a
// flag or a prompt (--date, --dob, --event-date, --due, --on, --as-of …).
//
// Accepted: 2024-03-05 (ISO), 05/03/2024 or 5/3/2024 (UK order: day/month/year), `today`,
// `yesterday`. The result is always ISO `YYYY-MM-DD` inside the supported range. A date
// is a calendar day, never an instant: date-fns works here on local midnight and formats
// in local time, so no time zone can move it by a day. `today` is passed in (the
// command's clock), so tests fix it.
//
// Refusals never repeat the value typed (it may be a date of birth) and always show an
// example of what would be accepted.

// parseISO and lightFormat, not parse and format: the general ones load date-fns's locale
// and token machinery (~40 ms at every start of every command); the forms typed here need
// neither once the UK order is put in ISO order.
import { parseISO } from 'date-fns/parseISO';
import { lightFormat } from 'date-fns/lightFormat';
import { isValid } from 'date-fns/isValid';
import { subDays } from 'date-fns/subDays';
import type { IsoDate } from './calendar/isoDate.js';
import { isIsoDate, utc } from './calendar/isoDate.js';
import { isSupportedDate, MAX_SUPPORTED_DATE, MIN_SUPPORTED_DATE, SUPPORTED_RANGE_TEXT } from './calendar/range.js';

export type DateInput = { ok: true; date: IsoDate } | { ok: false; problem: string };

/** What every refusal shows as the forms to use. */
export const DATE_FORMS = 'a date such as 2024-03-05 or 05/03/2024 (day/month/year), or today or yesterday';

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const UK_SHAPE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const SHORT_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/;

export function parseDateInput(typed: string, today: IsoDate): DateInput {
  const text = typed.trim();
  const word = text.toLowerCase();
  if (word === 'today') return inRange(today);
  if (word === 'yesterday') return inRange(lightFormat(subDays(localDay(today), 1), 'yyyy-MM-dd'));
  if (ISO_SHAPE.test(text)) {
    return isIsoDate(text) ? inRange(text) : { ok: false, problem: 'is not a real calendar date (check the day and month), e.g. 2024-03-05' };
  }
  const uk = UK_SHAPE.exec(text);
  if (uk) {
    const year = Number(uk[3]);
    if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, problem: RANGE_PROBLEM };
    // Day and month as typed (5/3/2024), put in ISO order; parseISO refuses a day the month lacks.
    const parsed = parseISO(`${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}`, { in: utc });
    if (!isValid(parsed)) {
      const [day, month] = [Number(uk[1]), Number(uk[2])];
      const swapped = month > 12 && day <= 12;
      return {
        ok: false,
        problem: swapped
          ? 'is not a real date: write the day first (DD/MM/YYYY, UK order), e.g. 27/11/2026 for 27 November 2026'
          : 'is not a real calendar date (check the day and month), e.g. 05/03/2024 for 5 March 2024',
      };
    }
    return inRange(lightFormat(parsed, 'yyyy-MM-dd'));
  }
  if (SHORT_YEAR.test(text)) {
    return { ok: false, problem: 'needs a four-digit year (a two-digit year is ambiguous), e.g. 05/03/2024' };
  }
  return { ok: false, problem: `must be ${DATE_FORMS}` };
}

/** The ISO date, or undefined: for callers that only need yes or no. */
export function toIsoDate(typed: string, today: IsoDate): IsoDate | undefined {
  const r = parseDateInput(typed, today);
  return r.ok ? r.date : undefined;
}

const RANGE_PROBLEM = `is outside the dates ehcp supports (${SUPPORTED_RANGE_TEXT})`;
const MIN_YEAR = Number(MIN_SUPPORTED_DATE.slice(0, 4));
const MAX_YEAR = Number(MAX_SUPPORTED_DATE.slice(0, 4));

function inRange(date: IsoDate): DateInput {
  return isSupportedDate(date) ? { ok: true, date } : { ok: false, problem: RANGE_PROBLEM };
}

/**
 * An ISO day as a UTC date. Typed dates are parsed in UTC (`in: utc`), not at local
 * midnight: some zones skipped whole days (Pacific/Kiritimati has no 31 Dec 1994), and
 * a local parse turns such a day into the next one.
 */
function localDay(date: IsoDate): Date {
  return parseISO(date, { in: utc });
}

/** Today's date on the officer's own clock (local time zone). */
export function isoDay(now: Date): IsoDate {
  return lightFormat(now, 'yyyy-MM-dd');
}
