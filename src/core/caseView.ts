// One case at a glance: its case.yaml and its records in date order (`ehcp case show`).
// Pure: built from loaded documents. Other parts of ehcp add what they compute about the
// case (the audit adds its open deadlines) as extra sections, so the printing stays in
// one formatter (src/cli/formatters/caseView.ts).

import type { LoadedDocument } from './document.js';
import type { Problem } from './problems.js';
import type { CaseFile, CaseRecord, RecordType } from './records.js';

interface CaseViewRow {
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
    if (doc.valid && doc.type === 'case') {
      caseFile = doc.value;
      continue;
    }
    if (!doc.valid || doc.type === 'config') {
      invalid.push({ file: doc.file, problems: doc.problems });
      continue;
    }
    const record = doc.value;
    rows.push({
      date: record.date,
      type: doc.type,
      what: record.schema === 'communication/v1' ? `${record.direction} ${record.purpose}` : record.kind,
      status: record.status,
      id: record.id,
      file: doc.file,
      summary: oneLine(summaryOf(record)),
      amends: record.amends,
      amendedBy: [],
      respondsTo: record.schema === 'communication/v1' ? record.responds_to : undefined,
    });
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const row of rows) if (row.amends) byId.get(row.amends)?.amendedBy.push(row.id);
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ref, case: caseFile, rows, invalid, sections: [] };
}

function summaryOf(record: CaseRecord): string {
  const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x : undefined);
  if (record.schema === 'minutes/v1') {
    return (
      [text(record.outcome?.result), text(record.purpose), text(record.decisions?.[0]?.decision)].filter(Boolean).join(' — ') ||
      (record.status === 'draft' ? '(draft: not filled in yet)' : '')
    );
  }
  const extra: string[] = [];
  if (record.schema === 'communication/v1') {
    for (const key of ['outcome', 'order', 'event_date', 'meeting_kind'] as const) if (text(record[key])) extra.push(`${key.replace('_', ' ')}: ${record[key]}`);
    if (text(record.exception?.ground)) extra.push(`exception ${record.exception!.ground}`);
  }
  return [extra.join(', '), text(record.summary)].filter(Boolean).join(' — ');
}

function oneLine(s: string, width = SUMMARY_WIDTH): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : flat.slice(0, width - 1).trimEnd() + '…';
}
