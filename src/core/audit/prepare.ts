// Turning records into what the rules look at, once per audit: void records dropped,
// corrections put in place of what they amend, records dated after the audit date left
// out (so `--as-of` shows the repository as it stood then), everything grouped by case
// and sorted by date, and each case's records indexed by the keys matchers ask for.

import { isIsoDate, type IsoDate } from '../calendar/index.js';
import type { CaseFile, CaseRecord } from '../records.js';
import { recordKeys, toMatchable, type Matchable } from '../rules/match.js';
import type { MatchableType } from '../rules/types.js';

export interface Rec extends Matchable {
  id: string;
  case: string;
  date: IsoDate;
  /** False for the case file itself (see fileOf). */
  isRecord: boolean;
  /** Copied out of the record (see Matchable). */
  respondsTo: string | undefined;
  amends: string | undefined;
}

function rec(type: MatchableType, value: Record<string, unknown>, id: string, caseRef: string, date: IsoDate): Rec {
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
    respondsTo: typeof value.responds_to === 'string' ? value.responds_to : undefined,
    amends: typeof value.amends === 'string' ? value.amends : undefined,
  };
}

export interface CaseRecords {
  ref: string;
  caseFile?: CaseFile;
  /** Live records (not void, not amended, dated on or before the audit date), by date then id. */
  records: Rec[];
  /** Key → records filed under it, each list in date order. */
  index: Map<string, Rec[]>;
  /** Communications recording a statutory exception (usually none). */
  exceptions: Rec[];
  /** Lookups of several keys at once, merged and cached (see candidates). */
  merged?: Map<string, readonly Rec[]>;
}

export interface Prepared {
  cases: Map<string, CaseRecords>;
  /** Follows `amends` forward: the id of the live correction of a record (or the id itself). */
  live(id: string): string;
  /** Every valid, non-void record dated on or before the audit date, amended or not. */
  all: Rec[];
}

const TYPE_OF: Record<string, MatchableType> = {
  'minutes/v1': 'minutes',
  'note/v1': 'note',
  'communication/v1': 'communication',
};

/** The repository path of a record (made when needed: most records never need it). */
export function fileOf(r: Rec): string | undefined {
  return r.isRecord ? `cases/${r.case}/${r.id}.yaml` : undefined;
}

/** The day a record was first committed, looked up by id, then by path. */
export function firstCommitOf(r: Rec, firstCommitDay: ReadonlyMap<string, IsoDate> | undefined): IsoDate | undefined {
  if (!firstCommitDay || !r.isRecord) return undefined;
  return firstCommitDay.get(r.id) ?? firstCommitDay.get(fileOf(r)!);
}

export function prepare(casesIn: Map<string, CaseFile> | Iterable<CaseFile>, records: readonly CaseRecord[], asOf: IsoDate): Prepared {
  const caseFiles = casesIn instanceof Map ? [...casesIn.values()] : [...casesIn];
  const all: Rec[] = [];
  for (const r of records) {
    const type = TYPE_OF[r.schema];
    if (!type || r.status === 'void' || !isIsoDate(r.date) || r.date > asOf) continue;
    all.push(rec(type, r as unknown as Record<string, unknown>, r.id, r.case, r.date));
  }

  // A correction replaces the record it amends (a chain of corrections: the last one).
  const correctedBy = new Map<string, string>();
  for (const r of all) if (r.amends !== undefined && r.amends !== r.id) correctedBy.set(r.amends, r.id);
  const live = (id: string): string => {
    let current = id;
    for (let hops = 0; hops < 100 && correctedBy.has(current); hops++) current = correctedBy.get(current)!;
    return current;
  };

  const cases = new Map<string, CaseRecords>();
  const caseOf = (ref: string): CaseRecords => {
    let c = cases.get(ref);
    if (!c) {
      c = { ref, records: [], index: new Map(), exceptions: [] };
      cases.set(ref, c);
    }
    return c;
  };
  for (const caseFile of caseFiles) {
    const c = caseOf(caseFile.ref);
    c.caseFile = caseFile;
    // The case file takes part in matching (phase transfer); its "date" is when it was opened.
    c.records.push(rec('case', caseFile as unknown as Record<string, unknown>, caseFile.ref, caseFile.ref, isIsoDate(caseFile.opened) ? caseFile.opened : '0001-01-01'));
  }
  for (const r of all) if (!correctedBy.has(r.id)) caseOf(r.case).records.push(r);

  for (const c of cases.values()) {
    c.records.sort(byDateThenId);
    for (const r of c.records) {
      if (r.type === 'communication' && r.value.exception !== undefined) c.exceptions.push(r);
      for (const key of recordKeys(r)) {
        const list = c.index.get(key);
        if (list) list.push(r);
        else c.index.set(key, [r]);
      }
    }
  }
  return { cases, live, all };
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
