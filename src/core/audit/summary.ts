// Counting findings, and deciding whether they fail a CI run (--fail-on).

import { FINDING_CATEGORIES, type AuditSummary, type Finding, type FindingCategory } from './types.js';

export function summarise(findings: readonly Finding[]): AuditSummary {
  const byCategory = Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>;
  const excepted: Partial<Record<FindingCategory, number>> = {};
  let exceptions = 0;
  const cases = new Set<string>();
  const others: Partial<Record<FindingCategory, number>> = {};
  let otherTotal = 0;
  for (const f of findings) {
    cases.add(f.case);
    if (f.duty === 'other-body') {
      // Another body's duty (reg 8 advice): listed, but not the authority's own overdue item.
      otherTotal++;
      others[f.category] = (others[f.category] ?? 0) + 1;
    } else if (f.exception) {
      exceptions++;
      excepted[f.category] = (excepted[f.category] ?? 0) + 1;
    } else {
      byCategory[f.category]++;
    }
  }
  return {
    total: findings.length,
    byCategory,
    exceptionsApplied: { total: exceptions, byCategory: excepted },
    cases: cases.size,
    otherBodies: { total: otherTotal, byCategory: others },
  };
}

export const FAIL_ON = ['none', 'overdue', 'missing', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * The categories each --fail-on level fails on. `any` is everything a person can still
 * act on: not due-soon (not yet due), and not late or late-record, which are permanent
 * facts of history that would keep a pipeline red for ever.
 */
const FAIL_CATEGORIES: Record<FailOn, readonly FindingCategory[]> = {
  none: [],
  overdue: ['overdue'],
  missing: ['overdue', 'missing-record'],
  any: ['overdue', 'missing-record', 'overdue-action', 'stale-draft', 'integrity'],
};

/**
 * True when a finding should fail the run. A finding with a statutory exception applied
 * never does: the law relieves the time limit, and the finding is still listed and
 * counted apart. Nor does another body's duty (advice under reg 8): the authority
 * chases it, but it is not the authority's breach.
 */
export function failsOn(findings: readonly Finding[], level: FailOn): boolean {
  const fail = FAIL_CATEGORIES[level];
  return findings.some((f) => !f.exception && f.duty !== 'other-body' && fail.includes(f.category));
}

/** Met late, recorded late, a minimum period breached: facts of history, kept for timeliness figures, not a to-do. */
export const HISTORY_CATEGORIES: readonly FindingCategory[] = ['late', 'late-record', 'breached'];
const isHistory = (f: Pick<Finding, 'category'>): boolean => HISTORY_CATEGORIES.includes(f.category);

/** `--category missing` means what `--fail-on missing` means. */
export const CATEGORY_ALIASES: Record<string, readonly FindingCategory[]> = { missing: FAIL_CATEGORIES.missing };

const CATEGORY_RANK = new Map(FINDING_CATEGORIES.map((c, i) => [c, i]));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * THE order of findings in every format (table, JSON, CSV, Markdown, GitHub): by category
 * (what to act on first), then the most urgent first (most days overdue; for due-soon the
 * fewest working days left), then due date, case, rule and trigger, so ties are stable.
 */
export function compareForReading(a: Finding, b: Finding): number {
  return (
    CATEGORY_RANK.get(a.category)! - CATEGORY_RANK.get(b.category)! ||
    (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) ||
    (a.workingDaysLeft ?? 0) - (b.workingDaysLeft ?? 0) ||
    cmp(a.due ?? '', b.due ?? '') ||
    cmp(a.case, b.case) ||
    cmp(a.rule, b.rule) ||
    cmp(a.trigger ?? '', b.trigger ?? '') ||
    (a.action?.index ?? 0) - (b.action?.index ?? 0)
  );
}

interface OfficerCount {
  /** The case's lead officer, or '(no officer)'. */
  officer: string;
  /** Findings that need action now (not history), exceptions included. */
  now: number;
  overdue: number;
  missing: number;
  dueSoon: number;
  history: number;
}

interface OldestOverdue {
  case: string;
  rule: string;
  title: string;
  due: string | null;
  daysOverdue: number;
  officer?: string;
  trigger: string | null;
}

/** The team lead's summary: what needs action now, by officer, and the oldest overdue item. */
export interface TodoSummary {
  actionNow: number;
  history: number;
  /** Open items on another body's duty (e.g. advice asked for): chased, not the authority's own breach. */
  otherBodies: number;
  byOfficer: OfficerCount[];
  oldestOverdue: OldestOverdue | null;
}

const NO_OFFICER = '(no officer)';

export function summariseTodo(findings: readonly Finding[]): TodoSummary {
  const officers = new Map<string, OfficerCount>();
  let actionNow = 0;
  let history = 0;
  let otherBodies = 0;
  let oldest: Finding | undefined;
  for (const f of findings) {
    // Another body's duty is listed (the officer chases it) but kept out of the authority's
    // own counts, as the core summary keeps it out of byCategory.
    if (f.duty === 'other-body') {
      if (!isHistory(f)) otherBodies++;
      continue;
    }
    const name = f.officer?.trim() || NO_OFFICER;
    let o = officers.get(name);
    if (!o) officers.set(name, (o = { officer: name, now: 0, overdue: 0, missing: 0, dueSoon: 0, history: 0 }));
    if (isHistory(f)) {
      history++;
      o.history++;
      continue;
    }
    actionNow++;
    o.now++;
    if (f.category === 'overdue') o.overdue++;
    else if (f.category === 'missing-record') o.missing++;
    else if (f.category === 'due-soon') o.dueSoon++;
    // An exception relieves the time limit: such an item is not "the oldest overdue".
    if (f.category === 'overdue' && !f.exception && (!oldest || (f.daysOverdue ?? 0) > (oldest.daysOverdue ?? 0))) oldest = f;
  }
  const byOfficer = [...officers.values()].sort((a, b) => b.now - a.now || b.overdue - a.overdue || cmp(a.officer, b.officer));
  const oldestOverdue: OldestOverdue | null = oldest
    ? {
        case: oldest.case,
        rule: oldest.rule,
        title: oldest.title,
        due: oldest.due,
        daysOverdue: oldest.daysOverdue ?? 0,
        trigger: oldest.trigger,
        ...(oldest.officer !== undefined ? { officer: oldest.officer } : {}),
      }
    : null;
  return { actionNow, history, otherBodies, byOfficer, oldestOverdue };
}

export interface StandardDifference {
  name: string;
  value: number;
  default: number;
}

/**
 * Every standard in ehcp.config.yaml that differs from ehcp's default: a loosened standard
 * hides findings, so the audit names each one.
 */
export function standardsDiffering(standards: Readonly<Record<string, number | undefined>> | undefined, defaults: Readonly<Record<string, number>>): StandardDifference[] {
  const out: StandardDifference[] = [];
  for (const [name, value] of Object.entries(standards ?? {})) {
    if (typeof value !== 'number') continue;
    const def = defaults[name];
    if (def === undefined || def !== value) out.push({ name, value, default: def ?? NaN });
  }
  return out.sort((a, b) => cmp(a.name, b.name));
}
