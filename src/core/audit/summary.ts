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
export const FAIL_CATEGORIES: Record<FailOn, readonly FindingCategory[]> = {
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
