// Final records changed, deleted or moved in the history (docs/rules.md, `integrity`),
// for the audit, without a --base: from the History the audit has already read for
// late-record (never a second `git log`), the commits that Modified, Deleted or Renamed a
// record file under cases/<REF>/ are walked by the pure rule in core/finalChanges.ts.
//
// Cost. Only those commits need a blob read (a create, status A, needs none): each one's
// previous version (`<sha>^:<path>`, the first parent's) and new version (`<sha>:<path>`),
// all in ONE `git cat-file --batch`. What was learnt is cached in
// .ehcp/cache/final-changes.json, keyed by what cannot change under it (commit sha and
// path -> blob ids; blob id -> status; pair of blob ids -> comparison), so a repeat audit
// reads no blob and parses no YAML, and a new commit costs only its own versions. A
// rebase or reset needs no invalidation: entries of commits no longer in the history are
// simply not written back. The last full answer is kept too, with the head it is for: a
// repeat audit with nothing committed since returns it without a pass over the commits.
//
// case.yaml is left out: it is not a finalised record (its status, officer and closing
// date change as a case moves on). The cache holds blob ids and field names, never
// record text.

import path from 'node:path';
import {
  factsFromValues,
  pairMoves,
  parseRecordVersion,
  statusOfValue,
  traceFinalRecords,
  type Comparison,
  type FinalRecordChange,
  type RecordFileChange,
  type RecordValue,
  type VersionFacts,
  type VersionStatus,
} from '../../core/finalChanges.js';
import { catFileBatch } from './catFile.js';
import { logicalKey, parseCasePath } from '../../core/layout.js';
import type { History, HistoryCommit, HistoryFile, LazyHistory } from './history.js';
import { CACHE_DIR } from '../paths.js';
import { writeFileAtomic } from '../write/write.js';
import { MAX_STATE_BYTES, readBoundedText } from '../read/readFile.js';
import { fastLoadDocument } from '../read/fastLoad.js';
import { asFields } from '../../core/records.js';
import { getSchemaValidator } from '../read/schemas.js';

export const FINAL_CHANGES_CACHE_FILE = `${CACHE_DIR}/final-changes.json`;
/** 2: the cached result's lastDay is PendingChange.day (was the author day). */
const CACHE_VERSION = 2;

/** A record file in a case folder, in either layout (cases/<REF>/ or cases/<xx>/<REF>/); not a case.yaml. */
const isRecordFile = (p: string | undefined): p is string => {
  if (p === undefined || !p.endsWith('.yaml') || p.endsWith('/case.yaml') || p.includes('\n')) return false;
  return parseCasePath(p) !== undefined;
};

export interface RecordChangesOptions {
  /** Only commits dated on or before this date (PendingChange.day; reproducible audits). */
  asOf?: string;
}

export interface RecordChangesResult {
  changes: FinalRecordChange[];
  /** How many commits' versions had to be read from git this time (0 when all came from the cache). */
  read: number;
}

/** Every record that is not, in HEAD's history, as it was last legitimately written. */
export async function readFinalRecordChanges(root: string, source: History | LazyHistory, options: RecordChangesOptions = {}): Promise<RecordChangesResult> {
  const cache = readCache(root);
  // Nothing committed since the last audit, and an audit date that cuts off no change: the
  // answer is the last one, without even a pass over the history's commits.
  const last = cache.result;
  if (last && source.head !== null && last.head === source.head && (options.asOf === undefined || options.asOf >= last.lastDay)) {
    return { changes: last.changes, read: 0 };
  }
  const history = 'commits' in source ? source : await source.load();
  const all = recordFileChanges(history);
  let dirty = false;

  // Blob ids of each change's two versions: from the cache, or one cat-file for the rest.
  const unknown = all.filter((c) => !c.known && !cache.versions.has(c.key));
  const bytes = new Map<string, Buffer | undefined>();
  if (unknown.length > 0) {
    const names: string[] = [];
    for (const c of unknown) {
      names.push(c.beforeName ?? '', c.afterName ?? '');
    }
    const wanted = names.map((n, i) => ({ n, i })).filter((x) => x.n !== '');
    const objects = await catFileBatch(root, wanted.map((x) => x.n));
    const byIndex = new Map<number, { oid: string; bytes: Buffer } | undefined>();
    wanted.forEach((x, j) => byIndex.set(x.i, objects[j] && objects[j]!.type === 'blob' ? objects[j] : undefined));
    unknown.forEach((c, k) => {
      const before = byIndex.get(2 * k);
      const after = byIndex.get(2 * k + 1);
      if (before) bytes.set(before.oid, before.bytes);
      if (after) bytes.set(after.oid, after.bytes);
      cache.versions.set(c.key, [before?.oid ?? '', after?.oid ?? '']);
    });
    dirty = true;
  }
  for (const c of all) {
    const [before, after] = c.known ?? cache.versions.get(c.key)!;
    c.change.before = before || undefined;
    c.change.after = after || undefined;
  }
  const changes = all.filter((c) => options.asOf === undefined || c.day <= options.asOf).map((c) => c.change);

  // Facts about versions: the cache first, then the blobs in memory (parsed once each).
  const parsed = new Map<string, RecordValue | undefined>();
  const valueOf = (oid: string): RecordValue | undefined | null => {
    if (parsed.has(oid)) return parsed.get(oid);
    if (!bytes.has(oid)) return null; // not read: the walk reports it missing
    const b = bytes.get(oid);
    const v = b ? (fastValueOf(b) ?? parseRecordVersion(oid, b)?.value) : undefined;
    parsed.set(oid, v);
    return v;
  };
  const facts: VersionFacts = {
    status(oid) {
      const known = cache.statuses.get(oid);
      if (known) return known;
      const v = valueOf(oid);
      if (v === null) return undefined;
      const s = statusOfValue(v);
      cache.statuses.set(oid, s);
      dirty = true;
      return s;
    },
    compare(a, b) {
      const key = `${a} ${b}`;
      const known = cache.pairs.get(key);
      if (known) return known;
      const va = valueOf(a);
      const vb = valueOf(b);
      if (va === null || vb === null) return undefined;
      const c = factsFromValues(new Map([[a, va], [b, vb]])).compare(a, b)!;
      cache.pairs.set(key, c);
      dirty = true;
      return c;
    },
  };

  let result = traceFinalRecords(changes, facts);
  // Facts of versions whose blob ids are cached but whose facts were never learnt (an
  // earlier audit with an --as-of before the commit, or a record edited again after a hand
  // edit): a cat-file by blob id for just those, and walk again. Each walk can uncover the
  // next fact needed (a status first, then a comparison with it), so repeat until no fact
  // is missing: a record is never left out of the answer because the cache lacked a fact.
  for (;;) {
    const missing = new Set([...result.missing.statuses, ...result.missing.pairs.flat()].filter((oid) => !bytes.has(oid)));
    if (missing.size === 0) break;
    const ids = [...missing];
    const objects = await catFileBatch(root, ids);
    ids.forEach((oid, i) => bytes.set(oid, objects[i]?.bytes));
    result = traceFinalRecords(changes, facts);
  }
  let lastDay = '';
  for (const c of all) if (c.day > lastDay) lastDay = c.day;
  if (history.head !== null && (options.asOf === undefined || options.asOf >= lastDay) && last?.head !== history.head) {
    cache.result = { head: history.head, lastDay, changes: result.changes };
    dirty = true;
  }
  if (dirty) writeCache(root, cache, all);
  return { changes: result.changes, read: unknown.length };
}

interface PendingChange {
  /** The cache key: commit and path. */
  key: string;
  /**
   * The day an --as-of audit counts the change from: the earlier of its author and
   * committer days, so a commit dated into the future by either date is not hidden.
   */
  day: string;
  change: RecordFileChange;
  beforeName?: string;
  afterName?: string;
  /**
   * Both versions, known without reading anything: a file moved unchanged to the same case
   * and name in the other layout (`ehcp migrate`, core/layout.ts). A migration moves every
   * record in one commit; none of them needs a blob read.
   */
  known?: [string, string];
}

/**
 * The commits' changes to record files, oldest first. M and T are edits; D a deletion; R
 * (git's rename guess) a move; a D and an A of the same file name in one commit are a move
 * git did not guess (a move with heavy edits). An A counts only where a record was
 * deleted or moved away before (it may be the record put back); a new record needs none.
 */
function recordFileChanges(history: History): PendingChange[] {
  const out: PendingChange[] = [];
  const vacated = new Set<string>();
  for (const commit of history.commits) {
    // Most commits are ehcp's own creates (one A): decided on the status letter alone, with
    // nothing allocated, since this loop runs over every commit of the history.
    let deleted: HistoryFile[] | undefined;
    let added: HistoryFile[] | undefined;
    let edits: PendingChange[] | undefined;
    let moves: PendingChange[] | undefined;
    for (const f of commit.files) {
      const status = f.status;
      if (status === 'A' || status === 'C') {
        if (vacated.size > 0 && vacated.has(f.path) && isRecordFile(f.path)) (added ??= []).push(f);
      } else if (status === 'M' || status === 'T') {
        if (isRecordFile(f.path)) (edits ??= []).push(pending(commit, 'modified', f.path, undefined, f.beforeOid, f.afterOid));
      } else if (status === 'D') {
        if (isRecordFile(f.path)) (deleted ??= []).push(f);
      } else if (status === 'R') {
        if (isRecordFile(f.oldPath)) {
          const move = pending(commit, 'moved', f.path, f.oldPath, f.beforeOid, f.afterOid);
          if (f.beforeOid !== undefined && f.beforeOid === f.afterOid && isRecordFile(f.path) && logicalKey(f.path) === logicalKey(f.oldPath)) move.known = [f.beforeOid, f.afterOid];
          (moves ??= []).push(move);
        }
        else if (vacated.size > 0 && vacated.has(f.path) && isRecordFile(f.path)) (added ??= []).push(f);
      }
    }
    if (!deleted && !edits && !moves && !added) continue;
    if (deleted) {
      // A deletion: any record file added in the same commit may be the same record moved.
      const created = commit.files.filter((f) => (f.status === 'A' || f.status === 'C' || (f.status === 'R' && !isRecordFile(f.oldPath))) && isRecordFile(f.path));
      for (const { from, to } of pairMoves(deleted, created)) {
        (moves ??= []).push(pending(commit, 'moved', to.path, from.path, from.beforeOid, to.afterOid));
        deleted.splice(deleted.indexOf(from), 1);
        if (added) added = added.filter((a) => a.path !== to.path);
      }
    }
    for (const m of moves ?? []) {
      vacated.add(m.change.from!);
      out.push(m);
    }
    for (const d of deleted ?? []) {
      vacated.add(d.path);
      out.push(pending(commit, 'deleted', d.path, undefined, d.beforeOid));
    }
    if (edits) out.push(...edits);
    for (const a of added ?? []) out.push(pending(commit, 'added', a.path, undefined, undefined, a.afterOid));
  }
  return out;
}

/**
 * One change, with the names cat-file reads its two versions by: the blob ids `git log
 * --raw` gave when the history has them (cheap), else `<commit>^:<path>` and
 * `<commit>:<path>` (git resolves the path through the commit's trees: on a 5,000-case
 * repository each costs a read of the 170 KB cases/ tree). Both name the same objects.
 */
function pending(commit: HistoryCommit, kind: RecordFileChange['kind'], file: string, from?: string, beforeOid?: string, afterOid?: string): PendingChange {
  const hasParent = commit.parents.length > 0;
  const beforePath = from ?? file;
  return {
    key: `${commit.sha}:${kind === 'moved' ? `${from}>` : ''}${file}`,
    day: commit.committerDay && commit.committerDay < commit.authorDay ? commit.committerDay : commit.authorDay,
    change: { commit: { sha: commit.sha, authorName: commit.authorName, authorDay: commit.authorDay }, kind, path: file, ...(from ? { from } : {}) },
    beforeName: kind !== 'added' && hasParent ? (beforeOid ?? `${commit.sha}^:${beforePath}`) : undefined,
    afterName: kind !== 'deleted' ? (afterOid ?? `${commit.sha}:${file}`) : undefined,
  };
}

// The cache: three flat maps, small (one entry per edit, deletion or move of a record
// file, not per commit) and content-addressed, so never stale.
interface CacheFile {
  version: number;
  /** "<sha>:<path>" -> "<before oid> <after oid>" (either may be empty). */
  versions: Record<string, string>;
  /** blob id -> d (draft), f (final), v (void), o (other), u (unreadable). */
  statuses: Record<string, string>;
  /** "<before oid> <after oid>" -> "s" (same), "v" (voided), or the changed fields' names. */
  pairs: Record<string, string | string[]>;
  /** The last full answer: valid for this head and any audit date on or after lastDay. */
  result?: CachedResult;
}

interface CachedResult {
  head: string;
  /** The latest day (PendingChange.day) of any change to a record file (empty when there is none). */
  lastDay: string;
  changes: FinalRecordChange[];
}

interface Cache {
  versions: Map<string, [string, string]>;
  statuses: Map<string, VersionStatus>;
  pairs: Map<string, Comparison>;
  result?: CachedResult;
}

const STATUS_CODES: Record<VersionStatus, string> = { draft: 'd', final: 'f', void: 'v', other: 'o', unreadable: 'u' };
const STATUS_OF_CODE = new Map(Object.entries(STATUS_CODES).map(([k, v]) => [v, k as VersionStatus]));

function cachePath(root: string): string {
  return path.join(root, FINAL_CHANGES_CACHE_FILE);
}

function readCache(root: string): Cache {
  const empty: Cache = { versions: new Map(), statuses: new Map(), pairs: new Map() };
  let data: CacheFile;
  try {
    data = JSON.parse(readBoundedText(cachePath(root), { maxBytes: MAX_STATE_BYTES, label: 'record-changes cache', noLinks: true })) as CacheFile;
  } catch {
    return empty;
  }
  if (!data || data.version !== CACHE_VERSION || typeof data.versions !== 'object' || typeof data.statuses !== 'object' || typeof data.pairs !== 'object') return empty;
  try {
    const cache: Cache = { versions: new Map(), statuses: new Map(), pairs: new Map() };
    for (const [key, value] of Object.entries(data.versions)) {
      const [before, after] = String(value).split(' ');
      cache.versions.set(key, [before ?? '', after ?? '']);
    }
    for (const [oid, code] of Object.entries(data.statuses)) {
      const s = STATUS_OF_CODE.get(code);
      if (s) cache.statuses.set(oid, s);
    }
    for (const [key, code] of Object.entries(data.pairs)) {
      const c: Comparison | undefined =
        code === 's' ? { kind: 'same' } : code === 'v' ? { kind: 'void' } : Array.isArray(code) ? { kind: 'changed', fields: code.map(String) } : undefined;
      if (c) cache.pairs.set(key, c);
    }
    const r = data.result;
    if (r && typeof r.head === 'string' && typeof r.lastDay === 'string' && Array.isArray(r.changes) && r.changes.every(isChange)) cache.result = r;
    return cache;
  } catch {
    return empty; // a damaged cache is rebuilt, never trusted
  }
}

const RULES: ReadonlySet<unknown> = new Set(['final-record-changed', 'final-record-deleted', 'record-moved']);

/** A cached answer is used only if every entry has the shape the audit reads. */
function isChange(c: unknown): c is FinalRecordChange {
  const x = c as FinalRecordChange;
  return (
    typeof x === 'object' && x !== null && RULES.has(x.rule) && typeof x.case === 'string' && typeof x.record === 'string' && typeof x.home === 'string' &&
    (x.path === undefined || typeof x.path === 'string') && Array.isArray(x.fields) && x.fields.every((f) => typeof f === 'string') &&
    typeof x.laterCommits === 'number' && typeof x.commit === 'object' && x.commit !== null &&
    typeof x.commit.sha === 'string' && typeof x.commit.authorName === 'string' && typeof x.commit.authorDay === 'string'
  );
}

function writeCache(root: string, cache: Cache, current: readonly PendingChange[]): void {
  // Only what the current history refers to: entries of rewritten commits fall away.
  const versions: Record<string, string> = {};
  const oids = new Set<string>();
  for (const c of current) {
    const v = cache.versions.get(c.key);
    if (!v) continue;
    versions[c.key] = `${v[0]} ${v[1]}`;
    if (v[0]) oids.add(v[0]);
    if (v[1]) oids.add(v[1]);
  }
  const statuses: Record<string, string> = {};
  for (const [oid, s] of cache.statuses) if (oids.has(oid)) statuses[oid] = STATUS_CODES[s];
  const pairs: Record<string, string | string[]> = {};
  for (const [key, c] of cache.pairs) {
    const [a, b] = key.split(' ');
    if (!oids.has(a) || !oids.has(b)) continue;
    pairs[key] = c.kind === 'same' ? 's' : c.kind === 'void' ? 'v' : c.fields;
  }
  const data: CacheFile = { version: CACHE_VERSION, versions, statuses, pairs, ...(cache.result ? { result: cache.result } : {}) };
  try {
    writeFileAtomic(cachePath(root), JSON.stringify(data));
  } catch {
    // A read-only checkout still answers; it just reads the versions again next time.
  }
}

/**
 * A version's value through the read path's fast lane, which gives exactly the value the
 * precise parse gives for a well-formed, valid record (store/read/fastLoad.ts), at about a
 * tenth of the cost: a first audit parses thousands of earlier versions. Anything else
 * (invalid, unusual YAML): undefined, and the precise parse answers.
 */
function fastValueOf(bytes: Uint8Array): RecordValue | undefined {
  const doc = fastLoadDocument('version.yaml', bytes, getSchemaValidator());
  return doc?.valid ? (asFields(doc.value) as RecordValue) : undefined;
}
