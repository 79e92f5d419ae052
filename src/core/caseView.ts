// One case at a glance: its case.yaml and its records in date order (`ehcp case show`).
// Pure: built from loaded documents. Other parts of ehcp add what they compute about the
// case (the audit adds its open deadlines) as extra sections, so the printing stays in
// one formatter (src/cli/formatters/caseView.ts).

import type { LoadedDocument } from './document.js';
import type { Problem } from './problems.js';
import type { CaseFile, RecordType } from './records.js';

export interface CaseViewRow {
  date: string;
  type: RecordType;
  /** The communication's purpose, the minutes' or note's kind. */
  what: string;
  status: string;
  id: string;
  file: string;
  /** One line: the summary, purpose or first decision, shortened. */
  summary: string;
  amends?: string;
  /** Ids of records that amend this one. */
  amendedBy: string[];
  respondsTo?: string;
}

/** A titled table another module adds to the view (e.g. open deadlines). */
export interface CaseViewSection {
  /** Key in the JSON output, e.g. "deadlines". */
  key: string;
  title: string;
  columns: string[];
  rows: string[][];
  /** Said instead of the table when there are no rows. */
  empty?: string;
  /** The structured data behind the rows, for --format json. */
  data?: unknown;
}

export interface CaseView {
  ref: string;
  case?: CaseFile;
  rows: CaseViewRow[];
  /** Files in the case folder that are not valid records (listed so nothing is hidden). */
  invalid: { file: string; problems: Problem[] }[];
  sections: CaseViewSection[];
}

const SUMMARY_WIDTH = 72;

export function buildCaseView(ref: string, documents: LoadedDocument[]): CaseView {
  const rows: CaseViewRow[] = [];
  const invalid: CaseView['invalid'] = [];
  let caseFile: CaseFile | undefined;
  for (const doc of documents) {
    if (doc.type === 'case' && doc.valid && doc.value) {
      caseFile = doc.value as unknown as CaseFile;
      continue;
    }
    if (!doc.valid || !doc.value || !doc.type || doc.type === 'case' || doc.type === 'config') {
      invalid.push({ file: doc.file, problems: doc.problems });
      continue;
    }
    const v = doc.value as Record<string, unknown>;
    rows.push({
      date: String(v.date ?? ''),
      type: doc.type,
      what: String(doc.type === 'communication' ? `${v.direction} ${v.purpose}` : v.kind),
      status: String(v.status),
      id: String(v.id),
      file: doc.file,
      summary: oneLine(summaryOf(doc.type, v)),
      amends: typeof v.amends === 'string' ? v.amends : undefined,
      amendedBy: [],
      respondsTo: typeof v.responds_to === 'string' ? v.responds_to : undefined,
    });
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const row of rows) if (row.amends) byId.get(row.amends)?.amendedBy.push(row.id);
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ref, case: caseFile, rows, invalid, sections: [] };
}

function summaryOf(type: RecordType, v: Record<string, unknown>): string {
  const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x : undefined);
  if (type === 'minutes') {
    const decisions = Array.isArray(v.decisions) ? (v.decisions as { decision?: unknown }[]) : [];
    const outcome = v.outcome as { result?: unknown } | undefined;
    return (
      [text(outcome?.result), text(v.purpose), text(decisions[0]?.decision)].filter(Boolean).join(' — ') ||
      (v.status === 'draft' ? '(draft: not filled in yet)' : '')
    );
  }
  const extra: string[] = [];
  for (const key of ['outcome', 'order', 'event_date', 'meeting_kind'] as const) if (text(v[key])) extra.push(`${key.replace('_', ' ')}: ${v[key]}`);
  const exception = v.exception as { ground?: unknown } | undefined;
  if (text(exception?.ground)) extra.push(`exception ${exception!.ground}`);
  return [extra.join(', '), text(v.summary)].filter(Boolean).join(' — ');
}

export function oneLine(s: string, width = SUMMARY_WIDTH): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : flat.slice(0, width - 1).trimEnd() + '…';
}
