// Turning records into what the rules look at, once per audit: void records dropped,
// corrections put in place of what they amend, records dated after the audit date left
// out (so `--as-of` shows the repository as it stood then), everything grouped by case
// and sorted by date, and each case's records indexed by the keys matchers ask for.

import { isIsoDate, type IsoDate } from '../calendar/index.js';
import { asFields, type CaseFile, type CaseRecord } from '../records.js';
import { recordKeys, toMatchable, type Matchable } from '../rules/match.js';
import type { MatchableType } from '../rules/types.js';
import { caseDirIn, type Layout } from '../layout.js';

export interface Rec extends Matchable {
  id: string;
  case: string;
  date: IsoDate;
  /** False for the case file itself (it is no record: no file of its own here, no first-commit day). */
  isRecord: boolean;
  /** A record's file where the repository's layout puts it (undefined for the case file). */
  file: string | undefined;
  /** Copied out of the record (see Matchable). */
  respondsTo: string | undefined;
  amends: string | undefined;
  /**
   * The day git first saw the record, once looked up (see firstCommitOf): `undefined` until
   * then, `null` when history does not say. The clocks ask for it for every candidate they
   * weigh, several times a record on a large case.
   */
  firstCommit: IsoDate | null | undefined;
}

/** `folder`: the case's folder where the layout puts it (worked out once per case: a sharded one hashes the reference). */
function rec(type: MatchableType, value: Record<string, unknown>, id: string, caseRef: string, date: IsoDate, folder: string): Rec {
  const m = toMatchable(type, value);
  return {
    type,
    value,
    status: m.status,
    purpose: m.purpose,
    kind: m.kind,
    direction: m.direction,
    id,
    case: caseRef,
    date,
    isRecord: type !== 'case',
    file: type !== 'case' ? `${folder}/${id}.yaml` : undefined,
    respondsTo: typeof value.responds_to === 'string' ? value.responds_to : undefined,
    amends: typeof value.amends === 'string' ? value.amends : undefined,
    firstCommit: undefined,
  };
}

export interface CaseRecords {
  ref: string;
  caseFile?: CaseFile;
  /** Live records (not void, not amended, dated on or before the audit date), by date then id. */
  records: Rec[];
  /** Every valid, non-void record of the case dated on or before the audit date, amended or not. */
  all: Rec[];
  /** Key → records filed under it, each list in date order. */
  index: Map<string, Rec[]>;
  /** Communications recording a statutory exception (usually none). */
  exceptions: Rec[];
  /** Follows `amends` forward: the id of the live correction of a record (or the id itself). */
  live(id: string): string;
  /** Lookups of several keys at once, merged and cached (see candidates). */
  merged?: Map<string, readonly Rec[]>;
}

/** A case's file and raw records, before preparation. */
export interface CaseGroup {
  ref: string;
  caseFile?: CaseFile;
  records: CaseRecord[];
}

const TYPE_OF: Record<string, MatchableType> = {
  'minutes/v1': 'minutes',
  'note/v1': 'note',
  'communication/v1': 'communication',
};

/** The day a record was first committed (firstCommitDay is keyed by record id). */
export function firstCommitOf(r: Rec, firstCommitDay: ReadonlyMap<string, IsoDate> | undefined): IsoDate | undefined {
  if (!firstCommitDay || !r.isRecord) return undefined;
  if (r.firstCommit === undefined) r.firstCommit = firstCommitDay.get(r.id) ?? null;
  return r.firstCommit ?? undefined;
}

/**
 * The records grouped by case: one pass, references only. The audit then prepares and
 * audits one case at a time, so what it builds per case is short-lived (cheap for the
 * garbage collector, and peak memory stays flat however large the repository).
 */
export function groupByCase(casesIn: Map<string, CaseFile> | Iterable<CaseFile>, records: readonly CaseRecord[], asOf: IsoDate): Map<string, CaseGroup> {
  const groups = new Map<string, CaseGroup>();
  const groupOf = (ref: string): CaseGroup => {
    let g = groups.get(ref);
    if (!g) groups.set(ref, (g = { ref, records: [] }));
    return g;
  };
  for (const caseFile of casesIn instanceof Map ? casesIn.values() : casesIn) groupOf(caseFile.ref).caseFile = caseFile;
  for (const r of records) {
    if (r.status === 'void' || !(r.date <= asOf) || !isIsoDate(r.date) || TYPE_OF[r.schema] === undefined) continue;
    groupOf(r.case).records.push(r);
  }
  return groups;
}

/** One case's records ready for the rules: corrections in place, sorted, indexed. */
export function prepareCase(group: CaseGroup, layout: Layout = 'flat'): CaseRecords {
  const all: Rec[] = [];
  const folder = caseDirIn(group.ref, layout);
  for (const r of group.records) all.push(rec(TYPE_OF[r.schema], asFields(r), r.id, r.case, r.date, folder));

  // A correction replaces the record it amends (a chain of corrections: the last one).
  let correctedBy: Map<string, string> | undefined;
  for (const r of all) if (r.amends !== undefined && r.amends !== r.id) (correctedBy ??= new Map()).set(r.amends, r.id);
  const live = (id: string): string => {
    let current = id;
    for (let hops = 0; hops < 100 && correctedBy?.has(current); hops++) current = correctedBy.get(current)!;
    return current;
  };

  const records: Rec[] = [];
  if (group.caseFile) {
    // The case file takes part in matching (phase transfer); its "date" is when it was opened.
    const cf = group.caseFile;
    records.push(rec('case', asFields(cf), cf.ref, cf.ref, isIsoDate(cf.opened) ? cf.opened : '0001-01-01', folder));
  }
  for (const r of all) if (!correctedBy?.has(r.id)) records.push(r);
  records.sort(byDateThenId);

  const c: CaseRecords = { ref: group.ref, caseFile: group.caseFile, records, all, index: new Map(), exceptions: [], live };
  for (const r of records) {
    if (r.type === 'communication' && r.value.exception !== undefined) c.exceptions.push(r);
    for (const key of recordKeys(r)) {
      const list = c.index.get(key);
      if (list) list.push(r);
      else c.index.set(key, [r]);
    }
  }
  return c;
}

const NONE: readonly Rec[] = Object.freeze([]);

/** Records filed under any of `keys`, each once, in date order. Merged lists are cached per case. */
export function candidates(c: CaseRecords, keys: readonly string[]): readonly Rec[] {
  if (keys.length === 1) return c.index.get(keys[0]) ?? NONE;
  const cacheKey = keys.join('|');
  const cached = c.merged?.get(cacheKey);
  if (cached) return cached;
  let lists = 0;
  let only: Rec[] | undefined;
  for (const k of keys) {
    const l = c.index.get(k);
    if (l && l.length > 0) (lists++, (only = l));
  }
  let merged: readonly Rec[];
  if (lists === 0) merged = NONE;
  else if (lists === 1) merged = only!;
  else {
    const seen = new Set<Rec>();
    const out: Rec[] = [];
    for (const k of keys) for (const r of c.index.get(k) ?? NONE) if (!seen.has(r)) (seen.add(r), out.push(r));
    merged = out.sort(byDateThenId);
  }
  (c.merged ??= new Map()).set(cacheKey, merged);
  return merged;
}

function byDateThenId(a: Rec, b: Rec): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
