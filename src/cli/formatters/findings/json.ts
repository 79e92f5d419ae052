// `--format json`: exactly {"version": 1, "asOf", "findings", "summary"} (docs/rules.md, "Finding categories").
// Each finding's keys come in one fixed order, so the output diffs cleanly between runs.

import type { Finding } from '../../../core/audit/index.js';
import type { FindingsReport } from './types.js';

const KEY_ORDER: (keyof Finding)[] = [
  'case', 'rule', 'title', 'category', 'due', 'trigger', 'citation', 'message', 'ruleCategory', 'officer', 'file', 'start',
  'daysOverdue', 'workingDaysLeft', 'satisfiedBy', 'satisfiedOn', 'exception', 'action',
  'duty', 'directed', 'daysEarly',
];

function orderedFinding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (f[key] !== undefined) out[key] = f[key];
  return out;
}

export function formatJson(report: FindingsReport): string {
  return JSON.stringify({ version: 1, asOf: report.asOf, findings: report.findings.map(orderedFinding), summary: { ...report.summary, ...(report.todo ?? {}), ...(report.standards ? { standardsDiffering: report.standards } : {}) } }, null, 2) + '\n';
}
