// Prompt validators: the core's checks, in inquirer's shape (true, or the message to show).

import { checkCaseRef, checkShortText, checkTime } from '../../core/writeInput.js';
import { parseDateInput } from '../../core/dateInput.js';
import type { Check, Prompter } from './prompter.js';

const asCheck =
  (check: (v: string) => string | undefined, what: string): Check =>
  (value) => {
    const problem = check(value);
    return problem ? `${what} ${problem}` : true;
  };

const optional =
  (check: Check): Check =>
  (value) =>
    value.trim() === '' ? true : check(value);

/** A date as officers type it (YYYY-MM-DD, DD/MM/YYYY, today, yesterday), checked against `today`. */
export const isDateOn = (today: string): Check => asCheck((v) => { const r = parseDateInput(v, today); return r.ok ? undefined : r.problem; }, 'The date');
const isOptionalDateOn = (today: string): Check => optional(isDateOn(today));
export const isOptionalTime = optional(asCheck(checkTime, 'The time'));
/** A case reference in any case (c0042 is read as C0042). */
export const isCaseRef = asCheck((v) => checkCaseRef(v.trim().toUpperCase()), 'The reference');
export const isRequiredText = asCheck(checkShortText, 'This');
export const isOptionalText = optional(isRequiredText);
/** Long text (purpose, discussion, reasons): anything but empty when required. */
export const isRequiredLongText: Check = (value) => (value.trim() === '' ? 'This must not be empty' : true);

/** An empty answer to an optional question means "not given". */
export function answerOrUndefined(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** What the date prompts say they accept. */
const DATE_HINT = 'e.g. 27/11/2026, 2026-11-27 or today';

/**
 * Ask for a date and return it as ISO. The answer may be typed as the officer writes it
 * (27/11/2026, today); what is stored is always YYYY-MM-DD. Optional: Enter skips.
 */
export async function askDate(
  p: Prompter,
  o: { message: string; today: string; default?: string; optional?: boolean },
): Promise<string | undefined> {
  const suffix = o.optional ? `(${DATE_HINT}; Enter to skip)` : `(${DATE_HINT})`;
  const answer = await p.input({
    message: `${o.message} ${suffix}`,
    default: o.default,
    validate: o.optional ? isOptionalDateOn(o.today) : isDateOn(o.today),
  });
  if (answer.trim() === '') return undefined;
  const r = parseDateInput(answer, o.today);
  return r.ok ? r.date : undefined;
}
