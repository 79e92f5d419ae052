// `--format markdown` (and the GitHub step summary): a heading, the summary, and one table
// per category. Every cell is escaped: record text cannot break the table, make a link or
// inject HTML.

import type { Finding } from '../../../core/audit/index.js';
import type { FindingsReport } from './types.js';
import { CATEGORY_TITLES, groupFindings, shownFindings, summaryLine, timing } from './shared.js';

/** Escape for a Markdown table cell: pipes, emphasis, links, code, HTML, line breaks. */
export function mdCell(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|#!~]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`))
    .replace(/&(?!lt;|gt;)/g, '&amp;')
    .replace(/\r\n|\r|\n/g, ' ');
}

function row(f: Finding): string {
  const extra = [
    f.exception ? `**exception applied:** ${mdCell(f.exception.ground)}: ${mdCell(f.exception.evidence)}` : '',
    f.action ? `action ${f.action.index}: ${mdCell(f.action.text)}${f.action.owner ? ` (${mdCell(f.action.owner)})` : ''}` : '',
  ].filter(Boolean);
  const detail = [mdCell(f.message), ...extra].join('<br>');
  return `| ${mdCell(f.case || '(repository)')} | ${mdCell(f.officer ?? '')} | \`${f.rule}\` | ${f.due ?? ''} | ${mdCell(timing(f))} | ${mdCell(f.citation)} | ${detail} |`;
}

/** The report as Markdown; with maxRows, tables stop after that many rows in all (the GitHub step summary has a size limit). */
export function markdownSummary(report: FindingsReport, maxRows = Infinity): string {
  const title = report.authority ? `ehcp audit: ${mdCell(report.authority)}` : 'ehcp audit';
  const out = [`## ${title}`, '', mdCell(summaryLine(report.asOf, report.summary)), ''];
  const hidden = report.findings.length - shownFindings(report).length;
  if (hidden > 0) out.push(`_${hidden} history findings (met late, recorded late) not listed: \`ehcp audit --include-history\` lists them._`, '');
  let count = 0;
  const shown = shownFindings(report);
  for (const group of groupFindings(shown)) {
    if (count >= maxRows) break;
    out.push(`### ${CATEGORY_TITLES[group.category]} (${group.count})`, '', '| Case | Officer | Rule | Due | When | Citation | Detail |', '|---|---|---|---|---|---|---|');
    for (const kase of group.cases) {
      for (const f of kase.findings) {
        if (count++ >= maxRows) break;
        out.push(row(f));
      }
    }
    out.push('');
  }
  if (shown.length > maxRows) out.push(`_${shown.length - maxRows} more findings not shown: run \`ehcp audit\` for all of them._`, '');
  return out.join('\n') + '\n';
}

export function formatMarkdown(report: FindingsReport): string {
  return markdownSummary(report);
}
