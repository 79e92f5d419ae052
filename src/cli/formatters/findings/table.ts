// The terminal table: grouped by category (what to act on first), then by case (the most
// urgent case first, then its findings most overdue first), each line with how late it
// is, the due date, the rule and its citation, and the message under it. A summary line
// counts everything.

import type { ChalkInstance } from 'chalk';
import type { Finding, FindingCategory } from '../../../core/audit/index.js';
import type { FindingsReport, FormatOptions } from './index.js';
import { CATEGORY_TITLES, groupFindings, summaryLine, timing } from './shared.js';
import { printable } from '../inert.js';

const URGENT: ReadonlySet<FindingCategory> = new Set(['overdue', 'missing-record', 'integrity']);

function heading(category: FindingCategory, count: number, c: ChalkInstance): string {
  const text = `${CATEGORY_TITLES[category]} (${count})`;
  if (URGENT.has(category)) return c.bold.red(text);
  if (category === 'late' || category === 'late-record') return c.bold(text);
  return c.bold.yellow(text);
}

function details(f: Finding): string[] {
  const out: string[] = [];
  if (f.exception) {
    out.push(`exception applied: ${f.exception.ground}, evidence: ${printable(f.exception.evidence)}${f.exception.until ? ` (until ${f.exception.until})` : ''}`);
  }
  if (f.action) out.push(`action ${f.action.index}: ${printable(f.action.text)}${f.action.owner ? ` (owner: ${printable(f.action.owner)})` : ''}`);
  return out;
}

export function formatTable(report: FindingsReport, { color: c }: FormatOptions): string {
  const lines: string[] = [];
  const groups = groupFindings(report.findings);
  const all = report.findings;
  const timingWidth = Math.max(0, ...all.map((f) => timing(f).length));
  const ruleWidth = Math.max(0, ...all.map((f) => f.rule.length));
  for (const group of groups) {
    if (lines.length > 0) lines.push('');
    lines.push(heading(group.category, group.count, c));
    for (const kase of group.cases) {
      lines.push(`  ${c.bold(kase.ref || '(repository)')}${kase.officer ? `  ${printable(kase.officer)}` : ''}`);
      for (const f of kase.findings) {
        const when = timing(f).padEnd(timingWidth);
        const coloured = URGENT.has(f.category) ? c.red(when) : f.category === 'due-soon' ? c.yellow(when) : when;
        lines.push(`    ${coloured}  ${(f.due ?? '').padEnd(10)}  ${f.rule.padEnd(ruleWidth)}  ${c.dim(printable(f.citation))}${f.exception ? c.cyan('  [exception applied]') : ''}`);
        lines.push(`      ${printable(f.message)}`);
        for (const d of details(f)) lines.push(`      ${c.dim(d)}`);
      }
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(report.findings.length === 0 ? c.green(`No findings. ${summaryLine(report.asOf, report.summary)}`) : summaryLine(report.asOf, report.summary));
  return lines.join('\n') + '\n';
}
