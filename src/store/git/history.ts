// The audit trail as data: every commit of HEAD's history with its author, the Ehcp-*
// trailers and the files it touched, read in ONE `git log` pass and cached in
// .ehcp/cache/ so the next read only asks git for the commits made since.
//
// Why one pass and a cache: on a 150,000-commit repository the tree diffs behind
// `--name-status` cost git tens of seconds however they are asked for (each commit's
// cases/ tree holds thousands of folders; a quarter of that in the sharded layout of
// core/layout.ts), and one process per file would be far worse.
// Paying that once, then `git log <cachedHead>..HEAD`, keeps every later read cheap.
//
// Renames are detected (-M): a record moved by hand shows as R old -> new, so history
// can follow it and `firstAdded` keeps the date the record was first written.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EhcpError } from '../../core/errors.js';
import { git } from './git.js';
import { runGit } from './gitPlumbing.js';
import { CACHE_DIR, CASE_REF, CONFIG_FILE, repositoryLayout } from '../paths.js';
import { caseDirIn, casePathIn, isPlaced, parseCasePath, type Layout } from '../../core/layout.js';
import { RECORD_ID } from '../../core/ids.js';
import { writeFileAtomic } from '../write/write.js';
import { MAX_STATE_BYTES, readBoundedText } from '../read/readFile.js';

type FileStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

export interface HistoryFile {
  status: FileStatus;
  /** Repository-relative path (forward slashes); for R and C the new path. */
  path: string;
  /** For R and C: the path it came from. */
  oldPath?: string;
  /**
   * The blob ids git reported (`--raw`) before and after the change; absent when all
   * zeros (nothing there). Kept for every change except the additions of a commit that
   * deletes nothing (almost every commit: the ids would only cost memory). With them the
   * final-record check reads versions by id, not by `<commit>:<path>`, which makes git
   * look the path up in a 5,000-entry tree for each.
   */
  beforeOid?: string;
  afterOid?: string;
}

export interface HistoryCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** ISO 8601 with the author's offset, e.g. 2024-03-05T17:02:11+00:00. */
  authorDate: string;
  /** The author's own calendar date (YYYY-MM-DD) in the author's offset, never the reader's. */
  authorDay: string;
  /**
   * When the commit was made (ISO 8601, the committer's offset). The author date is only
   * what the author says (GIT_AUTHOR_DATE, `git commit --date` set it freely); time
   * checks (late-record) use this, and CI reports commits whose two dates disagree.
   */
  committerDate: string;
  /** The committer's own calendar date (YYYY-MM-DD). */
  committerDay: string;
  subject: string;
  trailers: { case?: string; record?: string; action?: string };
  files: HistoryFile[];
}

export interface History {
  /** HEAD's commit, or null in a repository with no commit yet. */
  head: string | null;
  /** A shallow clone: the oldest commits are missing, so "first added" may be wrong. */
  shallow: boolean;
  /** Oldest first; a commit always comes after its parents. */
  commits: HistoryCommit[];
}

export type HistorySource = 'cache' | 'incremental' | 'full';

export const HISTORY_CACHE_FILE = `${CACHE_DIR}/history.json`;
/** 2: commits carry the committer date. 3: changes carry their blob ids. */
const CACHE_VERSION = 3;

// One field per NUL so nothing in a subject or a name can shift the parse. %x1e marks the
// start of a commit for readability of a raw dump; the parse itself is positional.
const FIELDS = ['%x1e%H', '%P', '%an', '%ae', '%aI', '%cI', '%s', ...['Ehcp-Case', 'Ehcp-Record', 'Ehcp-Action'].map((k) => `%(trailers:key=${k},valueonly,separator=%x1f)`)];
const HEADER_FIELDS = FIELDS.length;
const LOG_ARGS = [
  '-c',
  'log.showSignature=false',
  // git's cache of reconstructed delta bases (96 MB by default) gains nothing on this walk
  // (measured: the same CPU time at 24 MB) and is resident memory of the process.
  '-c',
  'core.deltaBaseCacheLimit=32m',
  'log',
  '-z',
  '--topo-order',
  '--root',
  '--raw',
  '--no-abbrev',
  '-M',
  '--diff-merges=off',
  '--no-ext-diff',
  '--no-textconv',
  `--format=${FIELDS.join('%x00')}%x00`,
];

/** The history of HEAD, from the cache when it is still valid. */
export async function readHistory(root: string, known?: RepositoryState): Promise<History> {
  return (await loadHistory(root, known)).history;
}

/**
 * As readHistory, also saying whether git was asked for all, some or none of it. `known`:
 * the repository's state as the caller already asked it (headState), not asked again.
 */
export async function loadHistory(root: string, known?: RepositoryState): Promise<{ history: History; source: HistorySource }> {
  const state = known ?? (await repositoryState(root));
  if (state.head === null) return { history: { head: null, shallow: state.shallow, commits: [] }, source: 'full' };
  const cached = readCache(root);
  const sameShape = cached && cached.shallow === state.shallow && cached.shallowMarker === state.shallowMarker;
  if (cached && sameShape && cached.history.head === state.head) {
    return { history: cached.history, source: 'cache' };
  }
  if (cached && sameShape && cached.history.head && (await isAncestor(root, cached.history.head, state.head))) {
    const newer = await logCommits(root, [`${cached.history.head}..${state.head}`]);
    const history: History = { head: state.head, shallow: state.shallow, commits: cached.history.commits.concat(newer) };
    writeCache(root, history, state.shallowMarker);
    return { history, source: 'incremental' };
  }
  // No cache, or the cached head left HEAD's history (rebase, reset, amend): start again.
  const commits = await logAllCommits(root, state.head);
  const history: History = { head: state.head, shallow: state.shallow, commits };
  writeCache(root, history, state.shallowMarker);
  return { history, source: 'full' };
}

/** Each path -> the commit that first added it. A renamed path keeps its original's commit. */
export function firstAdded(history: History): Map<string, HistoryCommit> {
  const added = new Map<string, HistoryCommit>();
  for (const commit of history.commits) {
    for (const file of commit.files) {
      if (added.has(file.path)) continue;
      if (file.status === 'A' || file.status === 'C') added.set(file.path, commit);
      else if (file.status === 'R') added.set(file.path, (file.oldPath && added.get(file.oldPath)) || commit);
      // M, T or D of a path never seen added: its addition is beyond a shallow boundary.
    }
  }
  return added;
}

/** True when the commit carries any Ehcp-* trailer (it claims to be ehcp's; see trailersMatchChanges). */
export function isEhcpCommit(commit: HistoryCommit): boolean {
  return Boolean(commit.trailers.action || commit.trailers.case || commit.trailers.record);
}

/** For each action ehcp writes with a record trailer: the git status of its one file. */
const RECORD_ACTION_STATUS: Readonly<Record<string, FileStatus>> = { create: 'A', amend: 'A', finalise: 'M', void: 'M', edit: 'M' };

/**
 * Whether a commit's changes are what its Ehcp-* trailers say ehcp did. Anyone can type
 * trailers into a hand commit, so carrying them proves nothing; what ehcp writes is narrow:
 * - init: Ehcp-Action only, and nothing under cases/;
 * - a case opened: Ehcp-Case and action create, adding exactly cases/<REF>/case.yaml;
 * - a record: Ehcp-Case, Ehcp-Record and an action, changing exactly one file,
 *   cases/<REF>/<ID>.yaml: added for create and amend, modified for finalise and void;
 * - a layout migration: Ehcp-Action migrate only (isLayoutMigration).
 * A case's files may be where either layout puts them (cases/<REF>/ or cases/<xx>/<REF>/).
 * Each trailer once. A commit that fails this is shown as made outside ehcp. (Whether a
 * finalise or void changed the status as it should is checked by `recordStatusesMatch`.)
 */
export function trailersMatchChanges(commit: HistoryCommit): boolean {
  const { case: kase, record, action } = commit.trailers;
  if (!action) return false;
  if ([kase, record, action].some((v) => v !== undefined && v.includes('\x1f'))) return false;
  if (action === 'init') return kase === undefined && record === undefined && commit.files.every((f) => !f.path.startsWith('cases/') && !(f.oldPath ?? '').startsWith('cases/'));
  if (action === 'migrate') return kase === undefined && record === undefined && isLayoutMigration(commit.files);
  if (kase === undefined || !CASE_REF.test(kase) || commit.files.length !== 1) return false;
  const [file] = commit.files;
  if (record === undefined) return action === 'create' && file.status === 'A' && isCaseFileOf(file.path, kase, 'case.yaml');
  if (!RECORD_ID.test(record) || !isCaseFileOf(file.path, kase, `${record}.yaml`)) return false;
  return RECORD_ACTION_STATUS[action] !== undefined && RECORD_ACTION_STATUS[action] === file.status;
}

/** `file` is the case's file `name` where one of the layouts puts it (core/layout.ts). */
function isCaseFileOf(file: string, ref: string, name: string): boolean {
  return file === casePathIn(ref, name, 'flat') || file === casePathIn(ref, name, 'sharded');
}

/**
 * What `ehcp migrate` commits, and nothing else: ehcp.config.yaml modified (its `layout`),
 * and every other change a file moved unchanged (same blob, git's exact rename) from where
 * one layout puts it to where the other does, keeping its case and name; all in the same
 * direction.
 */
export function isLayoutMigration(files: readonly HistoryFile[]): boolean {
  let config = 0;
  let to: Layout | undefined;
  for (const f of files) {
    if (f.path === CONFIG_FILE && f.status === 'M' && f.oldPath === undefined) {
      config++;
      continue;
    }
    if (f.status !== 'R' || f.oldPath === undefined || f.beforeOid === undefined || f.beforeOid !== f.afterOid) return false;
    const from = parseCasePath(f.oldPath);
    const now = parseCasePath(f.path);
    if (!from || !now || from.ref !== now.ref || from.name !== now.name || !CASE_REF.test(now.ref)) return false;
    const layout: Layout = now.shard === undefined ? 'flat' : 'sharded';
    if (!isPlaced(now, layout) || !isPlaced(from, layout === 'flat' ? 'sharded' : 'flat') || (to !== undefined && to !== layout)) return false;
    to = layout;
  }
  return config === 1;
}

/** The status change each in-place action makes: finalise draft -> final, void final -> void; edit (minutes edit, action done) only ever changes a draft. */
export const ACTION_STATUS_CHANGE: Readonly<Record<string, [string, string]>> = { finalise: ['draft', 'final'], void: ['final', 'void'], edit: ['draft', 'draft'] };

export interface RepositoryState {
  head: string | null;
  shallow: boolean;
  /** The shallow file's content: when a fetch deepens the clone, the cache is rebuilt. */
  shallowMarker: string;
}

async function repositoryState(root: string): Promise<RepositoryState> {
  // One process answers all three; an unborn HEAD makes it exit 128 after the first two.
  const r = await git(root, ['rev-parse', '--is-shallow-repository', '--git-path', 'shallow', 'HEAD'], { allowFailure: true });
  const [shallowLine, shallowPath, headLine] = r.stdout.split('\n');
  if (shallowLine !== 'true' && shallowLine !== 'false') {
    throw new EhcpError(`${root} is not a git repository, so it has no history to read.`, 'Run the command inside a records repository created by `ehcp init`.');
  }
  const shallow = shallowLine === 'true';
  let shallowMarker = '';
  if (shallow) {
    try {
      shallowMarker = fs.readFileSync(path.resolve(root, shallowPath), 'utf8');
    } catch {
      /* no file: nothing to compare */
    }
  }
  const head = r.code === 0 && /^[0-9a-f]{40,64}$/.test(headLine ?? '') ? headLine : null;
  return { head, shallow, shallowMarker };
}

async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  const r = await git(root, ['merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true });
  return r.code === 0;
}

/** Below this many commits one `git log` is quick enough; above it, two run at once. */
const SPLIT_AT = 20_000;
/**
 * The share of the commits, newest first, that the second `git log` reads (see middleCommit).
 * Flat: 0.3. Sharded: a commit's diff costs nearly the same early and late (one shard of a
 * few dozen folders, plus a cases/ tree that stops growing at 256 entries), and on the
 * yardstick (5,000 cases, 164,287 commits) the halves measured 4.0 s + 2.5 s of git CPU at
 * 0.3 and 2.5 s + 3.7 s at 0.5: balanced near 0.4.
 */
const NEWER_SHARE: Readonly<Record<Layout, number>> = { flat: 0.3, sharded: 0.4 };

/**
 * Every commit of `head`'s history, oldest first. The cost is git's tree diffs (about
 * 100 µs a commit with 5,000 case folders), so on a long history the commits are split in
 * two at a commit M and two `git log` processes run at once, one per core:
 * M and its ancestors, and `^M head` (everything else). The halves are disjoint, cover the
 * history, and no ancestor of M is in the second, so the older half then the newer half
 * keeps every commit after its parents.
 */
export async function logAllCommits(root: string, head: string, splitAt = SPLIT_AT): Promise<HistoryCommit[]> {
  const middle = await middleCommit(root, head, splitAt);
  if (!middle) return logCommits(root, [head]);
  const [older, newer] = await Promise.all([logCommits(root, [middle]), logCommits(root, [`^${middle}`, head])]);
  return older.concat(newer);
}

/**
 * Where to split `head`'s history, or undefined when it is short (one walk, no diffs:
 * ~0.7 s for 160,000 commits). Not at the middle commit: a commit's diff costs in
 * proportion to the case folders at the time, and they accumulate, so the newer commits
 * cost more. With folders growing steadily the cost up to commit k of n grows as k², and
 * half of it lies in the newest ~30 %. Measured on the yardstick, a middle split gave
 * halves of 6.1 s and 11.7 s of git's CPU time.
 */
async function middleCommit(root: string, head: string, splitAt: number): Promise<string | undefined> {
  const r = await git(root, ['rev-list', head, '--'], { allowFailure: true });
  if (r.code !== 0) return undefined;
  const count = Math.floor(r.stdout.length / 41); // one "<40 hex>\n" a line (SHA-1); a guess for SHA-256 is still a split
  if (count < splitAt) return undefined;
  const lines = r.stdout.split('\n');
  const middle = lines[Math.floor(lines.length * NEWER_SHARE[repositoryLayout(root)])]; // newest first
  return /^[0-9a-f]{40,64}$/.test(middle ?? '') ? middle : undefined;
}

/** Stream `git log` and parse it as it arrives; returns oldest first. */
async function logCommits(root: string, revisions: string[]): Promise<HistoryCommit[]> {
  const parser = new LogParser();
  // Tokens are cut from the bytes, each decoded on its own (a NUL never falls inside a
  // UTF-8 character): a string split from a larger one would be a slice that keeps the
  // whole 64 KB chunk alive for as long as the commit that holds it, i.e. the entire
  // log output in memory.
  let rest: Buffer = Buffer.alloc(0);
  const onStdout = (chunk: Buffer) => {
    const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nul = bytes.indexOf(0, start); nul !== -1; nul = bytes.indexOf(0, start)) {
      parser.push(bytes.toString('utf8', start, nul));
      start = nul + 1;
    }
    rest = Buffer.from(bytes.subarray(start));
  };
  const { code, stderr } = await runGit(root, [...LOG_ARGS, ...revisions, '--'], { onStdout });
  if (code !== 0) {
    throw new EhcpError(
      `git log failed while reading the history: ${stderr.trim().split('\n').pop() ?? `exit ${code}`}`,
      'Check the repository with `git status` and `git log`; a damaged clone can be cloned again.',
    );
  }
  if (rest.length > 0) parser.push(rest.toString('utf8'));
  return parser.finish().reverse();
}

// A --raw line: ":<old mode> <new mode> <old id> <new id> <status>[score]" (then its paths).
const RAW = /^\n?:[0-7]+ [0-7]+ ([0-9a-f]+) ([0-9a-f]+) ([A-Z])[0-9]*$/;
const ZERO_OID = /^0+$/;
const KNOWN: ReadonlySet<string> = new Set(['A', 'M', 'D', 'T', 'R', 'C']);

/** A state machine over NUL-separated tokens: HEADER_FIELDS header fields, then raw/path groups. */
class LogParser {
  private readonly commits: HistoryCommit[] = [];
  private header: string[] = [];
  private current: HistoryCommit | undefined;
  private pending: { status: FileStatus | undefined; before: string; after: string; paths: string[]; need: number } | undefined;

  push(token: string): void {
    if (this.pending) {
      this.pending.paths.push(token);
      if (this.pending.paths.length === this.pending.need) {
        const { status, before, after, paths, need } = this.pending;
        this.pending = undefined;
        if (!status) return; // a status git may add one day: its path is skipped, not misread
        const file: HistoryFile = need === 2 ? { status, path: paths[1], oldPath: paths[0] } : { status, path: paths[0] };
        if (!ZERO_OID.test(before)) file.beforeOid = before;
        if (!ZERO_OID.test(after)) file.afterOid = after;
        this.current!.files.push(file);
      }
      return;
    }
    if (this.header.length > 0 || token.startsWith('\x1e')) {
      this.header.push(this.header.length === 0 ? token.slice(1) : token);
      if (this.header.length === HEADER_FIELDS) this.startCommit();
      return;
    }
    // Between commits: an empty token (the -z record end) or a raw line.
    const raw = RAW.exec(token);
    if (raw && this.current) {
      const letter = raw[3];
      this.pending = { status: KNOWN.has(letter) ? (letter as FileStatus) : undefined, before: raw[1], after: raw[2], paths: [], need: letter === 'R' || letter === 'C' ? 2 : 1 };
    }
  }

  /** One string for each repeated name, e-mail, day and trailer value: 160,000 copies of a few hundred values were tens of MB. */
  private readonly strings = new Map<string, string>();
  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  private startCommit(): void {
    if (this.current) trimOids(this.current);
    const [sha, parents, authorName, authorEmail, authorDate, committerDate, subject, kase, record, action] = this.header;
    this.header = [];
    // A trailer given twice keeps both values (joined by \x1f): ehcp writes each once, so
    // such a commit cannot match its changes and shows as made outside ehcp.
    const value = (v: string) => v.split('\x1f').map((s) => s.trim()).filter(Boolean).join('\x1f') || undefined;
    const trailers: HistoryCommit['trailers'] = {};
    const kaseValue = value(kase);
    const recordValue = value(record);
    const actionValue = value(action);
    if (kaseValue) trailers.case = this.intern(kaseValue);
    if (recordValue) trailers.record = recordValue;
    if (actionValue) trailers.action = this.intern(actionValue);
    this.current = {
      sha,
      parents: parents ? parents.split(' ') : [],
      authorName: this.intern(authorName),
      authorEmail: this.intern(authorEmail),
      authorDate,
      // %aI is written in the author's own offset, so its date part is the day they wrote
      // it, whatever TZ the reader is in (a record written at 23:30 BST stays that day).
      authorDay: this.intern(authorDate.slice(0, 10)),
      committerDate,
      committerDay: this.intern(committerDate.slice(0, 10)),
      subject,
      trailers,
      files: [],
    };
    this.commits.push(this.current);
  }

  finish(): HistoryCommit[] {
    if (this.current) trimOids(this.current);
    return this.commits;
  }
}

/** Drop the blob ids nothing reads: an addition's, unless its commit also deletes (a move git did not guess). */
function trimOids(commit: HistoryCommit): void {
  if (commit.files.some((f) => f.status === 'D')) return;
  const files = commit.files;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    // A fresh object rather than `delete`, which would leave V8 a slower dictionary object.
    if (f.status === 'A') files[i] = { status: 'A', path: f.path };
    else if (f.status === 'C') files[i] = { status: 'C', path: f.path, oldPath: f.oldPath };
  }
}

// The cache: one flat array per commit, names and e-mails shared through a table, a parent
// that is simply the previous commit left implicit, the files as one string: reading it
// back for a 150,000-commit history costs a fraction of a second, not a git pass.
interface CacheFile {
  version: number;
  head: string;
  shallow: boolean;
  shallowMarker: string;
  authors: string[];
  /** [sha, parents, author index, authorDate, subject, case, record, action, files, committerDate] */
  commits: [string, string, number, string, string, string, string, string, string, string][];
}

const SEP = '\x1f';
/** In the cache's parents field: "the commit listed just before this one". */
const PREVIOUS = '^';

function cachePath(root: string): string {
  return path.join(root, HISTORY_CACHE_FILE);
}

function readCache(root: string): { history: History; shallow: boolean; shallowMarker: string } | undefined {
  let data: CacheFile;
  try {
    data = JSON.parse(readBoundedText(cachePath(root), { maxBytes: MAX_STATE_BYTES, label: 'history cache', noLinks: true })) as CacheFile;
  } catch {
    return undefined;
  }
  if (!data || data.version !== CACHE_VERSION || typeof data.head !== 'string' || !Array.isArray(data.commits)) return undefined;
  try {
    const commits: HistoryCommit[] = new Array(data.commits.length);
    const days = new Map<string, string>();
    const day = (date: string) => {
      const d = date.slice(0, 10);
      const known = days.get(d);
      if (known !== undefined) return known;
      days.set(d, d);
      return d;
    };
    let previous = '';
    for (let n = 0; n < data.commits.length; n++) {
      const [sha, parents, author, authorDate, subject, kase, record, action, files, committerDate] = data.commits[n];
      if (typeof committerDate !== 'string') return undefined;
      const trailers: HistoryCommit['trailers'] = {};
      if (kase) trailers.case = kase;
      if (record) trailers.record = record;
      if (action) trailers.action = action;
      const parsedFiles: HistoryFile[] = [];
      if (files) {
        // status[:before:after], path[, oldPath] with the count of paths implied by the status.
        const parts = files.split(SEP);
        for (let i = 0; i < parts.length; ) {
          const token = parts[i];
          const status = token[0] as FileStatus;
          const file: HistoryFile = status === 'R' || status === 'C' ? { status, path: parts[i + 2], oldPath: parts[i + 1] } : { status, path: parts[i + 1] };
          i += status === 'R' || status === 'C' ? 3 : 2;
          if (token.length > 1) {
            const [, before, after] = token.split(':');
            if (before) file.beforeOid = before;
            if (after) file.afterOid = after;
          }
          parsedFiles.push(file);
        }
      }
      commits[n] = {
        sha,
        parents: parents === PREVIOUS ? [previous] : parents ? parents.split(' ') : [],
        authorName: data.authors[author * 2],
        authorEmail: data.authors[author * 2 + 1],
        authorDate,
        authorDay: day(authorDate),
        committerDate,
        committerDay: day(committerDate),
        subject,
        trailers,
        files: parsedFiles,
      };
      previous = sha;
    }
    return { history: { head: data.head, shallow: data.shallow, commits }, shallow: data.shallow, shallowMarker: data.shallowMarker ?? '' };
  } catch {
    return undefined; // a damaged cache is rebuilt, never trusted
  }
}

/**
 * Written in pieces of about 1 MB to a temporary file renamed into place (atomic): one
 * JSON text of the whole history is ~40 MB on the yardstick, and building it beside the
 * history itself was a good part of a first audit's peak memory. A cache cut short by a
 * crash fails its JSON parse and is rebuilt.
 */
function writeCache(root: string, history: History, shallowMarker: string): void {
  if (!history.head) return;
  const authorIndex = new Map<string, number>();
  const authors: string[] = [];
  let previous = '';
  const row = (c: HistoryCommit): CacheFile['commits'][number] => {
    const key = `${c.authorName}\0${c.authorEmail}`;
    let index = authorIndex.get(key);
    if (index === undefined) {
      index = authors.push(c.authorName, c.authorEmail) / 2 - 1;
      authorIndex.set(key, index);
    }
    const files: string[] = [];
    for (const f of c.files) {
      const status = f.beforeOid || f.afterOid ? `${f.status}:${f.beforeOid ?? ''}:${f.afterOid ?? ''}` : f.status;
      if (f.status === 'R' || f.status === 'C') files.push(status, f.oldPath ?? '', f.path);
      else files.push(status, f.path);
    }
    const parents = c.parents.length === 1 && c.parents[0] === previous ? PREVIOUS : c.parents.join(' ');
    previous = c.sha;
    return [c.sha, parents, index, c.authorDate, c.subject, c.trailers.case ?? '', c.trailers.record ?? '', c.trailers.action ?? '', files.join(SEP), c.committerDate];
  };
  const target = cachePath(root);
  // Named as writeFileAtomic names its temporary files (so its sweep knows them); 'wx' never follows a planted link.
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fd = fs.openSync(temp, 'wx', 0o644);
    // The authors table comes last: it is complete only once every commit is written.
    let text = `{"version":${CACHE_VERSION},"head":${JSON.stringify(history.head)},"shallow":${history.shallow},"shallowMarker":${JSON.stringify(shallowMarker)},"commits":[`;
    history.commits.forEach((c, n) => {
      text += (n === 0 ? '' : ',') + JSON.stringify(row(c));
      if (text.length > 1 << 20) {
        fs.writeSync(fd!, text);
        text = '';
      }
    });
    fs.writeSync(fd, `${text}],"authors":${JSON.stringify(authors)}}`);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch {
    // A read-only checkout still answers; it just reads the whole history next time too.
    try {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(temp, { force: true });
    } catch {
      /* nothing was made, or it cannot be removed: the next write's sweep or rename deals with it */
    }
  }
}

/** One commit as it concerns a case or a record: the files of it that are in scope. */
export interface TouchingCommit {
  commit: HistoryCommit;
  files: HistoryFile[];
}

/** Every commit that touched cases/<ref>/ (a file in it, or a file moved into or out of it). */
export function caseHistory(history: History, ref: string): TouchingCommit[] {
  // The case's folder in either layout: a migrated repository has both in its history.
  const prefixes = [`${caseDirIn(ref, 'flat')}/`, `${caseDirIn(ref, 'sharded')}/`];
  const inCase = (p: string | undefined) => p !== undefined && (p.startsWith(prefixes[0]) || p.startsWith(prefixes[1]));
  const out: TouchingCommit[] = [];
  for (const commit of history.commits) {
    const files = commit.files.filter((f) => inCase(f.path) || inCase(f.oldPath));
    if (files.length > 0) out.push({ commit, files });
  }
  return out;
}

/**
 * Every commit that touched a record's file, following it back through renames (a record
 * moved by hand to another name or case keeps its earlier history). The record's file is
 * any `cases/<REF>/<id>.yaml`, wherever it lives now or lived before.
 */
export function recordHistory(history: History, id: string): TouchingCommit[] {
  const base = `${id}.yaml`;
  const isRecordFile = (p: string) => p.endsWith('/' + base) && parseCasePath(p)?.name === base;
  const tracked = new Set<string>();
  const out: TouchingCommit[] = [];
  // Newest first, so a rename is seen before the commits that used the old name.
  for (let i = history.commits.length - 1; i >= 0; i--) {
    const commit = history.commits[i];
    const files = commit.files.filter((f) => {
      const hit = isRecordFile(f.path) || tracked.has(f.path) || (f.oldPath !== undefined && (isRecordFile(f.oldPath) || tracked.has(f.oldPath)));
      if (hit && f.status === 'R' && f.oldPath) tracked.add(f.oldPath);
      return hit;
    });
    if (files.length > 0) out.push({ commit, files });
  }
  return out.reverse();
}

/** HEAD, with the history loaded only if something needs more than the head. */
export interface LazyHistory {
  head: string | null;
  load(): Promise<History>;
}

/** A LazyHistory for the state headState gave: the history is read (from its cache) at most once, on demand. */
export function lazyHistory(root: string, state: RepositoryState): LazyHistory {
  let loading: Promise<History> | undefined;
  return { head: state.head, load: () => (loading ??= readHistory(root, state)) };
}

/** Where HEAD is and whether the clone is shallow: one cheap git call, no history read. */
export function headState(root: string): Promise<RepositoryState> {
  return repositoryState(root);
}

export const FIRST_ADDED_CACHE_FILE = `${CACHE_DIR}/first-added.tsv`;
/** v2: committer days (v1 held author days, which a backdated commit could fake). */
const FIRST_ADDED_HEADER = 'first-added v2';

/**
 * The day (the committer's own date) each path was first added, keyed by path. A repeat audit
 * needs only this, so it is kept in a small cache of its own, keyed by HEAD: when HEAD has
 * not moved, the full history (tens of MB on a large repository) is not loaded at all.
 */
export async function firstAddedDays(root: string, source: LazyHistory): Promise<Map<string, string>> {
  const { head } = source;
  const file = path.join(root, FIRST_ADDED_CACHE_FILE);
  if (head) {
    try {
      const text = readBoundedText(file, { maxBytes: MAX_STATE_BYTES, label: FIRST_ADDED_CACHE_FILE, noLinks: true });
      const lines = text.split('\n');
      if (lines[0] === `${FIRST_ADDED_HEADER}\t${head}`) {
        const days = new Map<string, string>();
        for (let i = 1; i < lines.length; i++) {
          const tab = lines[i].lastIndexOf('\t');
          if (tab > 0) days.set(lines[i].slice(0, tab), lines[i].slice(tab + 1));
        }
        return days;
      }
    } catch {
      /* no cache yet, or unreadable: compute it */
    }
  }
  const history = await source.load();
  const days = new Map<string, string>();
  // The committer's day: when git was given the record, not what its author date claims.
  for (const [p, commit] of firstAdded(history)) days.set(p, commit.committerDay);
  if (history.head) {
    // Paths are git's own (core.quotepath off is not needed: -z output), so no tab or newline.
    const body = [...days].filter(([p]) => !/[\t\n]/.test(p)).map(([p, d]) => `${p}\t${d}`);
    try {
      writeFileAtomic(file, [`${FIRST_ADDED_HEADER}\t${history.head}`, ...body].join('\n') + '\n');
    } catch {
      /* a cache that cannot be written only costs time next run */
    }
  }
  return days;
}

/**
 * Whether the first-added cache answers for `head`, judged from its first line alone: lets
 * a repeat audit read the documents while it loads the history facts, instead of after.
 * Only a hint (the cache is read properly by firstAddedDays); non-blocking and never
 * following a link, as every read of a cache is.
 */
export function firstAddedCachedFor(root: string, head: string | null): boolean {
  if (!head) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(root, FIRST_ADDED_CACHE_FILE), fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) return false;
    const start = Buffer.alloc(160);
    const n = fs.readSync(fd, start, 0, start.length, 0);
    return start.toString('utf8', 0, n).startsWith(`${FIRST_ADDED_HEADER}\t${head}\n`);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
