// `--format github`: one workflow annotation per finding (::error for overdue, missing and
// integrity; ::warning for what needs doing; ::notice for history), escaped with the same
// functions as `ehcp validate`, then the summary line. GitHub shows only 10 annotations of
// each kind per step, so the command also writes the Markdown summary to
// $GITHUB_STEP_SUMMARY. Messages hold no record text: CI logs are logs.

import { caseDirIn } from '../../../core/layout.js';
import type { Finding, FindingCategory } from '../../../core/audit/index.js';
import { escapeGithubData, escapeGithubProperty } from '../problems.js';
import type { FindingsReport } from './types.js';
import { shownFindings, summaryLine } from './shared.js';

const LEVEL: Record<FindingCategory, 'error' | 'warning' | 'notice'> = {
  overdue: 'error',
  'missing-record': 'error',
  integrity: 'error',
  breached: 'warning',
  'due-soon': 'warning',
  'overdue-action': 'warning',
  'stale-draft': 'warning',
  'late-record': 'notice',
  late: 'notice',
};

function annotation(f: Finding, layout: 'flat' | 'sharded'): string {
  const file = f.file ?? (f.case ? `${caseDirIn(f.case, layout)}/case.yaml` : undefined);
  const props = [
    ...(file ? [`file=${escapeGithubProperty(file)}`] : []),
    `title=${escapeGithubProperty(`ehcp ${f.category}: ${f.rule}${f.case ? ` (${f.case})` : ''}`)}`,
  ];
  const text = `${f.message} [${f.citation}]`;
  return `::${LEVEL[f.category]} ${props.join(',')}::${escapeGithubData(text)}`;
}

export function formatGithub(report: FindingsReport): string {
  const lines = shownFindings(report).map((f) => annotation(f, report.layout ?? 'flat'));
  lines.push(escapeGithubData(`ehcp audit: ${summaryLine(report.asOf, report.summary)}`));
  return lines.join('\n') + '\n';
}
