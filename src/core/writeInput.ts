// Checking what an officer typed (a flag or a prompt answer) before it becomes a record.
// Each check returns an error sentence or undefined, so flags and prompts say the same
// thing. Sentences never repeat the value typed: it may be a name or a date of birth.

import { isRecordId } from './ids.js';
import {
  EXCEPTION_GROUNDS,
  MEETING_KINDS,
  PURPOSE_DIRECTION,
  type Direction,
  type Outcome,
  type Purpose,
} from './vocabulary.js';

const CASE_REF_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
const TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function checkTime(value: string): string | undefined {
  return TIME_PATTERN.test(value.trim()) ? undefined : 'must be a 24-hour time HH:MM, e.g. 09:30 or 14:00';
}

export function checkCaseRef(value: string): string | undefined {
  return CASE_REF_PATTERN.test(value)
    ? undefined
    : 'must be a case reference: capitals, digits, - and _, 2 to 32 characters (never a name)';
}

export function checkRecordId(value: string): string | undefined {
  return isRecordId(value.trim()) ? undefined : 'must be a record id such as 2024-03-05-minutes-k3f9q2';
}

export function checkShortText(value: string): string | undefined {
  if (value.trim().length === 0) return 'must not be empty';
  return value.length > 500 ? 'is longer than 500 characters; shorten it' : undefined;
}

export function checkOneOf(value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value) ? undefined : `must be one of: ${allowed.join(', ')}`;
}

/**
 * The statutory exception ground as the schema spells it ("reg 10(4)(a)"), accepting
 * what officers type: "reg10(4)(a)", "Reg 10 (4) (a)", "10(4)(a)". Undefined if unknown.
 */
export function normaliseExceptionGround(value: string): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '').replace(/^(reg(ulation)?\.?)/, '');
  const wanted = squash(value);
  return EXCEPTION_GROUNDS.find((g) => squash(g) === wanted);
}

/** Which purpose takes which outcome values (the schema's if/then rules, as data). */
export const PURPOSE_OUTCOMES: Partial<Record<Purpose, readonly Outcome[]>> = {
  'assessment-decision': ['assess', 'not-assess'],
  'review-decision': ['maintain', 'amend', 'cease'],
  'reassessment-decision': ['reassess', 'not-reassess'],
};

/** Purposes that may carry an order: the tribunal's, what conceding an appeal amounts to (reg 45), a mediation agreement on appealable issues (reg 42(2)). */
const ORDER_PURPOSES: readonly Purpose[] = ['tribunal-decision', 'unopposed-notice', 'mediation-agreement'];

/** Fields a communication of a purpose must carry (besides date, direction, purpose). */
export function requiredCommFields(purpose: Purpose): ('outcome' | 'order' | 'event_date' | 'meeting_kind' | 'responds_to')[] {
  switch (purpose) {
    case 'assessment-decision':
    case 'review-decision':
    case 'reassessment-decision':
      return ['outcome'];
    case 'tribunal-decision':
    case 'unopposed-notice':
      return ['order'];
    case 'review-meeting-notice':
    case 'hearing-notice':
      return ['event_date'];
    case 'meeting-scheduled':
      return ['event_date', 'meeting_kind'];
    case 'minutes-sent':
      return ['responds_to'];
    default:
      return [];
  }
}

/**
 * Problems with the purpose-specific fields of a communication that the schema would
 * accept but that mean the officer picked the wrong flag: an outcome on a purpose that has
 * none, an order on anything but a tribunal decision, a direction the purpose contradicts.
 */
export function checkCommunicationFields(input: {
  purpose: Purpose;
  direction?: Direction;
  outcome?: string;
  order?: string;
  meeting_kind?: string;
}): string[] {
  const problems: string[] = [];
  const fixed = PURPOSE_DIRECTION[input.purpose];
  if (fixed && input.direction && input.direction !== fixed) {
    problems.push(`--direction ${input.direction} contradicts --purpose ${input.purpose}, which is always ${fixed}; leave --direction out.`);
  }
  const outcomes = PURPOSE_OUTCOMES[input.purpose];
  if (input.outcome !== undefined) {
    if (!outcomes) {
      const takes = Object.keys(PURPOSE_OUTCOMES).join(', ');
      problems.push(`--outcome applies only to --purpose ${takes}.`);
    } else if (!outcomes.includes(input.outcome as Outcome)) {
      problems.push(`--outcome for ${input.purpose} must be one of: ${outcomes.join(', ')}.`);
    }
  }
  if (input.order !== undefined && !ORDER_PURPOSES.includes(input.purpose)) {
    problems.push(`--order applies only to --purpose ${ORDER_PURPOSES.join(', ')}.`);
  }
  if (input.meeting_kind !== undefined && !MEETING_KINDS.includes(input.meeting_kind as (typeof MEETING_KINDS)[number])) {
    problems.push(`--meeting-kind must be one of: ${MEETING_KINDS.join(', ')}.`);
  }
  return problems;
}
