// The audit's input and output. A Finding is the unit every formatter prints; its
// `message` never contains record text (it may be personal data, and CI logs are logs):
// only rule titles, dates, ids and citations. Record text appears only in the named
// extra fields (`exception.evidence`, `action.text`), which formatters treat as untrusted.

import type { Layout } from '../layout.js';
import type { IsoDate, WorkingCalendar } from '../calendar/index.js';
import type { FinalRecordChange } from '../finalChanges.js';
import type { CaseFile, CaseRecord } from '../records.js';
import type { ClockRule, Rule, RuleSet } from '../rules/types.js';

/** The finding categories (docs/rules.md), in the order the table prints them (what to act on first). */
export const FINDING_CATEGORIES = [
  'overdue',
  'missing-record',
  'due-soon',
  'overdue-action',
  'stale-draft',
  'integrity',
  'breached',
  'late-record',
  'late',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export interface AppliedException {
  /** e.g. `reg 10(4)(a)`. */
  ground: string;
  /** The officer's evidence, as recorded (record text). */
  evidence: string;
  /** When the exceptional circumstances ended, if recorded. Shown; it does not move the due date. */
  until?: IsoDate;
  /** The id of the communication that records the exception. */
  record: string;
}

/** A different time for an order or agreement: a tribunal direction (reg 44(1)) or one agreed in writing (reg 42(5)). */
export interface Direction {
  /** The date directed, or */
  date?: IsoDate;
  /** a period from the order's date. */
  period?: { unit: 'days' | 'weeks' | 'working-days' | 'months'; count: number };
  /** Where the direction is (record text: shown by formatters as untrusted, never put in messages). */
  reference?: string;
  /** The record that carries it. */
  record: string;
  by: 'tribunal' | 'agreement';
}

export interface Finding {
  case: string;
  rule: string;
  title: string;
  category: FindingCategory;
  /** The deadline (YYYY-MM-DD), or null when there is none (integrity). */
  due: IsoDate | null;
  /** The id of the record that started the clock (the case reference for a case's own clock), or null. */
  trigger: string | null;
  citation: string;
  /** One or two sentences, no record text. */
  message: string;
  /** `statutory` or `local`: which kind of rule was missed. */
  ruleCategory: 'statutory' | 'local';
  /** The case's lead officer. */
  officer?: string;
  /** The repository file of the trigger record. */
  file?: string;
  /** The clock's start date. */
  start?: IsoDate;
  /** Calendar days past the due date: as of the audit date (overdue, missing-record, overdue-action, stale-draft), or when met (late, late-record). */
  daysOverdue?: number;
  /** due-soon: working days from the audit date to the due date. */
  workingDaysLeft?: number;
  /** The record that met the clock (late), and the day it counted as met. */
  satisfiedBy?: string;
  satisfiedOn?: IsoDate;
  /** A statutory exception recorded against this clock: shown, counted apart, never hiding the finding. */
  exception?: AppliedException;
  /** overdue-action: which action (1-based), its owner and its text. */
  action?: { index: number; text: string; owner?: string };
  /** Clock findings: whose duty it is. `other-body` (advice from another body) is kept out of the authority's counts in the summary. */
  duty?: 'authority' | 'other-body';
  /** The due date came from a direction (or a written agreement) recorded on the trigger, not the rule's period. */
  directed?: Direction;
  /** breached: how many days before the minimum period ended the record was dated. */
  daysEarly?: number;
}

export interface AuditInput {
  cases: Map<string, CaseFile> | Iterable<CaseFile>;
  /** Valid records; void ones are ignored, amended ones are replaced by their correction. */
  records: readonly CaseRecord[];
  rules: RuleSet | readonly Rule[];
  calendar: WorkingCalendar;
  asOf: IsoDate;
  /** due-soon window in working days (default: the rule set's, else 10). */
  dueWithinWorkingDays?: number;
  /**
   * The day each record was first committed, keyed by record id.
   * Without it there are no late-record findings and `recorded` clocks use record dates.
   */
  firstCommitDay?: ReadonlyMap<string, IsoDate>;
  /** Repository paths of files written but never committed: integrity findings. */
  uncommitted?: readonly string[];
  /** Other integrity problems found by the store (e.g. a final record changed): one finding each. */
  integrity?: readonly { file: string; rule: string; message: string }[];
  /**
   * Records not as they were last legitimately written, from git history (final or void
   * records changed or deleted, records moved): one integrity finding each.
   */
  finalRecordChanges?: readonly FinalRecordChange[];
  /** Where case folders live (core/layout.ts): the findings' files are named for it. Default flat. */
  layout?: Layout;
}

/** One clock: a rule started by one record, and where it stands on the audit date. */
export interface Clock {
  rule: ClockRule;
  case: string;
  trigger: string;
  file?: string;
  start: IsoDate;
  due: IsoDate;
  /** open: not met yet (it may be overdue); met: satisfied (maybe late); cancelled: no longer needed. */
  state: 'open' | 'met' | 'cancelled';
  satisfiedBy?: string;
  satisfiedOn?: IsoDate;
  /** The record that cancelled it, or `case-closed`. */
  cancelledBy?: string;
  exception?: AppliedException;
  /** For a period counted back from an event: the day the trigger was recorded, from which the clock is live. */
  opened?: IsoDate;
  /** The due date came from a direction recorded on the trigger. */
  directed?: Direction;
}

export interface AuditSummary {
  total: number;
  /** Findings without an exception applied, by category (every category present, 0 if none). */
  byCategory: Record<FindingCategory, number>;
  /** Findings with a statutory exception applied, counted apart from byCategory. */
  exceptionsApplied: { total: number; byCategory: Partial<Record<FindingCategory, number>> };
  /** Cases with at least one finding. */
  cases: number;
  /**
   * Findings on another body's duty (advice under reg 8), counted apart: not in byCategory
   * or exceptionsApplied, which count the authority's own items.
   */
  otherBodies: { total: number; byCategory: Partial<Record<FindingCategory, number>> };
}
