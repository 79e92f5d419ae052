/**
 * Dates for people to read. Its own module, not re-exported by ./index.ts, because date-fns's `format` (with its English
 * locale) takes ~15 ms to load, which the write path, needing only ./isoDate.ts, must not pay.
 */

import { format } from 'date-fns/format';
import { utcDateOf, type IsoDate } from './isoDate.js';

/** 'Tue 13 Feb 2024': date-fns's built-in English names, so never the host's locale. */
export function formatLongDate(d: IsoDate): string {
  return format(utcDateOf(d), 'EEE d MMM yyyy');
}
