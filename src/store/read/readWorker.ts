// The read path's two heavy jobs, runnable in this thread or in a worker thread:
// - scanWorkingTree: list the records repository's files in read order with each file's
//   stat, and compare them with the cache's index (which files can come from the cache);
// - loadFiles: read and check files (the fast lane first, the precise loader otherwise).
// A repeat read scans in a worker while the main thread decodes the cache; a cold read of
// many files splits the parsing between the main thread and a worker (2 cores).
//
// Messages carry compact data: paths joined by "\n" and stats in a Float64Array, so
// 150,000 entries cross between threads as a few large values, not 150,000 small ones.

import fs from 'node:fs';
import path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { tooLargeProblem, type LoadedDocument } from '../../core/document.js';
import { problem, type Problem } from '../../core/problems.js';
import { MAX_RECORD_BYTES } from '../../core/yaml.js';
import { readCacheIndex, SegmentWriter, STAT_WIDTH, type CacheIdentity } from './cache.js';
import { documentOf } from './documents.js';
import { UnreadableFileError } from './readFile.js';
import { CASE_REF, CASES_DIR, CONFIG_FILE, repositoryLayout, type Layout } from '../paths.js';
import { SHARD_NAME } from '../../core/layout.js';

/** The working tree as the read path sees it, in read order. */
export interface Scan {
  /** Repository paths of every entry (files to load, and entries that are problems), joined by "\n". */
  paths: string;
  /** STAT_WIDTH numbers per entry (size, mtimeMs, ctimeMs, ino); NaN for a problem entry. */
  stats: Float64Array;
  /** Entries that are a problem instead of a file to load (a link, a file too large): [index, problem]. */
  special: [number, Problem][];
  /** Files and folders that do not belong, reported but not read. */
  strays: Problem[];
  /** When the scan started (ms since the epoch): later stats are too recent to trust. */
  started: number;
}

/** The scan compared with the cache: for each entry, the cache entry holding it unchanged, or -1. */
export interface ScanMatch {
  scan: Scan;
  fromCache: Int32Array;
  /** The cache lists exactly these paths in this order. */
  sameList: boolean;
}

/** An entry of cases/: a folder, a link, or anything else (a stray). */
export interface TopItem {
  name: string;
  kind: 'dir' | 'link' | 'other';
}

/** A folder's entries in name order; none when it is gone (removed while we looked, or no cases/ yet). */
function sortedEntries(abs: string): fs.Dirent[] {
  let items: fs.Dirent[];
  try {
    items = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
  return items.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The entries of cases/ in name order (none when there is no cases/ yet). */
export function listTop(root: string): TopItem[] {
  return sortedEntries(path.join(root, CASES_DIR)).map((d) => ({ name: d.name, kind: d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'link' : 'other' }));
}

/** A folder under cases/ (or a shard) whose name is not a case reference: its files are not read. */
const notACaseFolder = (rel: string) =>
  problem(rel, 'stray-file', 'This folder name is not a case reference (capitals, digits, - and _); its files were not read. Rename it to the case reference.', {}, 'error');

/**
 * Builds a Scan entry by entry, in read order: ehcp.config.yaml, then cases/ by folder name,
 * each folder's files by name. The same rules as ever decide what is read, what is a
 * problem (a link, a file too large) and what does not belong (a stray).
 */
export class ScanBuilder {
  private readonly paths: string[] = [];
  private stats = new Float64Array(1024 * STAT_WIDTH);
  private readonly special: [number, Problem][] = [];
  readonly strays: Problem[] = [];
  /** For each entry, the cache entry it reuses (-1: none). */
  private fromCache = new Int32Array(1024);
  private realRoot?: string;

  /** `started`: when the first stat was (or will be) taken; later changes are racy. */
  constructor(
    private readonly root: string,
    readonly started = Date.now(),
    /** Where case folders live (ehcp.config.yaml's layout): the read's own, else read here. */
    readonly layout: Layout = repositoryLayout(root),
  ) {}

  get count(): number {
    return this.paths.length;
  }

  private push(rel: string, st?: { size: number; mtimeMs: number; ctimeMs: number; ino: number }, p?: Problem, cached = -1): void {
    const i = this.paths.length;
    this.paths.push(rel);
    if ((i + 1) * STAT_WIDTH > this.stats.length) {
      const bigger = new Float64Array(this.stats.length * 2);
      bigger.set(this.stats);
      this.stats = bigger;
      const more = new Int32Array(this.fromCache.length * 2);
      more.set(this.fromCache);
      this.fromCache = more;
    }
    const at = i * STAT_WIDTH;
    if (st) {
      this.stats[at] = st.size;
      this.stats[at + 1] = st.mtimeMs;
      this.stats[at + 2] = st.ctimeMs;
      this.stats[at + 3] = st.ino;
    } else {
      this.stats.fill(NaN, at, at + STAT_WIDTH);
    }
    this.fromCache[i] = cached;
    if (p) this.special.push([i, p]);
  }

  /**
   * A path that may be read: a regular file within the size limit, else a problem entry.
   * With `cached` (the cache's stats and this path's index there), an equal stat marks it
   * as reusable from the cache.
   */
  visit(rel: string, cached?: { stats: Float64Array; index: number }): void {
    const abs = `${this.root}/${rel}`;
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return;
    }
    if (st.isSymbolicLink()) {
      this.realRoot ??= fs.realpathSync(this.root);
      let target = '';
      try {
        target = fs.realpathSync(abs);
      } catch {
        /* dangling */
      }
      const inside = target !== '' && (target === this.realRoot || target.startsWith(this.realRoot + path.sep));
      this.push(
        rel,
        undefined,
        problem(
          rel,
          'symlink-outside',
          inside
            ? 'Records must be regular files, not symbolic links; replace the link with the file itself.'
            : 'This is a symbolic link pointing outside the repository; it was not read. Remove it and keep records as regular files.',
        ),
      );
      return;
    }
    if (!st.isFile()) return;
    // Refuse a huge file without reading it into memory.
    if (st.size > MAX_RECORD_BYTES) {
      this.push(rel, undefined, tooLargeProblem(rel, st.size));
      return;
    }
    let reuse = -1;
    if (cached && cached.index >= 0) {
      const c = cached.stats;
      const at = cached.index * STAT_WIDTH;
      // NaN (an entry not to be trusted) never compares equal.
      if (c[at] === st.size && c[at + 1] === st.mtimeMs && c[at + 2] === st.ctimeMs && c[at + 3] === st.ino) reuse = cached.index;
    }
    this.push(rel, st, undefined, reuse);
  }

  /** An entry known unchanged since the cache was written: its cached stat, and where it is. */
  reuse(rel: string, stats: Float64Array, j: number): void {
    const at = j * STAT_WIDTH;
    this.push(rel, { size: stats[at], mtimeMs: stats[at + 1], ctimeMs: stats[at + 2], ino: stats[at + 3] }, undefined, j);
  }

  /**
   * The entries of cases/, in name order: case folders are handed to `folder` as their
   * path under cases/ (`<REF>`, or `<xx>/<REF>` inside a shard folder of the sharded
   * layout). A case folder in the other layout's place is still read, so that none of its
   * records is missed; validate reports where it belongs (core/crossChecks.ts).
   */
  topLevel(folder: (name: string) => void, items: TopItem[] = listTop(this.root)): void {
    for (const item of items) {
      const rel = `${CASES_DIR}/${item.name}`;
      if (this.layout === 'sharded' && item.kind === 'dir' && SHARD_NAME.test(item.name)) {
        this.shard(item.name, folder);
      } else if (item.kind === 'dir' && SHARD_NAME.test(item.name) && !CASE_REF.test(item.name)) {
        this.strays.push(problem(rel, 'stray-file', 'This folder is a shard of the sharded layout (cases/<xx>/<REF>/), but this repository uses the flat layout (cases/<REF>/): its files were not read. Move its case folders up into cases/, or set the layout with `ehcp migrate --layout sharded`.', {}, 'error'));
      } else if (item.kind !== 'dir') {
        if (item.kind === 'link') this.visit(rel);
        else this.strays.push(problem(rel, 'stray-file', 'Only case folders belong in cases/; move this file elsewhere.', {}, 'warning'));
      } else if (!CASE_REF.test(item.name)) {
        this.strays.push(notACaseFolder(rel));
      } else {
        folder(item.name);
      }
    }
  }

  /** A shard folder of the sharded layout: its case folders, in name order. */
  private shard(shard: string, folder: (name: string) => void): void {
    const rel = `${CASES_DIR}/${shard}`;
    for (const item of sortedEntries(path.join(this.root, rel))) {
      const irel = `${rel}/${item.name}`;
      if (item.isSymbolicLink()) this.visit(irel);
      else if (!item.isDirectory()) {
        if (!item.name.startsWith('.')) this.strays.push(problem(irel, 'stray-file', 'Only case folders belong in a shard folder (cases/<xx>/<REF>/); move this file elsewhere.', {}, 'warning'));
      } else if (!CASE_REF.test(item.name)) {
        this.strays.push(notACaseFolder(irel));
      } else {
        folder(`${shard}/${item.name}`);
      }
    }
  }

  /** One case folder, read from disk; `cachedIndex` finds a path's cache entry (or -1). */
  folder(name: string, cached?: { stats: Float64Array; indexOf: (rel: string) => number }): void {
    const rel = `${CASES_DIR}/${name}`;
    for (const f of sortedEntries(path.join(this.root, rel))) {
      const frel = `${rel}/${f.name}`;
      const c = cached ? { stats: cached.stats, index: cached.indexOf(frel) } : undefined;
      if (f.name.endsWith('.yaml') && (f.isFile() || f.isSymbolicLink())) this.visit(frel, c);
      else if (f.isSymbolicLink()) this.visit(frel, c);
      else if (!f.name.startsWith('.')) this.strays.push(problem(frel, 'stray-file', 'Only .yaml records belong in a case folder; this file was not read. Move it out of cases/.', {}, 'warning'));
    }
  }

  scan(): Scan {
    const n = this.paths.length;
    return { paths: this.paths.join('\n'), stats: this.stats.slice(0, n * STAT_WIDTH), special: this.special, strays: this.strays, started: this.started };
  }

  /** The scan with the entries it found unchanged in the cache (`reuse`, or an equal stat). */
  match(cachePaths: string): ScanMatch {
    const scan = this.scan();
    return { scan, fromCache: this.fromCache.slice(0, this.paths.length), sameList: scan.paths === cachePaths };
  }
}

/** The whole working tree, from disk. */
export function scanWorkingTree(root: string, layout?: Layout): Scan {
  const b = new ScanBuilder(root, Date.now(), layout);
  if (fs.existsSync(path.join(root, CONFIG_FILE))) b.visit(CONFIG_FILE);
  b.topLevel((name) => b.folder(name));
  return b.scan();
}

/** Which scanned entries the cache holds unchanged. Entries whose stat is NaN never match. */
export function matchScan(scan: Scan, cachePaths: string | undefined, cacheStats: Float64Array | undefined): ScanMatch {
  const count = scan.stats.length / STAT_WIDTH;
  const fromCache = new Int32Array(count).fill(-1);
  if (cachePaths === undefined || cacheStats === undefined) return { scan, fromCache, sameList: false };
  const sameList = cachePaths === scan.paths;
  let index: Map<string, number> | undefined;
  let scanned: string[] | undefined;
  if (!sameList) {
    index = new Map();
    if (cachePaths !== '') cachePaths.split('\n').forEach((p, i) => index!.set(p, i));
    scanned = scan.paths === '' ? [] : scan.paths.split('\n');
  }
  const s = scan.stats;
  for (let i = 0; i < count; i++) {
    const j = sameList ? i : (index!.get(scanned![i]) ?? -1);
    if (j < 0) continue;
    const a = i * STAT_WIDTH;
    const b = j * STAT_WIDTH;
    // NaN never equals NaN: a problem entry or an untrusted cache entry is never "unchanged".
    if (s[a] === cacheStats[b] && s[a + 1] === cacheStats[b + 1] && s[a + 2] === cacheStats[b + 2] && s[a + 3] === cacheStats[b + 3]) fromCache[i] = j;
  }
  return { scan, fromCache, sameList };
}

/**
 * Scan the given entries of cases/ (a share of them) and read and check their files. With
 * `each`, every document is handed over as it is made and none is kept (a worker encodes
 * them as it goes, so they die young instead of filling the old generation).
 */
export function scanAndLoad(root: string, layout: Layout, items: TopItem[], withConfig: boolean, each?: (doc: LoadedDocument) => void): { scan: Scan; docs: LoadedDocument[] } {
  const b = new ScanBuilder(root, Date.now(), layout);
  if (withConfig && fs.existsSync(path.join(root, CONFIG_FILE))) b.visit(CONFIG_FILE);
  b.topLevel((name) => b.folder(name), items);
  const scan = b.scan();
  const paths = scan.paths === '' ? [] : scan.paths.split('\n');
  const special = new Map(scan.special);
  const docs: LoadedDocument[] = [];
  paths.forEach((file, i) => {
    const p = special.get(i);
    const doc: LoadedDocument = p ? { file: p.file, valid: false, problems: [p], keyLines: {} } : loadFiles(root, [file])[0];
    if (each) each(doc);
    else docs.push(doc);
  });
  return { scan, docs };
}

/** Scan, and match against the cache file's index; `written` says which cache was read. */
export function scanAndMatch(root: string, layout: Layout, cacheFile: string, identity: CacheIdentity): { match: ScanMatch; written?: number } {
  const index = readCacheIndex(cacheFile, identity);
  const scan = scanWorkingTree(root, layout);
  return { match: matchScan(scan, index?.paths, index?.stats), written: index?.header.written };
}

/** Read and check files of the working tree. The config file is always read precisely. */
export function loadFiles(root: string, files: string[]): LoadedDocument[] {
  return files.map((file) => {
    let bytes: Uint8Array;
    try {
      bytes = readSmallFile(`${root}/${file}`, file);
    } catch (error) {
      if (error instanceof UnreadableFileError && error.reason === 'too-large') return { file, valid: false, problems: [tooLargeProblem(file, Number(error.message))], keyLines: {} };
      if (error instanceof UnreadableFileError) return { file, valid: false, problems: [problem(file, 'file-unreadable', error.message)], keyLines: {} };
      return { file, valid: false, problems: [problem(file, 'file-unreadable', `The file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions.`)], keyLines: {} };
    }
    return documentOf(file, bytes);
  });
}

let readBuffer: Buffer | undefined;
/** Opened without following a link and without blocking (a FIFO swapped in after the scan). */
const RECORD_OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * A record file's bytes, read into one buffer reused for every file (valid until the next
 * call): no stat and no allocation per file, which readFileSync would cost 150,000 times.
 * The scan has already checked that the path is a regular file within the size limit; a
 * file that fills the buffer anyway (it grew, or was swapped for a device) is never read
 * further: its own size is reported (or it is refused when it is not a regular file).
 * This is the hot path of src/store/read/readFile.ts's bounded read, with the same limits.
 */
function readSmallFile(abs: string, file: string): Uint8Array {
  readBuffer ??= Buffer.allocUnsafeSlow(MAX_RECORD_BYTES + 1);
  const fd = fs.openSync(abs, RECORD_OPEN_FLAGS);
  try {
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, readBuffer, n, readBuffer.length - n, null);
      if (got === 0) return readBuffer.subarray(0, n);
      n += got;
      if (n === readBuffer.length) {
        const st = fs.fstatSync(fd);
        if (!st.isFile()) throw new UnreadableFileError('not-a-file', `${file} is not a regular file; it was not read.`);
        throw new UnreadableFileError('too-large', String(Math.max(st.size, n)));
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

// As a worker thread: do the one job named in workerData and post the result.
interface Job {
  job: 'scan' | 'load' | 'scan-load';
  root: string;
  /** The read's layout, so that both threads scan with the same one (a scanning job's). */
  layout?: Layout;
  cacheFile?: string;
  identity?: CacheIdentity;
  files?: string[];
  items?: TopItem[];
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.job) {
  const job = workerData as Job;
  try {
    if (job.job === 'scan') {
      const { match, written } = scanAndMatch(job.root, job.layout ?? repositoryLayout(job.root), job.cacheFile!, job.identity!);
      parentPort.postMessage({ ok: true, match, written }, [match.scan.stats.buffer as ArrayBuffer, match.fromCache.buffer as ArrayBuffer]);
    } else if (job.job === 'scan-load') {
      // The documents go back encoded, as the cache stores them: a few large buffers moved
      // without copying, instead of 80,000 objects copied one by one (and encoded again).
      const writer = new SegmentWriter();
      const { scan } = scanAndLoad(job.root, job.layout ?? repositoryLayout(job.root), job.items!, false, (doc) => writer.add(doc));
      const segment = writer.finish();
      const moved = [scan.stats.buffer, segment.offsets.buffer, segment.lens.buffer, segment.tokens.buffer, segment.strings.buffer] as ArrayBuffer[];
      parentPort.postMessage({ ok: true, scan, segment }, moved);
    } else {
      const writer = new SegmentWriter();
      for (const file of job.files!) writer.add(loadFiles(job.root, [file])[0]);
      const segment = writer.finish();
      parentPort.postMessage({ ok: true, segment }, [segment.offsets.buffer, segment.lens.buffer, segment.tokens.buffer, segment.strings.buffer] as ArrayBuffer[]);
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, message: (error as Error).message });
  }
}
