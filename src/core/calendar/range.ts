/**
 * The dates ehcp accepts anywhere: record fields, flags, prompts and `--as-of`.
 *
 * Deadlines are computed by adding periods (weeks, months, working days over bank
 * holidays) to these dates, so the range stops well short of the arithmetic's own limits
 * (years 0000–9999). 1900 covers any date of birth or old plan a council still holds;
 * 2199 leaves every deadline computed from a supported date inside the calendar. A date
 * outside it is refused where it enters, never discovered later by a failing audit.
 */

import type { IsoDate } from './isoDate.js';
import { isIsoDate } from './isoDate.js';

export const MIN_SUPPORTED_DATE: IsoDate = '1900-01-01';
export const MAX_SUPPORTED_DATE: IsoDate = '2199-12-31';

/** True for a real calendar date 'YYYY-MM-DD' inside the supported range. */
export function isSupportedDate(s: unknown): s is IsoDate {
  // ISO strings of the same length compare as dates.
  return isIsoDate(s) && s >= MIN_SUPPORTED_DATE && s <= MAX_SUPPORTED_DATE;
}

/** The sentence every refusal of an out-of-range date uses. */
export const SUPPORTED_RANGE_TEXT = `between ${MIN_SUPPORTED_DATE} and ${MAX_SUPPORTED_DATE}`;
