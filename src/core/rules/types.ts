// Deadline rules as data. A rule is a plain object (the built-in ones in builtin.ts, local
// ones from ehcp.config.yaml under `rules.local`) with the same shape either way, so
// `ehcp rules list --format json` prints what a config file could say. Keys are
// snake_case like the records and the config they live beside.

import type { Period } from '../calendar/period.js';
import type { IsoDate } from '../calendar/isoDate.js';
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

export interface ClockStart {
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

export interface SatisfiedBy {
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

/** Finding category for a clock that ran out unmet. */
export type MissedCategory = 'overdue' | 'missing-record';

/** A deadline: a clock started by one record, met by a later one. */
export interface ClockRule {
  kind: 'clock';
  id: string;
  title: string;
  /** Where the duty comes from; every rule has one. */
  citation: string;
  category: 'statutory' | 'local';
  description: string;
  /** A fact behind the rule is marked [U] (unconfirmed) in send-timescales.md; the description says which. */
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
}

/** A Period as written in config: `yearFrom` may be left out of a before-date. */
export type PeriodConfig = Period | { unit: 'before-date'; month: number; day: number; yearFrom?: 'clock' };

export type { IsoDate };
