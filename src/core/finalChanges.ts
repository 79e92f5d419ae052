// What changed between two versions of a record, and is it allowed (docs/records.md: a
// finalised record is never edited in place; a correction is a new record that `amends`
// it, a withdrawal sets `status: void` with a reason). The rule lives here, once, for both
// of its users: `ehcp validate --base REV` (store/git/baseCheck.ts: REV against now) and the
// audit's `integrity` category (store/git/recordChanges.ts: every commit of the history).
//
// Versions are compared as parsed YAML values, so re-quoting, re-ordering keys or adding
// a comment is not a change; changing any value is. Only field NAMES ever reach a message,
// never their contents (record text may be personal data).
//
// Pure: no git, no files. The history walk takes its facts about each version (status,
// comparison) from a provider the caller backs with git and a cache.

import { parseYaml } from './yaml.js';
import { caseFileOf, logicalKey } from './layout.js';

export type RecordValue = Record<string, unknown>;

// ---------------------------------------------------------------------------------------
// Two versions

/** A record file's bytes as a parsed mapping, or undefined when it is not a readable YAML mapping. */
export function parseRecordVersion(file: string, bytes: Uint8Array): { value: RecordValue; locate: (p: (string | number)[]) => { line: number; col: number } } | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseYaml(file, text);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return undefined;
  return { value: parsed.value as RecordValue, locate: parsed.locate };
}

/** Final and void records are protected: a void record stays exactly as it was withdrawn. */
function isProtected(value: RecordValue | undefined): boolean {
  return value?.status === 'final' || value?.status === 'void';
}

/** Deep equality of parsed YAML values (key order in mappings does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameValue(ao[k], bo[k]));
}

/** The exact change `ehcp record void` makes: status final -> void, void_reason added, nothing else. */
function isVoiding(before: RecordValue, after: RecordValue): boolean {
  if (before.status !== 'final' || after.status !== 'void') return false;
  if (before.void_reason !== undefined) return false;
  if (typeof after.void_reason !== 'string' || after.void_reason.trim() === '') return false;
  const rest = (v: RecordValue) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'status' && k !== 'void_reason'));
  return sameValue(rest(before), rest(after));
}

/** Top-level fields whose parsed values differ, in the new version's order, then removed ones. */
function changedFields(before: RecordValue, after: RecordValue): string[] {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
  return keys.filter((k) => !sameValue(before[k], after[k]));
}

/** The identity fields (a record's `id` and `case`, a case file's `ref`) that differ. */
export function identityChanges(before: RecordValue, after: RecordValue, isCaseFile: boolean): string[] {
  return (isCaseFile ? ['ref'] : ['id', 'case']).filter((k) => !sameValue(before[k], after[k]));
}

/**
 * How the newer version of a record stands against the older one.
 * - `same`: equal values (reformatting, comments, key order);
 * - `void`: the one allowed change to a final record;
 * - `changed`: anything else (`fields` names them; empty when the new version is not a
 *   readable record at all).
 */
export type Comparison = { kind: 'same' } | { kind: 'void' } | { kind: 'changed'; fields: string[] };

export function compareVersions(before: RecordValue, after: RecordValue | undefined): Comparison {
  if (!after) return { kind: 'changed', fields: [] };
  if (sameValue(before, after)) return { kind: 'same' };
  if (isVoiding(before, after)) return { kind: 'void' };
  return { kind: 'changed', fields: changedFields(before, after) };
}

/**
 * Is a change from `before` to `after` allowed? Drafts (and anything not final or void)
 * may change freely; a protected record may only stay the same or be voided. A deletion
 * is `after: 'deleted'`; an unreadable new version is `after: undefined`.
 */
export type ChangeVerdict =
  | { allowed: true; reason: 'not-protected' | 'unchanged' | 'voided' }
  | { allowed: false; kind: 'deleted' }
  | { allowed: false; kind: 'changed'; fields: string[] };

export function judgeChange(before: RecordValue, after: RecordValue | 'deleted' | undefined): ChangeVerdict {
  if (!isProtected(before)) return { allowed: true, reason: 'not-protected' };
  if (after === 'deleted') return { allowed: false, kind: 'deleted' };
  const c = compareVersions(before, after);
  if (c.kind === 'same') return { allowed: true, reason: 'unchanged' };
  if (c.kind === 'void') return { allowed: true, reason: 'voided' };
  return { allowed: false, kind: 'changed', fields: c.fields };
}

/** One side of a possible move: a file deleted, or a file added, with its record id if known. */
export interface MoveSide {
  path: string;
  id?: string;
}

/**
 * Records moved: deleted in one place and added in another with the same file name (the
 * file name is the id) or the same `id`. By identity, not by git's similarity guess, which
 * misses a move combined with an edit. case.yaml files are never paired by name (every
 * case has one).
 */
export function pairMoves<D extends MoveSide, A extends MoveSide>(deleted: readonly D[], added: readonly A[]): { from: D; to: A }[] {
  const taken = new Set<A>();
  const out: { from: D; to: A }[] = [];
  for (const d of deleted) {
    const name = baseName(d.path);
    const to = added.find((a) => !taken.has(a) && ((name !== 'case.yaml' && baseName(a.path) === name) || (d.id !== undefined && a.id === d.id)));
    if (!to) continue;
    taken.add(to);
    out.push({ from: d, to });
  }
  return out;
}

/** The same case and file name, whichever layout each path is in (core/layout.ts). */
function samePlace(a: string, b: string): boolean {
  return a === b || logicalKey(a) === logicalKey(b);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------------------
// The history: every commit that changed an existing record file, oldest first

export type VersionStatus = 'draft' | 'final' | 'void' | 'other' | 'unreadable';

/** What the walk needs to know about versions (git blob ids); undefined when not known yet. */
export interface VersionFacts {
  status(oid: string): VersionStatus | undefined;
  /** `before` is a protected (final or void) version. */
  compare(before: string, after: string): Comparison | undefined;
}

export interface CommitRef {
  sha: string;
  authorName: string;
  /** The author's own calendar day, YYYY-MM-DD. */
  authorDay: string;
}

/** One commit's change to one record file. Versions are blob ids. */
export interface RecordFileChange {
  commit: CommitRef;
  kind: 'modified' | 'deleted' | 'moved' | 'added';
  /** The file after the change (for `deleted`, the file deleted). */
  path: string;
  /** `moved`: where it was. */
  from?: string;
  /** The version in the commit's first parent (none for `added`). */
  before?: string;
  /** The version in the commit (none for `deleted`). */
  after?: string;
}

type FinalRecordProblem = 'final-record-changed' | 'final-record-deleted' | 'record-moved';

/** A record that, at the end of the walk, is not as it was last legitimately written. */
export interface FinalRecordChange {
  rule: FinalRecordProblem;
  /** The case and record id, from where the record belongs. */
  case: string;
  record: string;
  /** Where it belongs (and, unless moved or deleted, is). */
  home: string;
  /** Where it is now: the moved-to path; undefined when deleted. */
  path?: string;
  /** The protected status it had (final or void); undefined for a draft that was moved. */
  status?: 'final' | 'void';
  /** The fields that differ from the protected version (names only); empty when unknown or unreadable. */
  fields: string[];
  /** A moved record whose values were also changed from its final version. */
  alsoChanged: boolean;
  /** The first commit since the record was last as it should be. */
  commit: CommitRef;
  /** Commits after that one which also touched it without putting it right. */
  laterCommits: number;
}

interface Trace {
  home: string;
  /** Where it is now; null once deleted. */
  path: string | null;
  /** The current version (blob id); null once deleted, undefined when unknown. */
  oid: string | null | undefined;
  protectedOid?: string;
  protectedStatus?: 'final' | 'void';
  offence?: { commit: CommitRef; later: number };
  /** A fact was missing: nothing more can be said about this record in this walk. */
  unknown?: boolean;
}

/**
 * Walk the changes (oldest first) record by record and report each record that is not,
 * at the end, as it was last legitimately written: a final (or void) record whose current
 * values differ from that version other than by exactly voiding it, one deleted, or any
 * record (draft included) moved away from the file it was written to.
 *
 * Why the end state and not each commit: a hand edit that was later put back exactly (a
 * `git revert`, a restore from the previous commit) leaves the record as it was, and the
 * advice of a finding ("restore the final version") must be able to clear it; otherwise
 * one slip would keep `--fail-on any` red for ever. The finding names the first commit
 * since the record was last right, and counts the later ones.
 *
 * `missing` lists the versions whose facts were unknown; the caller reads them and walks
 * again (records with a missing fact are left out of `changes` until then).
 */
export function traceFinalRecords(changes: readonly RecordFileChange[], facts: VersionFacts): { changes: FinalRecordChange[]; missing: { statuses: string[]; pairs: [string, string][] } } {
  const traces = new Map<string, Trace>();
  const missingStatus = new Set<string>();
  const missingPairs = new Map<string, [string, string]>();
  const statusOf = (oid: string | undefined): VersionStatus | undefined => {
    if (oid === undefined) return 'unreadable';
    const s = facts.status(oid);
    if (s === undefined) missingStatus.add(oid);
    return s;
  };
  const compare = (a: string, b: string | null | undefined): Comparison | undefined => {
    if (b === null || b === undefined) return { kind: 'changed', fields: [] };
    if (a === b) return { kind: 'same' };
    const c = facts.compare(a, b);
    if (c === undefined) missingPairs.set(`${a} ${b}`, [a, b]);
    return c;
  };

  for (const change of changes) {
    const key = change.kind === 'moved' ? change.from! : change.path;
    let trace = traces.get(key);
    if (trace?.unknown) continue;
    // Moved unchanged to the same case and name in the other layout (a migration between
    // layouts, core/layout.ts): the record is where it belongs, and its home moves with it.
    const relabel = change.kind === 'moved' && change.before !== undefined && change.before === change.after && logicalKey(change.path) === logicalKey(change.from!);
    if (relabel && (!trace || trace.path === change.from)) {
      if (!trace) continue; // never touched before: nothing to follow
      if (trace.home === change.from) trace.home = change.path;
      traces.delete(key);
      traces.set(change.path, trace);
      trace.path = change.path;
      continue;
    }
    if (!trace) {
      if (change.kind === 'added') continue; // a new record: nothing to protect yet
      trace = { home: key, path: key, oid: change.before };
      traces.set(key, trace);
    } else if (change.kind === 'added' && trace.path !== null) {
      continue; // the path already holds this record (a merge replayed): nothing new
    }
    // A record becomes protected the first time a change finds it final or void: the
    // commits that made it so (a create with --final, a finalise, a draft edited by hand)
    // were changes to a draft, which are allowed.
    if (trace.protectedOid === undefined && change.kind !== 'added') {
      const status = statusOf(change.before);
      if (status === undefined) {
        trace.unknown = true;
        continue;
      }
      if ((status === 'final' || status === 'void') && change.before !== undefined) {
        trace.protectedOid = change.before;
        trace.protectedStatus = status;
      }
    }
    // Apply it.
    if (change.kind === 'moved') {
      traces.delete(key);
      traces.set(change.path, trace);
      trace.path = change.path;
      trace.oid = change.after;
    } else if (change.kind === 'deleted') {
      trace.path = null;
      trace.oid = null;
    } else {
      trace.path = change.path;
      trace.oid = change.after;
    }
    // Where does it stand now?
    if (trace.path === null && trace.protectedOid === undefined) {
      traces.delete(key); // a draft deleted: allowed, and nothing is left to follow
      continue;
    }
    let contentRight = true;
    if (trace.protectedOid !== undefined && trace.path !== null) {
      const c = compare(trace.protectedOid, trace.oid);
      if (c === undefined) {
        trace.unknown = true;
        continue;
      }
      if (c.kind === 'void') {
        trace.protectedOid = trace.oid!;
        trace.protectedStatus = 'void';
      }
      contentRight = c.kind !== 'changed';
    }
    const right = trace.path !== null && samePlace(trace.path, trace.home) && contentRight;
    if (right) trace.offence = undefined;
    else if (!trace.offence) trace.offence = { commit: change.commit, later: 0 };
    else trace.offence.later++;
  }

  const out: FinalRecordChange[] = [];
  for (const trace of traces.values()) {
    if (trace.unknown || !trace.offence) continue;
    const moved = trace.path !== null && !samePlace(trace.path, trace.home);
    let fields: string[] = [];
    let changed = false;
    if (trace.protectedOid !== undefined && trace.path !== null) {
      const c = compare(trace.protectedOid, trace.oid);
      if (c === undefined) continue;
      if (c.kind === 'changed') {
        changed = true;
        fields = c.fields;
      }
    }
    const home = caseFileOf(trace.home);
    out.push({
      rule: trace.path === null ? 'final-record-deleted' : moved ? 'record-moved' : 'final-record-changed',
      case: home?.ref ?? '',
      record: home?.id ?? trace.home,
      home: trace.home,
      path: trace.path ?? undefined,
      status: trace.protectedStatus,
      fields,
      alsoChanged: moved && changed,
      commit: trace.offence.commit,
      laterCommits: trace.offence.later,
    });
  }
  out.sort((a, b) => (a.home < b.home ? -1 : a.home > b.home ? 1 : 0));
  return { changes: out, missing: { statuses: [...missingStatus], pairs: [...missingPairs.values()] } };
}

/** A VersionFacts over parsed values in memory (tests, and the store once blobs are read). */
export function factsFromValues(values: ReadonlyMap<string, RecordValue | undefined>): VersionFacts {
  return {
    status(oid) {
      if (!values.has(oid)) return undefined;
      return statusOfValue(values.get(oid));
    },
    compare(before, after) {
      if (!values.has(before) || !values.has(after)) return undefined;
      const b = values.get(before);
      if (!b) return { kind: 'changed', fields: [] };
      return compareVersions(b, values.get(after));
    },
  };
}

export function statusOfValue(value: RecordValue | undefined): VersionStatus {
  if (!value) return 'unreadable';
  const s = value.status;
  return s === 'draft' || s === 'final' || s === 'void' ? s : 'other';
}
