// The read path: every document of the records repository with its parse and validation
// result, plus the cross-record and commit-state problems. One function for every caller.
//
// How it stays fast on 150,000 records (docs/performance.md has the figures):
// - A cache (.ehcp/cache/documents.bin, src/store/read/cache.ts) holds every checked document
//   keyed by path and stat, so a repeat read parses nothing that has not changed. When
//   nothing changed at all (same files, same stats, same HEAD and index), the problem list
//   is taken from the cache too, without cross-checking again or asking `git status`.
// - What changed is found by one `find` process (what changed since a marker's time),
//   which runs while this thread decodes the cache; without it (Windows, no marker), by a
//   stat of every file, in a worker thread on a large repository.
// - Files that must be read go through the fast lane (js-yaml, src/store/read/fastLoad.ts) when
//   they are plainly written and valid, else the precise loader; a cold read splits the
//   folders between this thread and a worker.
// - `--staged` reads git's index instead; it is not cached (a commit's worth of files).

import fs from 'node:fs';
import path from 'node:path';
import { canFindChanges, findChangedSince } from '../platform.js';
import { fileURLToPath } from 'node:url';
import { crossCheck } from '../../core/crossChecks.js';
import { validAs, validValues, type LoadedDocument } from '../../core/document.js';
import { compareProblems, problem, type Problem } from '../../core/problems.js';
import type { CaseFile, CaseRecord, Config } from '../../core/records.js';
import { decodeSegment, readCache, readCacheHeader, schemasHash, SegmentWriter, STAT_WIDTH, writeCache, type CacheEntry, type CacheIdentity, type LoadedCache, type Segment } from './cache.js';
import { catFileBatch } from '../git/catFile.js';
import { git } from '../git/git.js';
import { CACHE_DIR, CASES_DIR, CONFIG_FILE, ehcpVersion, repositoryLayout, type Layout } from '../paths.js';
import { layoutOf, parseCasePath, SHARD_NAME } from '../../core/layout.js';
import { runWorkerOnce, workerModuleExists } from '../workerThread.js';
import { listTop, loadFiles, matchScan, scanAndLoad, ScanBuilder, scanWorkingTree, type Scan, type ScanMatch } from './readWorker.js';
import { SCHEMA_FILES, loadSchemaFiles } from './schemas.js';
import { documentOf } from './documents.js';
import { collectGarbage } from './memory.js';

export interface Snapshot {
  root: string;
  /** The parsed configuration, when ehcp.config.yaml is valid. */
  config?: Config;
  configDocument: LoadedDocument;
  /** case.yaml files and records, in path order. */
  documents: LoadedDocument[];
  /** Every problem: per file, cross-record, and records not committed. Sorted by file and line. */
  problems: Problem[];
}

export interface ReadOptions {
  /** Read what is staged in git's index instead of the working tree (pre-commit hook). */
  staged?: boolean;
  /** Use and update the cache under .ehcp/cache/ (default true; the benchmark's cold runs say false). */
  cache?: boolean;
  /** Filled in with how the read went (tests, the benchmark, --debug). */
  report?: Partial<ReadReport>;
}

/** How a read went: where documents came from and how changes were found. */
export interface ReadReport {
  /** How changes since the cache were found: none (no cache), find, a scan in a worker, a scan here. */
  scan: 'find' | 'worker' | 'here';
  /** Documents taken from the cache, and read from disk (parsed). */
  fromCache: number;
  parsed: number;
  /** The problem list came from the cache (nothing changed, same HEAD and index). */
  problemsFromCache: boolean;
  /**
   * When the document cache that holds exactly this read's documents was written: the cache
   * read, when nothing changed since (the problem list came from it), or the one this read
   * wrote. A later read with the same stamp read the same documents, so a result computed
   * from them can be reused (cli/common/auditResultCache.ts). Unset when neither holds.
   */
  documentsStamp?: number;
  wroteCache: boolean;
  /** Milliseconds spent in each phase (scan includes waiting for find or the worker). */
  phases: Record<string, number>;
}

export const DOCUMENT_CACHE_FILE = `${CACHE_DIR}/documents.bin`;
/** An empty file whose mtime is "everything changed since then has been looked at again". */
export const SCAN_MARKER_FILE = `${CACHE_DIR}/scanned`;

/**
 * Tuning. `racyMs`: a file changed this long before the scan (or later) may change again
 * within the same timestamp tick without its stat changing, so it is not trusted next time
 * (git calls these "racily clean"); two seconds covers filesystems with coarse timestamps.
 * Below `workerScanMin` / `workerLoadMin` files a worker thread costs more to start than it
 * saves; a cold read splits the folders between two threads from `coldSplitMinFolders`
 * case folders. Tests shorten racyMs rather than wait.
 */
export const readTuning = { racyMs: 2000, workerScanMin: 4000, workerLoadMin: 3000, coldSplitMinFolders: 100 };

export async function readRepository(root: string, options: ReadOptions = {}): Promise<Snapshot> {
  if (options.staged) return readStaged(root);
  const report = options.report ?? {};
  report.phases = {};
  const started = Date.now();
  const snapshot = await readWorkingTree(root, options.cache !== false, report);
  // A diagnostic line for the benchmark and tests (never record text: counts and names only).
  if (process.env.EHCP_TRACE_READ === '1') process.stderr.write(`ehcp read: ${JSON.stringify({ ...report, documents: snapshot.documents.length, ms: Date.now() - started })}\n`);
  return snapshot;
}

/** The valid, non-void records (draft and final) and cases of a snapshot. */
export function usableRecords(snapshot: Snapshot): { cases: Map<string, CaseFile>; records: CaseRecord[] } {
  const cases = new Map<string, CaseFile>();
  for (const caseFile of validValues(snapshot.documents, 'case')) cases.set(caseFile.ref, caseFile);
  const records: CaseRecord[] = validValues(snapshot.documents, 'minutes', 'note', 'communication');
  return { cases, records };
}

const MISSING_CONFIG = (): LoadedDocument => ({
  file: CONFIG_FILE,
  valid: false,
  keyLines: {},
  problems: [problem(CONFIG_FILE, 'config', `${CONFIG_FILE} is missing; run \`ehcp init\` in the repository to create it.`)],
});

function snapshotOf(root: string, all: LoadedDocument[], problems: Problem[]): Snapshot {
  const configDocument = all.find((d) => d.file === CONFIG_FILE) ?? MISSING_CONFIG();
  const documents = all.filter((d) => d.file !== CONFIG_FILE);
  return {
    root,
    config: validAs(configDocument, 'config')?.value,
    configDocument,
    documents,
    problems,
  };
}

/**
 * Every problem of a read. `layout`: the one the scan used (the working tree's, read once);
 * the staged check has no scan and takes the staged config's.
 */
function problemsOf(all: LoadedDocument[], strays: Problem[], uncommitted: Problem[], layout?: Layout): Problem[] {
  const docs = all.filter((d) => d.file !== CONFIG_FILE);
  const config = all.find((d) => d.file === CONFIG_FILE) ?? MISSING_CONFIG();
  const problems = [...config.problems, ...strays, ...docs.flatMap((d) => d.problems), ...crossCheck(docs, layout ?? layoutOf(config.value)), ...uncommitted];
  return problems.sort(compareProblems);
}

// ---------------------------------------------------------------------------------------
// The working tree, with the cache

/**
 * The compiled modules that decide what a checked document holds: a change to any of them
 * (a new message, a parser fix) must not be answered from a cache written before it, even
 * under the same version number (a development build, a patched install).
 */
const CHECKING_MODULES = [
  '../../core/document.js',
  '../../core/yaml.js',
  '../../core/schemaValidator.js',
  '../../core/crossChecks.js',
  '../../core/problems.js',
  '../../core/records.js',
  './fastLoad.js',
  './readWorker.js',
  '../../generated/validators.cjs',
].map((m) => fileURLToPath(new URL(m, import.meta.url)));

let identity: CacheIdentity | undefined;
/** What a cache must have been written by: this ehcp version, these schemas, this checking code. */
function cacheIdentity(): CacheIdentity {
  if (!identity) {
    const schemas = loadSchemaFiles();
    const code = CHECKING_MODULES.map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : ''));
    identity = { ehcp: ehcpVersion(), schemas: schemasHash([...SCHEMA_FILES.map((f) => JSON.stringify(schemas[f])), ...code]) };
  }
  return identity;
}

interface ReadState {
  root: string;
  /** Where case folders live (ehcp.config.yaml's layout), read once for the whole read. */
  layout: Layout;
  id?: CacheIdentity;
  cacheFile: string;
  gitState?: string;
  cache?: LoadedCache;
  /** Every cached document, decoded. */
  cached: LoadedDocument[];
  report: Partial<ReadReport>;
  phase: (name: string) => void;
}

async function readWorkingTree(root: string, useCache: boolean, report: Partial<ReadReport>): Promise<Snapshot> {
  const cacheFile = path.join(root, DOCUMENT_CACHE_FILE);
  const id = useCache ? cacheIdentity() : undefined;
  const header = id ? readCacheHeader(cacheFile, id) : undefined;
  let lap = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    report.phases![name] = (report.phases![name] ?? 0) + now - lap;
    lap = now;
  };
  const state: ReadState = { root, layout: repositoryLayout(root), id, cacheFile, gitState: readGitState(root), cached: [], report, phase };

  // What changed since the cache was written. Fastest: ask `find` for what changed since the
  // marker's time (a separate process, so it runs while this thread decodes the cache).
  // Else stat every file: in a worker on a large repository, here on a small one.
  const findStarted = Date.now();
  const changes = FIND_WORKS && header?.marker !== undefined && markerTime(root) === header.marker ? changedSince(root) : undefined;
  const scanInWorker =
    !changes && header && header.count >= readTuning.workerScanMin ? runWorker<{ match: ScanMatch; written?: number }>({ job: 'scan', root, layout: state.layout, cacheFile, identity: id }) : undefined;
  state.cache = header && id ? readCache(cacheFile, id) : undefined;
  try {
    if (state.cache) for (let i = 0; i < state.cache.header.count; i++) state.cached.push(state.cache.document(i));
  } catch {
    // A damaged cache is ignored (and rewritten by this read).
    state.cache?.close();
    state.cache = undefined;
    state.cached = [];
  }
  phase('decode');
  try {
    if (!state.cache) return await readCold(state);
    const { cache } = state;
    let match: ScanMatch | undefined;
    if (changes) {
      const reported = await changes;
      if (reported) match = incrementalMatch(root, state.layout, cache, reported, findStarted);
      if (match) report.scan = 'find';
    }
    if (!match && scanInWorker) {
      const result = await scanInWorker.catch(() => undefined);
      // The worker read the cache's index itself: use its answer only if it read this same cache.
      if (result && result.written === cache.header.written) match = result.match;
      else if (result) match = matchScan(result.match.scan, cache.paths, cache.stats);
      if (match) report.scan = 'worker';
    }
    if (!match) {
      match = matchScan(scanWorkingTree(root, state.layout), cache.paths, cache.stats);
      report.scan = 'here';
    }
    phase('scan');
    return await complete(state, match);
  } finally {
    state.cache?.close();
  }
}

/** The documents `load` reads (handing each to `add` as it goes), encoded as it goes and then decoded. */
function loadEncoded(load: (add: (doc: LoadedDocument) => void) => Scan): { scan: Scan; segment: Segment; docs: LoadedDocument[] } {
  const writer = new SegmentWriter();
  const scan = load((doc) => writer.add(doc));
  const segment = writer.finish();
  collectGarbage(); // the parsed documents, before their decoded copies are made: see memory.ts
  return { scan, segment, docs: decodeAll(segment) };
}

function decodeAll(segment: Segment): LoadedDocument[] {
  const reader = decodeSegment(segment);
  return Array.from({ length: reader.count }, (_, i) => reader.document(i));
}

/**
 * No cache: every file is read. On a large repository the folders are split between this
 * thread and a worker, each scanning and reading its share, while `git status` runs.
 */
async function readCold(state: ReadState): Promise<Snapshot> {
  const { root, report } = state;
  report.scan = 'here';
  const items = listTop(root);
  if (items.length < readTuning.coldSplitMinFolders || !workerAvailable()) {
    const match = matchScan(scanWorkingTree(root, state.layout), undefined, undefined);
    state.phase('scan');
    return complete(state, match);
  }
  const uncommitted = uncommittedProblems(root);
  // Half each. (This thread took 44 % while it encoded its share only when writing the cache;
  // now that both threads encode as they read, 44 % left it idle ~0.9 s of a 4 s cold read
  // of 5,000 cases waiting for the worker: measured 3.8 s at 44 %, 3.55 s at 50 %.)
  const split = Math.floor(items.length * 0.5);
  const theirs = runWorker<{ scan: Scan; segment: Segment }>({ job: 'scan-load', root, layout: state.layout, items: items.slice(split) });
  // This thread's share is encoded as it is read, as the worker's is, and then decoded: the
  // parsed documents are garbage at once, and the decoded ones share every repeated string
  // (a status, a schema name, a date) through the encoding's string table. Holding the
  // parsed ones instead took a 20,000-case first audit ~0.5 GB higher.
  const mine = loadEncoded((add) => scanAndLoad(root, state.layout, items.slice(0, split), true, add).scan);
  let other: { scan: Scan; docs: LoadedDocument[]; segment?: Segment };
  try {
    const r = await theirs;
    other = { scan: r.scan, docs: decodeAll(r.segment), segment: r.segment };
  } catch {
    other = scanAndLoad(root, state.layout, items.slice(split), false);
  }
  const scan = joinScans(mine.scan, other.scan);
  state.phase('parse');
  const match: ScanMatch = { scan, fromCache: new Int32Array(mine.docs.length + other.docs.length).fill(-1), sameList: false };
  // Both shares are written to the cache as they were encoded.
  const segments = [mine.segment, other.segment ?? other.docs];
  return complete(state, match, mine.docs.concat(other.docs), uncommitted, segments);
}

function joinScans(a: Scan, b: Scan): Scan {
  const count = a.stats.length / STAT_WIDTH;
  const stats = new Float64Array(a.stats.length + b.stats.length);
  stats.set(a.stats);
  stats.set(b.stats, a.stats.length);
  return {
    paths: a.paths === '' ? b.paths : b.paths === '' ? a.paths : `${a.paths}\n${b.paths}`,
    stats,
    special: [...a.special, ...b.special.map(([i, p]) => [i + count, p] as [number, Problem])],
    strays: [...a.strays, ...b.strays],
    started: Math.min(a.started, b.started),
  };
}

/**
 * From a scan matched against the cache: read what changed (or take `preloaded`), the
 * problems (from the cache when nothing changed), and write the cache back when needed.
 */
async function complete(
  state: ReadState,
  match: ScanMatch,
  preloaded?: LoadedDocument[],
  uncommittedEarly?: Promise<Problem[]>,
  segments?: (Segment | LoadedDocument[])[],
): Promise<Snapshot> {
  const { root, cache, cached, report, phase } = state;
  const { scan, fromCache } = match;
  const count = fromCache.length;
  const docs = new Array<LoadedDocument>(count);
  const special = new Map(scan.special);
  let paths: string[] | undefined;
  const pathOf = (i: number) => (paths ??= scan.paths === '' ? [] : scan.paths.split('\n'))[i];
  const toLoad: number[] = [];
  let specialsUnchanged = true;
  for (let i = 0; i < count; i++) {
    const j = fromCache[i];
    if (j >= 0) {
      docs[i] = cached[j];
      continue;
    }
    const p = special.get(i);
    if (p) {
      docs[i] = preloaded?.[i] ?? { file: p.file, valid: false, problems: [p], keyLines: {} };
      const before = match.sameList ? cached[i] : undefined;
      if (!before || JSON.stringify(before.problems) !== JSON.stringify(docs[i].problems)) specialsUnchanged = false;
    } else if (preloaded) {
      docs[i] = preloaded[i];
      toLoad.push(i);
    } else {
      toLoad.push(i);
    }
  }
  if (toLoad.length > 0 && !preloaded) {
    // Changes this large are worth asking git about while the files are read.
    uncommittedEarly ??= toLoad.length >= readTuning.workerLoadMin ? uncommittedProblems(root) : undefined;
    const loaded = await loadInParallel(root, toLoad.map(pathOf));
    toLoad.forEach((i, k) => (docs[i] = loaded[k]));
    phase('parse');
  }
  report.parsed = toLoad.length;
  report.fromCache = count - toLoad.length - special.size;

  // Nothing changed since the cache was written, under the same HEAD and index: its problem
  // list still holds (cross-record checks and `git status` give the same answers).
  const scanKey = JSON.stringify(scan.strays);
  const unchanged =
    cache !== undefined && match.sameList && toLoad.length === 0 && specialsUnchanged && count === cache.header.count && cache.header.scanKey === scanKey;
  const sameGit = state.gitState !== undefined && cache?.header.gitState === state.gitState;
  let problems = unchanged && sameGit ? cache.problems() : undefined;
  const fresh = !problems;
  report.problemsFromCache = !fresh;
  if (!fresh) report.documentsStamp = cache!.header.written;
  report.wroteCache = false;
  if (!problems) problems = problemsOf(docs, scan.strays, await (uncommittedEarly ?? uncommittedProblems(root)), state.layout);
  phase('problems');

  // Also rewritten when the scan marker is missing or was touched: the next read needs it to ask `find`.
  const markerStale = FIND_WORKS && (cache?.header.marker === undefined || markerTime(root) !== cache.header.marker);
  if (state.id && (fresh || markerStale)) {
    const entries: CacheEntry[] = docs.map((doc, i) => {
      const at = i * STAT_WIDTH;
      const s = scan.stats;
      // A file changed just before the scan could change again unseen: check it next time.
      const trusted = !Number.isNaN(s[at]) && Math.max(s[at + 1], s[at + 2]) < scan.started - readTuning.racyMs;
      return { file: doc.file, stat: trusted ? { size: s[at], mtimeMs: s[at + 1], ctimeMs: s[at + 2], ino: s[at + 3] } : undefined, doc };
    });
    try {
      const marker = setMarker(root, scan.started - readTuning.racyMs);
      const { gitState } = state;
      const written = Date.now();
      writeCache(
        state.cacheFile,
        { entries, problems, scanKey, ...(segments ? { segments } : {}), ...(gitState !== undefined ? { gitState } : {}), ...(marker !== undefined ? { marker } : {}) },
        state.id,
        written,
      );
      report.wroteCache = true;
      report.documentsStamp = written;
    } catch {
      // A cache that cannot be written (read-only checkout, full disk) only costs time.
    }
    phase('write');
  }
  return snapshotOf(root, docs, problems);
}

/** Windows has no POSIX find (its find.exe searches text): there every file is stat'ed. */
const FIND_WORKS = canFindChanges();

/**
 * The paths under cases/ (the folder itself included) modified or changed in status after
 * the marker's time, from one `find` process; undefined when find is not there or fails
 * (then every file is stat'ed instead). -newer and -cnewer are in POSIX find on Linux, the
 * BSDs and macOS. A file changed in place has a new mtime; a file replaced, renamed,
 * re-permissioned or given an old mtime (touch -d, cp -p) has a new ctime; a file added or
 * removed changes its folder's mtime.
 */
function changedSince(root: string): Promise<string[] | undefined> | undefined {
  if (!fs.existsSync(path.join(root, CASES_DIR))) return undefined;
  return findChangedSince(root, CASES_DIR, SCAN_MARKER_FILE);
}

function markerTime(root: string): number | undefined {
  try {
    return fs.statSync(path.join(root, SCAN_MARKER_FILE)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Set the marker's time (what the next `find` compares with); its mtime as the filesystem keeps it. */
function setMarker(root: string, time: number): number | undefined {
  const file = path.join(root, SCAN_MARKER_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  fs.utimesSync(file, time / 1000, time / 1000);
  return markerTime(root);
}

/** The case folder a path under cases/ is in, as the scan names it: `<REF>`, or `<xx>/<REF>` in a shard. */
function folderKey(p: string): string {
  const c = parseCasePath(p);
  if (!c) return p.slice(CASES_DIR.length + 1, p.indexOf('/', CASES_DIR.length + 1) >>> 0);
  return c.shard === undefined ? c.ref : `${c.shard}/${c.ref}`;
}

/**
 * The scan, built from the cache and what `find` reported: unreported case folders are
 * taken from the cache as they were (their files' stats too); reported folders are read
 * again, reported files stat'ed again, and every link or too-large entry looked at again.
 */
function incrementalMatch(root: string, layout: Layout, cache: LoadedCache, reported: string[], started: number): ScanMatch {
  if (reported.length === 0 && cache.header.untrusted === 0) {
    // Nothing under cases/ changed, and every cached entry is a trusted file: only the config
    // is left to look at. The cache's index is not even loaded.
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(path.join(root, CONFIG_FILE));
    } catch {
      /* absent */
    }
    const c = cache.header.config;
    const same = c ? st !== undefined && st.isFile() && c[0] === st.size && c[1] === st.mtimeMs && c[2] === st.ctimeMs && c[3] === st.ino : !st;
    if (same) {
      const count = cache.header.count;
      const fromCache = new Int32Array(count);
      for (let i = 0; i < count; i++) fromCache[i] = i;
      const strays = JSON.parse(cache.header.scanKey ?? '[]') as Problem[];
      const scan = {
        get paths() {
          return cache.paths;
        },
        get stats() {
          return cache.stats;
        },
        special: [],
        strays,
        started,
      };
      return { scan, fromCache, sameList: true };
    }
  }
  const stats = cache.stats;
  const b = new ScanBuilder(root, started, layout);
  const paths = cache.paths === '' ? [] : cache.paths.split('\n');
  const ranges = new Map<string, [number, number]>();
  let configAt = -1;
  paths.forEach((p, i) => {
    if (p === CONFIG_FILE) {
      configAt = i;
      return;
    }
    const folder = folderKey(p);
    const r = ranges.get(folder);
    if (r) r[1] = i + 1;
    else ranges.set(folder, [i, i + 1]);
  });
  const changedFolders = new Set<string>();
  const changedFiles = new Set<string>();
  for (const r of reported) {
    const parts = r.split('/');
    // In a shard folder (sharded layout), a case folder is one level deeper.
    const inShard = b.layout === 'sharded' && parts.length > 2 && SHARD_NAME.test(parts[1]) ? 1 : 0;
    const key = inShard ? `${parts[1]}/${parts[2]}` : parts[1];
    if (parts.length === 2 && inShard === 0 && !(b.layout === 'sharded' && SHARD_NAME.test(parts[1]))) changedFolders.add(key);
    else if (parts.length === 3 + inShard) changedFiles.add(r);
    else if (parts.length === 2 + inShard && inShard) changedFolders.add(key);
    else if (parts.length > 3 + inShard) changedFolders.add(key);
  }
  // Strays inside case folders that are not read again stay as the cache has them.
  const cachedStrays = new Map<string, Problem[]>();
  for (const p of JSON.parse(cache.header.scanKey ?? '[]') as Problem[]) {
    if (p.file.split('/').length < 3) continue;
    const key = folderKey(p.file);
    const list = cachedStrays.get(key) ?? [];
    list.push(p);
    cachedStrays.set(key, list);
  }
  if (fs.existsSync(path.join(root, CONFIG_FILE))) b.visit(CONFIG_FILE, { stats, index: configAt });
  b.topLevel((name) => {
    const range = ranges.get(name);
    if (!range || changedFolders.has(name)) {
      const index = new Map<string, number>();
      if (range) for (let i = range[0]; i < range[1]; i++) index.set(paths[i], i);
      b.folder(name, { stats, indexOf: (rel) => index.get(rel) ?? -1 });
      return;
    }
    for (let i = range[0]; i < range[1]; i++) {
      if (changedFiles.has(paths[i]) || Number.isNaN(stats[i * STAT_WIDTH])) b.visit(paths[i], { stats, index: i });
      else b.reuse(paths[i], stats, i);
    }
    b.strays.push(...(cachedStrays.get(name) ?? []));
  });
  return b.match(cache.paths);
}

/** Read and check `files`, splitting a large batch between this thread and a worker. */
async function loadInParallel(root: string, files: string[]): Promise<LoadedDocument[]> {
  if (files.length < readTuning.workerLoadMin || !workerAvailable()) return loadFiles(root, files);
  // The worker starts (and loads its modules) while this thread works on the first half.
  const half = Math.floor(files.length / 2);
  const other = runWorker<{ segment: Segment }>({ job: 'load', root, files: files.slice(half) });
  const mine = loadFiles(root, files.slice(0, half));
  // The worker's documents come back encoded (a few buffers moved, not 80,000 objects copied).
  const theirs = await other
    .then((r) => decodeAll(r.segment))
    .catch(() => loadFiles(root, files.slice(half)));
  return mine.concat(theirs);
}

const WORKER_FILE = fileURLToPath(new URL('./readWorker.js', import.meta.url));
const workerAvailable = () => workerModuleExists(WORKER_FILE);

/** A job for readWorker.ts in a worker thread, started now (runWorkerOnce); rejects when the worker could not do it. */
async function runWorker<T>(job: Record<string, unknown>): Promise<T> {
  if (!workerAvailable()) throw new Error('no worker module');
  const answer = await runWorkerOnce<{ ok: boolean; message?: string } & T>(WORKER_FILE, job);
  if (!answer.ok) throw new Error(answer.message);
  return answer;
}

/**
 * HEAD, the branch it points at and the index, as a key: when it is unchanged (and no file
 * changed), `git status` would answer as before. Undefined when .git is not a plain folder
 * (a worktree or submodule): then git is always asked.
 */
function readGitState(root: string): string | undefined {
  const gitDir = path.join(root, '.git');
  try {
    if (!fs.lstatSync(gitDir).isDirectory()) return undefined;
    const stat = (p: string) => {
      try {
        const s = fs.statSync(p);
        return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
      } catch {
        return '-';
      }
    };
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    let ref = '';
    if (head.startsWith('ref: ')) {
      const name = head.slice(5);
      if (!/^refs\/[\w./-]+$/.test(name) || name.includes('..')) return undefined;
      try {
        ref = fs.readFileSync(path.join(gitDir, name), 'utf8').trim();
      } catch {
        ref = `packed ${stat(path.join(gitDir, 'packed-refs'))}`;
      }
    }
    return [head, ref, stat(path.join(gitDir, 'index')), stat(path.join(root, '.gitignore')), stat(path.join(gitDir, 'info', 'exclude'))].join('|');
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// git's index (the pre-commit hook)

async function readStaged(root: string): Promise<Snapshot> {
  const { stdout } = await git(root, ['ls-files', '-s', '-z', '--', CONFIG_FILE, CASES_DIR]);
  const rows = stdout.split('\0').filter(Boolean).map((row) => {
    const [meta, file] = row.split('\t');
    const [mode, blob] = meta.split(' ');
    return { mode, blob, file };
  });
  const strays: Problem[] = [];
  const docs: LoadedDocument[] = [];
  const wanted = rows.filter((r) => {
    if (r.mode === '120000') {
      const p = problem(r.file, 'symlink-outside', 'A symbolic link is staged here; records must be regular files. Unstage it with `git rm --cached`.');
      docs.push({ file: r.file, valid: false, problems: [p], keyLines: {} });
      return false;
    }
    if (r.file !== CONFIG_FILE && !(parseCasePath(r.file)?.name.endsWith('.yaml') ?? false)) {
      strays.push(problem(r.file, 'stray-file', 'Only .yaml records belong in a case folder; this file was not read.', {}, 'warning'));
      return false;
    }
    return true;
  });
  if (wanted.length > 0) {
    const blobs = await catFileBatch(root, wanted.map((r) => r.blob));
    wanted.forEach((r, i) => docs.push(documentOf(r.file, blobs[i]?.bytes ?? new Uint8Array())));
  }
  docs.sort((a, b) => (a.file < b.file ? -1 : 1));
  return snapshotOf(root, docs, problemsOf(docs, strays, []));
}

/** Records written but not committed (or deleted without a commit): reported until committed. */
async function uncommittedProblems(root: string): Promise<Problem[]> {
  const r = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', CASES_DIR, CONFIG_FILE], { allowFailure: true });
  if (r.code !== 0) return [];
  const out: Problem[] = [];
  const parts = r.stdout.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const row = parts[i];
    if (row.length < 4) continue;
    const code = row.slice(0, 2);
    const file = row.slice(3);
    if (code[0] === 'R' || code[0] === 'C') i++; // the next part is the old name
    const deleted = code.includes('D');
    out.push(
      problem(
        file,
        'uncommitted',
        deleted
          ? 'This record was deleted but the deletion is not committed; restore it with `git checkout -- FILE` (final records are voided, never deleted).'
          : 'This file is not committed, so the audit trail does not hold it yet; commit it (`git add FILE && git commit`) or remove it.',
        {},
        'warning',
      ),
    );
  }
  return out;
}
