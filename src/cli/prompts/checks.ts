// Prompt validators: the core's checks, in inquirer's shape (true, or the message to show).

import { checkCaseRef, checkDate, checkRecordId, checkShortText, checkTime } from '../../core/writeInput.js';
import type { Check } from './prompter.js';

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

export const isDate = asCheck(checkDate, 'The date');
export const isOptionalDate = optional(isDate);
export const isOptionalTime = optional(asCheck(checkTime, 'The time'));
export const isCaseRef = asCheck(checkCaseRef, 'The reference');
export const isRecordIdAnswer = asCheck(checkRecordId, 'The id');
export const isRequiredText = asCheck(checkShortText, 'This');
export const isOptionalText = optional(isRequiredText);
/** Long text (purpose, discussion, reasons): anything but empty when required. */
export const isRequiredLongText: Check = (value) => (value.trim() === '' ? 'This must not be empty' : true);

/** An empty answer to an optional question means "not given". */
export function answerOrUndefined(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
