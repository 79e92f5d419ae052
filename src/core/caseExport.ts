// A case's records for the family's copy, a subject access response or a tribunal bundle:
// every record in date order, each amendment placed beside the record it corrects (with the
// fields it changed), void records kept and marked, internal notes left out unless asked
// for. Pure: the command reads the files, the formatters print this.

import { asFields, type CaseFile, type CaseRecord, type Note } from './records.js';

export interface ExportedRecord {
  record: CaseRecord;
  /** Corrections of this record, oldest first, each with the top-level fields it changed. */
  amendments: { record: CaseRecord; changed: string[] }[];
}

export interface CaseExport {
  caseFile: CaseFile;
  entries: ExportedRecord[];
  /** Internal notes left out (0 with includeInternal). */
  omittedInternal: number;
}

const isInternal = (r: CaseRecord) => r.schema === 'note/v1' && (r as Note).kind === 'internal';
const dateOf = (r: CaseRecord) => (r as { date: string }).date;
const byDateThenId = (a: CaseRecord, b: CaseRecord) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Top-level fields whose values differ (in their JSON form) between a record and its correction. */
function changedFields(original: CaseRecord, amendment: CaseRecord): string[] {
  const skip = new Set(['id', 'amends', 'status', 'recorded_by', 'void_reason', 'approved_by', 'approved_on']);
  const keys = new Set([...Object.keys(original), ...Object.keys(amendment)]);
  const a = asFields(original);
  const b = asFields(amendment);
  return [...keys].filter((k) => !skip.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

export function buildCaseExport(caseFile: CaseFile, records: readonly CaseRecord[], options: { includeInternal: boolean }): CaseExport {
  const kept = options.includeInternal ? [...records] : records.filter((r) => !isInternal(r));
  const omittedInternal = records.length - kept.length;
  const ids = new Set(kept.map((r) => r.id));
  // An amendment of a record that is here sits beside it; a chain of corrections (an
  // amendment amended) sits beside the first record of the chain.
  const rootOf = (r: CaseRecord): string => {
    let current = r;
    const seen = new Set<string>();
    while (current.amends !== undefined && ids.has(current.amends) && !seen.has(current.id)) {
      seen.add(current.id);
      current = kept.find((x) => x.id === current.amends)!;
    }
    return current.id;
  };
  const entries = new Map<string, ExportedRecord>();
  const sorted = [...kept].sort(byDateThenId);
  for (const r of sorted) if (r.amends === undefined || !ids.has(r.amends)) entries.set(r.id, { record: r, amendments: [] });
  for (const r of sorted) {
    if (r.amends === undefined || !ids.has(r.amends)) continue;
    const target = entries.get(rootOf(r));
    const corrected = kept.find((x) => x.id === r.amends)!;
    target?.amendments.push({ record: r, changed: changedFields(corrected, r) });
  }
  return { caseFile, entries: [...entries.values()], omittedInternal };
}
