// `--format csv`: one row per finding, for a spreadsheet. Safe to open in Excel: a cell
// that starts with = + - @ (or a tab or carriage return, even after leading spaces) gets a
// leading apostrophe so it is never read as a formula, however record text or config was
// written (an officer's name, evidence, an action, a local rule's title). Cells are quoted
// per RFC 4180; rows end with CRLF; a UTF-8 byte order mark lets Excel read accents.

import type { Finding } from '../../../core/audit/index.js';
import type { FindingsReport } from './types.js';

const COLUMNS: [string, (f: Finding) => string | number | undefined | null][] = [
  ['category', (f) => f.category],
  ['case', (f) => f.case],
  ['officer', (f) => f.officer],
  ['rule', (f) => f.rule],
  ['title', (f) => f.title],
  ['due', (f) => f.due],
  ['days_overdue', (f) => f.daysOverdue],
  ['working_days_left', (f) => f.workingDaysLeft],
  ['trigger', (f) => f.trigger],
  ['file', (f) => f.file],
  ['satisfied_by', (f) => f.satisfiedBy],
  ['satisfied_on', (f) => f.satisfiedOn],
  ['exception_ground', (f) => f.exception?.ground],
  ['exception_evidence', (f) => f.exception?.evidence],
  ['exception_until', (f) => f.exception?.until],
  ['action', (f) => f.action?.text],
  ['action_owner', (f) => f.action?.owner],
  ['citation', (f) => f.citation],
  ['rule_category', (f) => f.ruleCategory],
  ['message', (f) => f.message],
];

// The formula starters, and the look-alikes a spreadsheet may fold into them: full-width
// ＝ ＋ － ＠ (U+FF1D, FF0B, FF0D, FF20), small ﹦ ﹢ ﹣ ﹫ (U+FE66, FE62, FE63, FE6B) and the
// minus sign − (U+2212).
const FORMULA_START = /^[\s]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212]/;
// Control characters other than tab, CR and LF (ESC, BEL, DEL, C1...): no use in a cell,
// and raw in a file someone may `cat` to a terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One CSV cell: control characters made visible, formula-neutralised, then quoted if it needs to be. */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  let s = value.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(report: FindingsReport): string {
  const rows = [COLUMNS.map(([name]) => name).join(',')];
  for (const f of report.findings) rows.push(COLUMNS.map(([, get]) => csvCell(get(f))).join(','));
  return '\uFEFF' + rows.join('\r\n') + '\r\n';
}
