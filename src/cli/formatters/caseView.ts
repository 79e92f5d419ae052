// Printing a case view (`ehcp case show`) and the case list (`ehcp case list`): every
// way a case is printed lives here, so sections other modules add to a CaseView (open
// deadlines) print the same way as the records.

import type { ChalkInstance } from 'chalk';
import type { CaseView, CaseViewSection } from '../../core/caseView.js';
import { printable } from './inert.js';
import { asFields } from '../../core/records.js';

export interface CaseListRow {
  ref: string;
  status: string;
  officer?: string;
  opened?: string;
  phase_transfer?: string;
  name?: string;
  dob?: string;
  /** Set when case.yaml is not valid. */
  problem?: string;
}

/**
 * A plain-text table. Every cell is made inert here (printable: no terminal escapes, no
 * line breaks), so no caller can print record text raw and a newline in a name cannot
 * forge a row. Colour is applied by callers only to words ehcp itself chose.
 */
function table(columns: string[], rawRows: Cell[][], c?: ChalkInstance): string {
  const rows = rawRows.map((r) => r.map((cell) => (typeof cell === 'string' || cell === undefined ? { text: printable(cell ?? '') } : { text: printable(cell.text), style: cell.style })));
  const widths = columns.map((col, i) => Math.max(col.length, ...rows.map((r) => (r[i]?.text ?? '').length)));
  const line = (cells: { text: string; style?: (s: string) => string }[]) =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell.text : cell.text.padEnd(widths[i]);
        return cell.style ? cell.style(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const head = line(columns.map((text) => ({ text })));
  return [c ? c.bold(head) : head, ...rows.map(line)].join('\n');
}

/** A table cell: text (made inert), optionally with a style ehcp applies after padding. */
type Cell = string | { text: string; style: (s: string) => string };

export function renderCaseList(rows: CaseListRow[], format: 'table' | 'json', withNames: boolean, c: ChalkInstance): string {
  if (format === 'json') return JSON.stringify({ version: 1, cases: rows }, null, 2) + '\n';
  if (rows.length === 0) return 'No cases yet. Open one with `ehcp case new --ref REF`.\n';
  const columns = ['REF', 'STATUS', 'OFFICER', 'OPENED', 'PHASE TRANSFER', ...(withNames ? ['NAME', 'DOB'] : [])];
  const body = rows.map((r) => [
    r.ref,
    r.problem ? { text: 'invalid', style: c.red } : r.status,
    r.officer ?? '',
    r.opened ?? '',
    r.phase_transfer ?? '',
    ...(withNames ? [r.name ?? '', r.dob ?? ''] : []),
  ]);
  return table(columns, body, c) + `\n${rows.length} case${rows.length === 1 ? '' : 's'}\n`;
}

/** Text or JSON of one case. `withNames` adds the child's name and date of birth. */
export function renderCaseView(view: CaseView, format: 'text' | 'json', withNames: boolean, c: ChalkInstance): string {
  const caseFields = view.case ? publicCase(asFields(view.case), withNames) : undefined;
  if (format === 'json') {
    const extra = Object.fromEntries(view.sections.map((s) => [s.key, s.data ?? s.rows]));
    return (
      JSON.stringify(
        {
          version: 1,
          ref: view.ref,
          case: caseFields ?? null,
          records: view.rows,
          invalid: view.invalid.map((i) => ({ file: i.file, problems: i.problems })),
          ...extra,
        },
        null,
        2,
      ) + '\n'
    );
  }
  const out: string[] = [];
  out.push(c.bold(`Case ${view.ref}`));
  if (caseFields) {
    for (const [key, value] of Object.entries(caseFields)) {
      if (key === 'schema' || key === 'ref') continue;
      out.push(`  ${printable(key.replace(/_/g, ' '))}: ${printable(typeof value === 'object' && value !== null ? Object.values(value as object).join(' ') : String(value))}`);
    }
  } else {
    out.push(c.red('  case.yaml is missing or invalid: run `ehcp validate`.'));
  }
  out.push('');
  out.push(c.bold(`Records (${view.rows.length})`));
  if (view.rows.length === 0) {
    out.push('  none yet');
  } else {
    const rows = view.rows.map((r) => {
      const notes = [r.amends ? `amends ${r.amends}` : '', r.amendedBy.length ? `amended by ${r.amendedBy.join(', ')}` : '', r.respondsTo ? `re ${r.respondsTo}` : '']
        .filter(Boolean)
        .join('; ');
      const status: Cell = r.status === 'void' ? { text: 'void', style: c.dim } : r.status === 'draft' ? { text: 'draft', style: c.yellow } : r.status;
      return [r.date, r.type, r.what, status, r.id, [r.summary, notes ? `(${notes})` : ''].filter(Boolean).join(' ')];
    });
    out.push(indent(table(['DATE', 'TYPE', 'PURPOSE/KIND', 'STATUS', 'ID', 'SUMMARY'], rows, c)));
  }
  if (view.invalid.length > 0) {
    out.push('');
    out.push(c.red(`Not valid (${view.invalid.length}): run \`ehcp validate\` for details`));
    for (const i of view.invalid) out.push(`  ${printable(i.file)}`);
  }
  for (const section of view.sections) out.push('', ...renderSection(section, c));
  return out.join('\n') + '\n';
}

function renderSection(section: CaseViewSection, c: ChalkInstance): string[] {
  const head = c.bold(`${section.title} (${section.rows.length})`);
  if (section.rows.length === 0) return [head, `  ${section.empty ?? 'none'}`];
  return [head, indent(table(section.columns, section.rows, c))];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** The case's fields, without name and date of birth unless asked for. */
function publicCase(value: Readonly<Record<string, unknown>>, withNames: boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => withNames || (k !== 'name' && k !== 'dob')));
}
