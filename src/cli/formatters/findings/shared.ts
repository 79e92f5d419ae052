// Wording shared by the findings formatters.

import { FINDING_CATEGORIES, type AuditSummary, type Finding, type FindingCategory } from '../../../core/audit/index.js';

export const CATEGORY_TITLES: Record<FindingCategory, string> = {
  overdue: 'Overdue',
  'missing-record': 'Missing records',
  'due-soon': 'Due soon',
  'overdue-action': 'Overdue actions',
  'stale-draft': 'Stale drafts',
  integrity: 'Integrity',
  breached: 'Issued too soon or against an order',
  'late-record': 'Recorded late',
  late: 'Met late',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "12 findings in 3 cases: overdue 2, missing-record 1, …; 1 with an exception applied (counted apart)." */
export function summaryLine(asOf: string, s: AuditSummary): string {
  const counts = FINDING_CATEGORIES.map((c) => `${c} ${s.byCategory[c]}`).join(', ');
  const exceptions =
    s.exceptionsApplied.total === 0
      ? 'no exception applied'
      : `${plural(s.exceptionsApplied.total, 'finding')} with a statutory exception applied, counted apart (${Object.entries(s.exceptionsApplied.byCategory)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')})`;
  // Another body's duty (reg 8 advice) is listed but not counted among the authority's items.
  const others = s.otherBodies && s.otherBodies.total > 0 ? `; ${plural(s.otherBodies.total, 'finding')} on another body's duty, counted apart` : '';
  return `As of ${asOf}: ${plural(s.total, 'finding')} in ${plural(s.cases, 'case')}: ${counts}; ${exceptions}${others}.`;
}

/** How far past (or before) its due date a finding is, in words. */
export function timing(f: Finding): string {
  const days = (n: number) => plural(n, 'day');
  switch (f.category) {
    case 'due-soon':
      return f.workingDaysLeft === 0 ? 'due now' : `${plural(f.workingDaysLeft ?? 0, 'working day')} left`;
    case 'late':
    case 'late-record':
      return `${days(f.daysOverdue ?? 0)} late`;
    case 'breached':
      return f.daysEarly !== undefined ? `${days(f.daysEarly)} too soon` : 'against the order';
    case 'integrity':
      return f.rule === 'uncommitted' ? 'not committed' : f.rule;
    default:
      return `${days(f.daysOverdue ?? 0)} overdue`;
  }
}

/** Findings grouped by category, then by runs of one case, keeping the one order every format uses (compareForReading). */
export function groupFindings(findings: readonly Finding[]): { category: FindingCategory; cases: { ref: string; officer?: string; findings: Finding[] }[]; count: number }[] {
  const groups: ReturnType<typeof groupFindings> = [];
  for (const f of findings) {
    let g = groups.find((x) => x.category === f.category);
    if (!g) groups.push((g = { category: f.category, cases: [], count: 0 }));
    g.count++;
    let c = g.cases[g.cases.length - 1];
    if (!c || c.ref !== f.case) g.cases.push((c = { ref: f.case, officer: f.officer, findings: [] }));
    c.findings.push(f);
  }
  return groups;
}

/** The findings a person-facing format lists: history (met late, recorded late) only when asked for. */
export function shownFindings(report: { findings: readonly Finding[]; includeHistory?: boolean }): readonly Finding[] {
  return report.includeHistory ? report.findings : report.findings.filter((f) => f.category !== 'late' && f.category !== 'late-record');
}
