// Deadline rules as data. A rule is a plain object (the built-in ones in builtin.ts, local
// ones from ehcp.config.yaml under `rules.local`) with the same shape either way, so
// `ehcp rules list --format json` prints what a config file could say. Keys are
// snake_case like the records and the config they live beside.

import type { Period } from '../calendar/period.js';
import type { RecordStatus } from '../vocabulary.js';

/** What a record may be: the three record types, plus the case file itself (phase transfer). */
export type MatchableType = 'communication' | 'minutes' | 'note' | 'case';

/**
 * A test on one field (dotted path, e.g. `phase_transfer.phase`) of a record:
 * - a scalar: the field equals it;
 * - a list: the field equals one of them;
 * - `{exists: true|false}`: the field is present (or absent);
 * - `{not: value or list}`: the field is absent or equals none of them;
 * - `{some: {field: test, ...}}`: the field is a list and one element passes every test
 *   (e.g. an attendee who is a parent AND was present).
 */
export type FieldTest =
  | string
  | number
  | boolean
  | string[]
  | { exists: boolean }
  | { not: string | string[] }
  | { some: Record<string, FieldTest> };

/** Matches a record when every condition given holds. */
export interface RecordMatcher {
  type: MatchableType;
  /** A communication's purpose (one or several). */
  purpose?: string | string[];
  /** A minutes' or note's kind (one or several). */
  kind?: string | string[];
  direction?: 'in' | 'out';
  /** Default: draft or final. A void record never matches anything. */
  status?: RecordStatus | RecordStatus[];
  fields?: Record<string, FieldTest>;
}

interface ClockStart {
  /** The record (or any of the records) that starts a clock. */
  match: RecordMatcher | RecordMatcher[];
  /**
   * Which date starts the clock: `date` (default), or a field path such as `event_date`.
   * A field holding a year (`phase_transfer.year`) starts the clock on 1 January of it.
   */
  date?: string;
  /**
   * The clock starts only if the case holds an earlier (or same-day) record matching one
   * of these, e.g. a dismissed appeal means "cease now" only after a cease notice.
   */
  requires_earlier?: RecordMatcher[];
}

interface SatisfiedBy {
  /** Any of these, in the same case, dated on or after the clock date, satisfies it. */
  match: RecordMatcher | RecordMatcher[];
  /**
   * `required`: the satisfying record must name the trigger in `responds_to`.
   * `optional` (default): a record whose `responds_to` names ANOTHER clock's trigger of
   * this rule belongs to that clock; otherwise any matching record counts.
   */
  link?: 'required' | 'optional';
  /** The satisfying record's field must equal the trigger's field: `{kind: meeting_kind}`. */
  same_as?: Record<string, string>;
  /** Where the window for satisfying records opens, relative to the clock date (default: the clock date). */
  not_before?: { days?: number; months?: number };
  /** Only records dated before the next clock of this rule in the case count (one review, one report). */
  before_next_trigger?: boolean;
  /**
   * The day the clock counts as met: `date` (default, the satisfying record's date), or
   * `recorded`: the day the record was first committed (minutes are dated by the meeting;
   * git shows when they were written), falling back to its date when history is unknown.
   */
  on?: 'date' | 'recorded';
  /** A date field of the trigger itself that also meets the clock (`shared_with_family.date`). */
  trigger_field?: string;
}

/**
 * How a rule reads its provision's words into a due date (shown by `ehcp rules list`;
 * docs/rules.md quotes the words for each rule).
 */
export const COUNTING_READINGS = {
  'within-weeks': '"within N weeks of" X: X + 7N days, nothing skipped',
  'within-days': '"within N days of" X: X + N calendar days',
  'beginning-with': '"at least N days, beginning with" X: X is day 1, so the period ends on X + N - 1',
  'starting-with': '"the period of N months starting (beginning) with" X: X is inside it, so it ends the day before the corresponding date (or on the month\'s last day)',
  'one-month-from': '"within one month of receipt": the corresponding date or the month\'s last day, then the next working day (ICO)',
  'working-days': '"within N working days": counted from the next working day',
  'before-date': '"before" a fixed date: the last day is the day before it',
  'at-least-before': '"at least N weeks before" an event: the last day is the event\'s date - 7N',
  'later-of': '"before the expiry of the later of" two periods: the later of the two last days',
  immediately: '"immediately": the same day',
  local: 'a local service standard, counted as its unit says',
} as const;
type CountingReading = keyof typeof COUNTING_READINGS;

/** Whose duty a rule is: the authority's own, or another body's that the authority chases. */
type Duty = 'authority' | 'other-body';

/** Finding category for a clock that ran out unmet. */
type MissedCategory = 'overdue' | 'missing-record';

/** A deadline: a clock started by one record, met by a later one. */
export interface ClockRule {
  kind: 'clock';
  id: string;
  title: string;
  /** Where the duty comes from; every rule has one. */
  citation: string;
  category: 'statutory' | 'local';
  description: string;
  /** A fact behind the rule is unconfirmed in the regulation's own text ([U]); the description says which. */
  uncertain?: boolean;
  enabled?: boolean;
  clock: ClockStart;
  satisfied_by: SatisfiedBy;
  /** A later record matching any of these stops the clock without a finding. */
  cancelled_by?: RecordMatcher[];
  period: Period;
  /** Exception grounds (e.g. `reg 10(4)(a)`) a communication may record against this clock. */
  exceptions?: string[];
  when_missed: MissedCategory;
  /** Which reading of the provision's words the period uses (default `local`). */
  counting?: CountingReading;
  /** The provision's own words the period comes from, quoted. */
  words?: string;
  /** Default `authority`. `other-body`: reported, but kept apart from the authority's overdue counts. */
  duty?: Duty;
  /**
   * A minimum period (reg 13(1), 22(2)(c): "at least 15 days"): a satisfying record dated
   * on or before the last day of the period is itself a finding (`breached`); one after
   * it, or none at all, is not. Such a clock is never overdue or due soon.
   */
  minimum?: boolean;
  /**
   * Tribunal orders and mediation agreements (reg 44(1) "subject to any direction";
   * reg 42(5)): a `directed` date or period recorded on the trigger replaces the default
   * due date, and the finding cites it.
   */
  directable?: boolean;
  /**
   * "The later of" (reg 15(5)): a second last day, counted with `period` from the date
   * in the trigger's field `date`; the due date is the later of the two. Without that
   * field on the trigger, only the rule's own period counts.
   */
  later_of?: { date: string; period: Period };
}

/** The built-in checks that are not clocks (each record, or each action, on its own). */
export type CheckName = 'stale-draft' | 'late-record' | 'overdue-action';

export interface CheckRule {
  kind: 'check';
  id: CheckName;
  title: string;
  citation: string;
  category: 'local';
  description: string;
  enabled?: boolean;
  /** stale-draft and late-record: N working days. overdue-action has no period (each action has its own due date). */
  period?: Period;
}

export type Rule = ClockRule | CheckRule;

/** The rules in force after the config is applied, plus the due-soon window default. */
export interface RuleSet {
  rules: Rule[];
  dueSoonWorkingDays: number;
}

/** What ehcp.config.yaml may say about rules (validated by schemas/config.schema.json). */
export interface RulesConfig {
  /** Change built-in rules, by id: any listed field replaces the built-in one. */
  overrides?: Record<string, RuleOverride>;
  /** Extra local rules (always category `local`). */
  local?: LocalRuleConfig[];
}

export interface RuleOverride {
  enabled?: boolean;
  title?: string;
  description?: string;
  citation?: string;
  period?: PeriodConfig;
  exceptions?: string[];
  when_missed?: MissedCategory;
  clock?: ClockStart;
  satisfied_by?: SatisfiedBy;
  cancelled_by?: RecordMatcher[];
  counting?: CountingReading;
  words?: string;
  duty?: Duty;
}

export interface LocalRuleConfig {
  id: string;
  title: string;
  citation: string;
  description?: string;
  enabled?: boolean;
  clock: ClockStart;
  satisfied_by: SatisfiedBy;
  cancelled_by?: RecordMatcher[];
  period: PeriodConfig;
  when_missed?: MissedCategory;
  counting?: CountingReading;
  words?: string;
  duty?: Duty;
}

/** A Period as written in config: `yearFrom` may be left out of a before-date. */
export type PeriodConfig = Period | { unit: 'before-date'; month: number; day: number; yearFrom?: 'clock' };

