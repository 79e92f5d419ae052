// The terminal table: the team lead's week. A summary first (what needs action now by
// category and by officer, the oldest overdue item, standards changed from ehcp's
// defaults), then one section per category in the order to act on them, each a table
// whose rows keep the one order every format uses. History (met late, recorded late, breached)
// only when asked for. Every cell is shortened to fit the width given (--wide: all of it).

import type { ChalkInstance } from 'chalk';
import type { Finding, FindingCategory } from '../../../core/audit/index.js';
import type { FindingsReport, FormatOptions } from './types.js';
import { CATEGORY_TITLES, groupFindings, shownFindings, summaryLine, timing } from './shared.js';
import { displayWidth, layoutTable, shorten, type ColumnSpec } from '../columns.js';
import { printable } from '../inert.js';
import wrapAnsi from 'wrap-ansi';

const URGENT: ReadonlySet<FindingCategory> = new Set(['overdue', 'missing-record', 'integrity']);
const ACTION_CATEGORIES: FindingCategory[] = ['overdue', 'missing-record', 'due-soon', 'overdue-action', 'stale-draft', 'integrity'];

function heading(category: FindingCategory, count: number, c: ChalkInstance): string {
  const text = `${CATEGORY_TITLES[category]} (${count})`;
  if (URGENT.has(category)) return c.bold.red(text);
  if (category === 'late' || category === 'late-record') return c.bold(text);
  return c.bold.yellow(text);
}

/** Record text under a row: the exception's evidence, the overdue action. */
function details(f: Finding): string[] {
  const out: string[] = [];
  if (f.exception) {
    out.push(`exception applied: ${printable(f.exception.ground)}, evidence: ${printable(f.exception.evidence)}${f.exception.until ? ` (until ${f.exception.until})` : ''}`);
  }
  if (f.action) out.push(`action ${f.action.index}: ${printable(f.action.text)}${f.action.owner ? ` (owner: ${printable(f.action.owner)})` : ''}`);
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summaryBlock(report: FindingsReport, c: ChalkInstance, width: number | undefined): string[] {
  const fit = (s: string) => (width === undefined ? s : shorten(s, width));
  const s = report.summary;
  const todo = report.todo;
  const lines: string[] = [];
  const title = `ehcp audit${report.authority ? `: ${printable(report.authority)}` : ''}, as of ${report.asOf}${report.filters?.length ? ` (${report.filters.map(printable).join('; ')})` : ''}`;
  lines.push(c.bold(fit(title)));
  if (!todo) return lines;
  const counts = ACTION_CATEGORIES.map((cat) => `${cat} ${s.byCategory[cat] + (s.exceptionsApplied.byCategory[cat] ?? 0)}`).join(' · ');
  lines.push(fit(`Needs action now: ${plural(todo.actionNow, 'item')}`));
  if (todo.actionNow) lines.push(fit(`  ${counts}`));
  const breached = s.byCategory.breached + (s.exceptionsApplied.byCategory.breached ?? 0);
  const historyCounts = `met late ${s.byCategory.late + (s.exceptionsApplied.byCategory.late ?? 0)}, recorded late ${s.byCategory['late-record'] + (s.exceptionsApplied.byCategory['late-record'] ?? 0)}${breached ? `, breached ${breached}` : ''}`;
  lines.push(fit(`History: ${todo.history} (${historyCounts})${todo.history && !report.includeHistory ? '; not listed: --include-history lists them' : ''}`));
  if (todo.otherBodies) lines.push(fit(`Awaiting another body (their duty, listed to chase; not counted above): ${todo.otherBodies}`));
  if (s.exceptionsApplied.total) lines.push(fit(`With a statutory exception applied (counted apart, still listed): ${s.exceptionsApplied.total}`));
  const o = todo.oldestOverdue;
  lines.push(
    o
      ? c.red(fit(`Oldest overdue: ${o.case} ${o.rule}, due ${o.due}, ${plural(o.daysOverdue, 'day')} overdue${o.officer ? ` (${printable(o.officer)})` : ''}`))
      : fit('Oldest overdue: none'),
  );
  for (const d of report.standards ?? []) {
    lines.push(c.yellow(fit(`Standard changed in ehcp.config.yaml: ${d.name} ${d.value} (ehcp's default: ${Number.isNaN(d.default) ? 'none' : d.default})`)));
  }
  if (todo.byOfficer.length > 0) {
    lines.push('');
    const columns: ColumnSpec[] = [
      { header: 'OFFICER', shrink: true, min: 12 },
      { header: 'NOW', right: true },
      { header: 'OVERDUE', right: true },
      { header: 'MISSING', right: true },
      { header: 'DUE SOON', right: true },
      { header: 'HISTORY', right: true },
    ];
    const rows = todo.byOfficer.map((x) => [printable(x.officer), String(x.now), String(x.overdue), String(x.missing), String(x.dueSoon), String(x.history)]);
    lines.push(...layoutTable(columns, rows, { width, paintHeader: (h) => c.bold(h) }));
  }
  return lines;
}

function section(category: FindingCategory, findings: Finding[], c: ChalkInstance, width: number | undefined): string[] {
  const wide = width === undefined;
  const cells = findings.map((f) => ({
    case: f.case || '(repository)',
    officer: printable(f.officer ?? ''),
    due: f.due ?? '',
    when: f.category === 'integrity' && f.rule !== 'uncommitted' ? 'act now' : timing(f),
    rule: f.rule,
    citation: printable(f.citation),
    what: wide ? printable(f.message) : `${printable(f.title)}${f.exception ? ' [exception applied]' : ''}`,
  }));
  type Key = keyof (typeof cells)[number];
  const all: { key: Key; spec: ColumnSpec }[] = [
    { key: 'case', spec: { header: 'CASE', shrink: 3, min: 6 } },
    { key: 'officer', spec: { header: 'OFFICER', shrink: 2, min: 12 } },
    { key: 'due', spec: { header: 'DUE' } },
    { key: 'when', spec: { header: 'WHEN' } },
    { key: 'rule', spec: { header: 'RULE' } }, // an identifier: never shortened
    { key: 'citation', spec: { header: 'CITATION' } },
    { key: 'what', spec: { header: 'WHAT', shrink: 1, min: 18 } },
  ];
  // Narrow: the citation only with --wide, and the rule id only where it fits beside the
  // rest in full (the title in WHAT says the same in words).
  let chosen = all.filter((x) => (wide || x.key !== 'citation') && (x.key !== 'officer' || cells.some((r) => r.officer !== '')));
  const natural = (cols: typeof chosen) => 2 + cols.reduce((sum, x) => sum + Math.max(displayWidth(x.spec.header), ...cells.map((r) => displayWidth(r[x.key]))) + 2, -2);
  if (!wide && natural(chosen) > width) chosen = chosen.filter((x) => x.key !== 'rule');
  const rows = cells.map((r) => chosen.map((x) => r[x.key]));
  const table = layoutTable(
    chosen.map((x) => x.spec),
    rows,
    { width, indent: 2, paintHeader: (h) => c.dim(h) },
  );
  const out = [heading(category, findings.length, c), table[0]];
  findings.forEach((f, i) => {
    out.push(table[i + 1]);
    for (const d of details(f)) out.push(c.dim(wide ? `      ${d}` : `      ${shorten(d, width - 6)}`));
    // An integrity finding's message is the fix (which commit, how to restore): wrapped at
    // word boundaries under the row, never shortened.
    if (!wide && f.category === 'integrity') {
      for (const line of wrapAnsi(printable(f.message), Math.max(20, width - 6), { hard: false, trim: true }).split('\n')) out.push(`      ${line}`);
    }
  });
  return out;
}

export function formatTable(report: FindingsReport, { color: c, width }: FormatOptions): string {
  const lines = summaryBlock(report, c, width);
  const shown = shownFindings(report);
  for (const group of groupFindings(shown)) {
    lines.push('');
    lines.push(...section(group.category, group.cases.flatMap((k) => k.findings), c, width));
  }
  lines.push('');
  // The closing line is wrapped at word boundaries (not shortened): it is the whole count.
  const last = report.findings.length === 0 ? `No findings. ${summaryLine(report.asOf, report.summary)}` : summaryLine(report.asOf, report.summary);
  const wrapped = width === undefined ? last : wrapAnsi(last, width, { trim: true, hard: false });
  lines.push(report.findings.length === 0 ? c.green(wrapped) : wrapped);
  return lines.join('\n') + '\n';
}
