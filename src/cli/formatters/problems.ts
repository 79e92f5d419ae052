// Formatters for `ehcp validate`: text, json, github, junit. One interface, one function
// each; all take the same problems and the list of files checked.

import type { Problem } from '../../core/problems.js';
import type { ChalkInstance } from 'chalk';
import { printable } from './inert.js';

export const PROBLEM_FORMATS = ['text', 'json', 'github', 'junit'] as const;
export type ProblemFormat = (typeof PROBLEM_FORMATS)[number];

export interface ProblemReport {
  files: string[];
  problems: Problem[];
}

export function formatProblems(format: ProblemFormat, report: ProblemReport, color: ChalkInstance): string {
  switch (format) {
    case 'text':
      return text(report, color);
    case 'json':
      return JSON.stringify({ version: 1, files: report.files.length, problems: report.problems, summary: summarise(report) }, null, 2) + '\n';
    case 'github':
      return github(report);
    case 'junit':
      return junit(report);
  }
}

function summarise(report: ProblemReport): { errors: number; warnings: number; files: number } {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: report.problems.length - errors, files: report.files.length };
}

function text(report: ProblemReport, c: ChalkInstance): string {
  const lines = report.problems.map(
    // File names and messages can carry what a file holds (a field name, a path): printed inert.
    (p) => `${c.bold(`${printable(p.file)}:${p.line}:${p.col}`)} ${p.severity === 'error' ? c.red('error') : c.yellow('warning')} ${printable(p.message)} ${c.dim(`[${p.rule}]`)}`,
  );
  const s = summarise(report);
  const counts = `${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  lines.push(s.errors > 0 ? c.red(counts) : c.green(counts));
  return lines.join('\n') + '\n';
}

/** Workflow-command escaping: data and properties differ (GitHub Actions toolkit). */
export function escapeGithubData(s: string): string {
  // Other control characters (ESC...) made visible first: the log is read in a terminal too.
  return printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** "1 error", "2 errors": counts in every format read as English. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function github(report: ProblemReport): string {
  const lines = report.problems.map(
    (p) =>
      `::${p.severity} file=${escapeGithubProperty(p.file)},line=${p.line},col=${p.col},title=${escapeGithubProperty(`ehcp ${p.rule}`)}::${escapeGithubData(p.message)}`,
  );
  const s = summarise(report);
  lines.push(`ehcp validate: ${plural(s.files, 'file')} checked, ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`);
  return lines.join('\n') + '\n';
}

/** A Markdown summary for $GITHUB_STEP_SUMMARY (GitHub shows only 10 annotations per step). */
export function markdownSummary(report: ProblemReport): string {
  const s = summarise(report);
  const head = `### ehcp validate\n\n${plural(s.files, 'file')} checked: **${plural(s.errors, 'error')}**, ${plural(s.warnings, 'warning')}.\n`;
  if (report.problems.length === 0) return head;
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const rows = report.problems.map((p) => `| \`${cell(p.file)}:${p.line}:${p.col}\` | ${p.severity} | ${p.rule} | ${cell(p.message)} |`);
  return `${head}\n| where | severity | rule | what to do |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!).replace(
    // XML 1.0 forbids most control characters even when escaped.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    '',
  );
}

function junit(report: ProblemReport): string {
  const byFile = new Map<string, Problem[]>();
  for (const f of report.files) byFile.set(f, []);
  for (const p of report.problems) {
    if (!byFile.has(p.file)) byFile.set(p.file, []);
    byFile.get(p.file)!.push(p);
  }
  const failing = [...byFile.values()].filter((ps) => ps.some((p) => p.severity === 'error')).length;
  const cases = [...byFile.entries()].map(([file, ps]) => {
    const errors = ps.filter((p) => p.severity === 'error');
    const name = escapeXml(file);
    if (errors.length === 0) return `    <testcase classname="ehcp.validate" name="${name}" file="${name}"/>`;
    const body = errors.map((p) => `${p.file}:${p.line}:${p.col} ${p.message} [${p.rule}]`).join('\n');
    return `    <testcase classname="ehcp.validate" name="${name}" file="${name}">\n      <failure message="${escapeXml(errors[0].message)}" type="${escapeXml(errors[0].rule)}">${escapeXml(body)}</failure>\n    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ehcp validate" tests="${byFile.size}" failures="${failing}">\n  <testsuite name="ehcp validate" tests="${byFile.size}" failures="${failing}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
