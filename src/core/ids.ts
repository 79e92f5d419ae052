// Record ids: `YYYY-MM-DD-<minutes|note|comm>-<6 of [a-z0-9]>` (docs/records.md). The date
// is the record's own date (the meeting, the letter), so ids sort into a timeline; the
// random suffix (36^6 ≈ 2.2 billion values per day and type) makes an id unique without
// any coordination between officers. Pure: the caller supplies the random bytes.

import { isIsoDate, type IsoDate } from './calendar/isoDate.js';
import { ID_WORD, type RecordType } from './records.js';

export const RECORD_ID = /^([0-9]{4}-[0-9]{2}-[0-9]{2})-(minutes|note|comm)-([a-z0-9]{6})$/;
export const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SUFFIX_LENGTH = 6;

const WORD_TYPE: Record<string, RecordType> = Object.fromEntries(
  Object.entries(ID_WORD).map(([type, word]) => [word, type as RecordType]),
);

// Bytes at or above the largest multiple of 36 below 256 are skipped, so every character
// is equally likely (a plain `byte % 36` would favour the first 4 letters).
const UNBIASED_LIMIT = 256 - (256 % SUFFIX_ALPHABET.length);

/**
 * The suffix drawn from `bytes`, or undefined when too many bytes were rejected to make
 * six characters (the caller draws more bytes; with 16 bytes that is about 1 in 10^9).
 */
export function suffixFromBytes(bytes: Uint8Array): string | undefined {
  let out = '';
  for (const byte of bytes) {
    if (byte >= UNBIASED_LIMIT) continue;
    out += SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length];
    if (out.length === SUFFIX_LENGTH) return out;
  }
  return undefined;
}

/** The id of a new record of `type` dated `date`; `suffix` from suffixFromBytes. */
export function recordId(type: RecordType, date: IsoDate, suffix: string): string {
  if (!isIsoDate(date)) throw new RangeError('a record id needs a real calendar date YYYY-MM-DD');
  if (!/^[a-z0-9]{6}$/.test(suffix)) throw new RangeError('a record id suffix is six of [a-z0-9]');
  return `${date}-${ID_WORD[type]}-${suffix}`;
}

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && RECORD_ID.test(value) && isIsoDate(value.slice(0, 10));
}

/** The parts of a record id, or undefined when `value` is not one. */
export function parseRecordId(value: string): { date: IsoDate; type: RecordType; suffix: string } | undefined {
  const m = RECORD_ID.exec(value);
  if (!m || !isIsoDate(m[1])) return undefined;
  return { date: m[1], type: WORD_TYPE[m[2]], suffix: m[3] };
}
