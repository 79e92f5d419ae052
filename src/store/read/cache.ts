// The read path's cache: every checked document (LoadedDocument, plain data) of the last
// read, keyed by its file's path and stat (size, mtime, ctime, inode), in one binary file
// under .ehcp/cache/, so a repeat read parses nothing that has not changed.
//
// Why a binary format and not JSON or v8.serialize: on a 150,000-record repository both of
// those took 1.7–2.4 s to load here (each builds every string and object afresh), against
// a budget of 1.5 s for a whole repeat audit. This format keeps a table of distinct strings
// (field names, vocabulary, officers' names recur thousands of times) and of object shapes
// (the key lists), and stores values as 32-bit tokens that point into them, so loading is
// one pass that builds each object with its keys in a known order and shares each string.
// Documents' key-line maps recur too (records written by ehcp share a layout) and are
// shared, frozen, between documents, as are empty problem lists.
//
// The documents are stored in segments, each with its own tables: a worker thread that
// parsed part of the repository encodes its share itself and hands over the bytes, which
// are written as they are (no copying of 80,000 objects between threads, no second encoding).
//
// Invalidation: the header records the format, ehcp's version and a hash of the schemas;
// any difference and the cache is ignored (and rewritten). A file whose stat differs, or
// that was modified within the clock's resolution of the last write (racy), is read again.
// The file is written to a temporary name and renamed into place, so a reader never sees
// half of one; an unreadable or inconsistent cache is treated as absent, never trusted.

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedDocument } from '../../core/document.js';
import { asFields } from '../../core/records.js';
import type { Problem } from '../../core/problems.js';
import { CONFIG_FILE } from '../paths.js';

const CACHE_FORMAT = 3;
const MAGIC = Buffer.from('EHCPDOC1', 'latin1');

/** What identifies a file's content without reading it. */
interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}
export const STAT_WIDTH = 4;

/** How one segment's tables and tokens are laid out (its bytes follow the header, in order). */
interface SegmentMeta {
  /** Documents in this segment. */
  count: number;
  stringCount: number;
  stringsBytes: number;
  tokenCount: number;
  shapes: string[][];
  /** Numbers that are not small non-negative integers, as text (NaN, -0 and floats survive). */
  numbers: string[];
  /** Token offsets of values shared between documents. */
  shared: number[];
  /** Token offset of one more value after the documents (the snapshot's problem list). */
  extra?: number;
}

/** An encoded segment: plain typed arrays, so a worker can transfer it without copying. */
export interface Segment {
  meta: SegmentMeta;
  /** Token offset of each document. */
  offsets: Uint32Array;
  /** Length (UTF-16 units) of each string; the strings are concatenated in `strings` (UTF-8). */
  lens: Uint32Array;
  tokens: Uint32Array;
  strings: Uint8Array;
}

export interface CacheHeader {
  format: number;
  ehcp: string;
  schemas: string;
  /** When the cache was written (ms since the epoch). */
  written: number;
  count: number;
  pathsBytes: number;
  segments: SegmentMeta[];
  /** The git state (HEAD, index) the problem list (the last segment's extra) was computed under. */
  gitState?: string;
  /** What else the scan saw (files that do not belong): part of "nothing changed". */
  scanKey?: string;
  /** The scan marker's mtime when this cache was written (see read.ts). */
  marker?: number;
  /** How many entries have no trusted stat (they are read again next time). */
  untrusted: number;
  /** The config file's cached stat (size, mtimeMs, ctimeMs, ino), when it is the first entry. */
  config?: number[];
}

export interface CacheEntry {
  file: string;
  /** Undefined: do not trust next time (written too recently to be sure, or no stat). */
  stat?: FileStat;
  doc: LoadedDocument;
}

export interface CacheContents {
  entries: CacheEntry[];
  /**
   * The documents, already encoded, in entry order (a worker's share), or to be encoded
   * here; when absent, every entry's document is encoded here.
   */
  segments?: (Segment | LoadedDocument[])[];
  problems?: Problem[];
  gitState?: string;
  scanKey?: string;
  marker?: number;
}

/** The identity a cache must match: the format, ehcp's version and the schemas' content. */
export interface CacheIdentity {
  ehcp: string;
  schemas: string;
}

export function schemasHash(texts: string[]): string {
  const hash = createHash('sha256');
  for (const t of texts) hash.update(t).update('\0');
  return hash.digest('hex').slice(0, 32);
}

// ---------------------------------------------------------------------------------------
// Encoding

// A token is tag (low 3 bits) + payload.
const STRING = 0;
const OBJECT = 1;
const ARRAY = 2;
const UINT = 3;
const CONST = 4; // 0 false, 1 true, 2 null, 3 undefined
const NUMBER = 5; // index into numbers
const SHARED = 6; // index into shared
const MAX_UINT = 2 ** 29 - 1;

class Encoder {
  private readonly stringIndex = new Map<string, number>();
  readonly strings: string[] = [];
  private readonly shapeIndex = new Map<string, number>();
  readonly shapes: string[][] = [];
  readonly numbers: string[] = [];
  private readonly sharedIndex = new Map<string, number>();
  /** The token runs of shared values, appended after everything else. */
  readonly sharedRuns: Uint32Array[] = [];
  tokens = new Uint32Array(1 << 16);
  length = 0;

  push(token: number): void {
    if (this.length === this.tokens.length) {
      const bigger = new Uint32Array(this.tokens.length * 2);
      bigger.set(this.tokens);
      this.tokens = bigger;
    }
    this.tokens[this.length++] = token;
  }

  private tag(tag: number, payload: number): void {
    if (payload > MAX_UINT) throw new RangeError('cache too large');
    this.push(payload * 8 + tag);
  }

  private shape(keys: string[]): number {
    const key = JSON.stringify(keys);
    let s = this.shapeIndex.get(key);
    if (s === undefined) {
      s = this.shapes.length;
      this.shapeIndex.set(key, s);
      this.shapes.push(keys);
    }
    return s;
  }

  string(s: string): void {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.stringIndex.set(s, i);
      this.strings.push(s);
    }
    this.tag(STRING, i);
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        return this.string(v);
      case 'number':
        if (Number.isInteger(v) && v >= 0 && v <= MAX_UINT && !Object.is(v, -0)) return this.tag(UINT, v);
        this.numbers.push(Object.is(v, -0) ? '-0' : String(v));
        return this.tag(NUMBER, this.numbers.length - 1);
      case 'boolean':
        return this.tag(CONST, v ? 1 : 0);
      case 'undefined':
        return this.tag(CONST, 3);
      case 'object': {
        if (v === null) return this.tag(CONST, 2);
        if (Array.isArray(v)) {
          this.tag(ARRAY, v.length);
          for (const item of v) this.value(item);
          return;
        }
        const keys = Object.keys(v);
        this.tag(OBJECT, this.shape(keys));
        for (const k of keys) this.value((v as Record<string, unknown>)[k]);
        return;
      }
      default:
        throw new TypeError(`cannot cache a ${typeof v}`);
    }
  }

  /** A value stored once and referred to wherever it recurs (decoded once, frozen). */
  sharedValue(v: object): void {
    const key = JSON.stringify(v);
    let i = this.sharedIndex.get(key);
    if (i === undefined) {
      // Written out of line: a run of tokens the decoder reads once, before the documents.
      const saved = { tokens: this.tokens, length: this.length };
      this.tokens = new Uint32Array(64);
      this.length = 0;
      this.value(v);
      const run = this.tokens.slice(0, this.length);
      this.tokens = saved.tokens;
      this.length = saved.length;
      i = this.sharedRuns.length;
      this.sharedIndex.set(key, i);
      this.sharedRuns.push(run);
    }
    this.tag(SHARED, i);
  }

  document(doc: LoadedDocument): void {
    const keys = Object.keys(doc);
    this.tag(OBJECT, this.shape(keys));
    for (const k of keys) {
      const v = asFields(doc)[k];
      // Key-line maps recur (records written by ehcp share a layout), and most problem lists
      // are empty: one frozen copy of each serves every document.
      if ((k === 'keyLines' && v && typeof v === 'object') || (k === 'problems' && Array.isArray(v) && v.length === 0)) this.sharedValue(v as object);
      else this.value(v);
    }
  }
}

/** Builds a segment one document at a time (a worker encodes each as it is read, keeping none). */
export class SegmentWriter {
  private readonly enc = new Encoder();
  private offsets = new Uint32Array(1024);
  private count = 0;

  add(doc: LoadedDocument): void {
    if (this.count === this.offsets.length) {
      const bigger = new Uint32Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.offsets[this.count++] = this.enc.length;
    this.enc.document(doc);
  }

  /** The segment, with `extra` (if any) after the documents. */
  finish(extra?: unknown): Segment {
    const enc = this.enc;
    let extraAt: number | undefined;
    if (extra !== undefined) {
      extraAt = enc.length;
      enc.value(extra);
    }
    // Shared runs go after everything, so document offsets stay as recorded.
    const shared: number[] = [];
    for (const run of enc.sharedRuns) {
      shared.push(enc.length);
      for (const t of run) enc.push(t);
    }
    const strings = Buffer.from(enc.strings.join(''), 'utf8');
    return {
      meta: {
        count: this.count,
        stringCount: enc.strings.length,
        stringsBytes: strings.length,
        tokenCount: enc.length,
        shapes: enc.shapes,
        numbers: enc.numbers,
        shared,
        ...(extraAt !== undefined ? { extra: extraAt } : {}),
      },
      offsets: this.offsets.slice(0, this.count),
      lens: Uint32Array.from(enc.strings, (s) => s.length),
      tokens: enc.tokens.slice(0, enc.length),
      strings: new Uint8Array(strings.buffer, strings.byteOffset, strings.length),
    };
  }
}

/** Encode documents (and, optionally, one more value after them) as a segment. */
export function encodeSegment(docs: readonly LoadedDocument[], extra?: unknown): Segment {
  const writer = new SegmentWriter();
  for (const doc of docs) writer.add(doc);
  return writer.finish(extra);
}

const align8 = (n: number) => (n + 7) & ~7;

/** The cache file's bytes for `contents`. */
export function encodeCache(contents: CacheContents, identity: CacheIdentity, written = Date.now()): Buffer {
  return Buffer.concat(encodeParts(contents, identity, written));
}

/** The cache file as a list of buffers (written one after another: no 36 MB concatenation). */
function encodeParts(contents: CacheContents, identity: CacheIdentity, written = Date.now()): Buffer[] {
  const { entries } = contents;
  const segments: Segment[] = (contents.segments ?? [entries.map((e) => e.doc)]).map((s) => (Array.isArray(s) ? encodeSegment(s) : s));
  // The problem list goes in a segment of its own, last.
  if (contents.problems) segments.push(encodeSegment([], contents.problems));
  const inSegments = segments.reduce((n, s) => n + s.meta.count, 0);
  if (inSegments !== entries.length) throw new RangeError(`cache segments hold ${inSegments} documents for ${entries.length} entries`);
  const stats = new Float64Array(entries.length * STAT_WIDTH);
  entries.forEach((e, i) => {
    const at = i * STAT_WIDTH;
    if (e.stat) {
      stats[at] = e.stat.size;
      stats[at + 1] = e.stat.mtimeMs;
      stats[at + 2] = e.stat.ctimeMs;
      stats[at + 3] = e.stat.ino;
    } else {
      stats.fill(NaN, at, at + STAT_WIDTH);
    }
  });
  const paths = Buffer.from(entries.map((e) => e.file).join('\n'), 'utf8');
  const first = entries[0];
  const header: CacheHeader = {
    format: CACHE_FORMAT,
    ehcp: identity.ehcp,
    schemas: identity.schemas,
    written,
    count: entries.length,
    pathsBytes: paths.length,
    segments: segments.map((s) => s.meta),
    ...(contents.gitState !== undefined ? { gitState: contents.gitState } : {}),
    ...(contents.scanKey !== undefined ? { scanKey: contents.scanKey } : {}),
    ...(contents.marker !== undefined ? { marker: contents.marker } : {}),
    untrusted: entries.filter((e) => !e.stat).length,
    ...(first?.file === CONFIG_FILE && first.stat ? { config: [first.stat.size, first.stat.mtimeMs, first.stat.ctimeMs, first.stat.ino] } : {}),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [];
  let size = 0;
  const add = (b: ArrayBufferView) => {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    parts.push(buf);
    size += buf.length;
    const pad = align8(size) - size;
    if (pad) {
      parts.push(Buffer.alloc(pad));
      size += pad;
    }
  };
  const lengthField = Buffer.alloc(8);
  lengthField.writeUInt32LE(headerBytes.length, 0);
  add(MAGIC);
  add(lengthField);
  add(headerBytes);
  // The documents first, the index (stats and paths) last: a read that finds nothing
  // changed never loads the index.
  for (const s of segments) {
    add(s.offsets);
    add(s.lens);
    add(s.tokens);
    add(s.strings);
  }
  add(stats);
  add(paths);
  return parts;
}

/**
 * Write the cache under a temporary name and rename it into place: a concurrent reader sees
 * the old file or the new one, never a part. No fsync: after a crash a torn cache fails its
 * checks and is rebuilt, which costs time, never correctness.
 */
export function writeCache(file: string, contents: CacheContents, identity: CacheIdentity, written?: number): void {
  const parts = encodeParts(contents, identity, written);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      for (const part of parts) for (let done = 0; done < part.length; ) done += fs.writeSync(fd, part, done);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Decoding

interface SegmentAt {
  meta: SegmentMeta;
  offsetsAt: number;
  lensAt: number;
  tokensAt: number;
  stringsAt: number;
  end: number;
}

interface Layout {
  header: CacheHeader;
  /** Where the documents part starts (the first segment). */
  docsAt: number;
  segments: SegmentAt[];
  statsAt: number;
  pathsAt: number;
  end: number;
}

function layout(header: CacheHeader, headerBytes: number): Layout {
  const docsAt = align8(align8(8 + 8) + headerBytes);
  let at = docsAt;
  const segments = header.segments.map((meta) => {
    const offsetsAt = at;
    const lensAt = offsetsAt + align8(meta.count * 4);
    const tokensAt = lensAt + align8(meta.stringCount * 4);
    const stringsAt = tokensAt + align8(meta.tokenCount * 4);
    at = stringsAt + align8(meta.stringsBytes);
    return { meta, offsetsAt, lensAt, tokensAt, stringsAt, end: at };
  });
  const statsAt = at;
  const pathsAt = statsAt + align8(header.count * STAT_WIDTH * 8);
  return { header, docsAt, segments, statsAt, pathsAt, end: pathsAt + align8(header.pathsBytes) };
}

function parseHeader(bytes: Buffer, identity: CacheIdentity): CacheHeader | undefined {
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.toString('utf8')) as CacheHeader;
  } catch {
    return undefined;
  }
  if (header.format !== CACHE_FORMAT || header.ehcp !== identity.ehcp || header.schemas !== identity.schemas) return undefined;
  if (!Array.isArray(header.segments) || header.segments.reduce((n, s) => n + s.count, 0) !== header.count) return undefined;
  return header;
}

/** Read exactly `length` bytes at `position` into a new, 8-byte-aligned buffer (or throw). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(length); // its own ArrayBuffer: offset 0, aligned
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error('cache file is truncated');
    done += n;
  }
  return buf;
}

/** The header of an open cache file, with its layout, when this ehcp can use it. */
function openLayout(fd: number, identity: CacheIdentity): Layout | undefined {
  // Only a regular file, and no length it claims is believed beyond the file's own size:
  // a damaged or planted cache costs a re-read, never a hang or a huge allocation.
  const st = fs.fstatSync(fd);
  if (!st.isFile() || st.size < 16) return undefined;
  const head = readAt(fd, 0, 16);
  if (!head.subarray(0, 8).equals(MAGIC)) return undefined;
  const headerBytes = head.readUInt32LE(8);
  if (16 + headerBytes > st.size) return undefined;
  const header = parseHeader(readAt(fd, 16, headerBytes), identity);
  if (!header) return undefined;
  const l = layout(header, headerBytes);
  if (fs.fstatSync(fd).size < l.pathsAt + header.pathsBytes) return undefined;
  return l;
}

/** A cache file is opened without following a link and without blocking (a FIFO planted there). */
const CACHE_OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

function withFile<T>(file: string, use: (fd: number) => T | undefined): T | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, CACHE_OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    return use(fd);
  } catch {
    return undefined; // unreadable or damaged: ignored (and rewritten by this run)
  } finally {
    fs.closeSync(fd);
  }
}

/** Only the header of a cache file, when it is one this ehcp can use. */
export function readCacheHeader(file: string, identity: CacheIdentity): CacheHeader | undefined {
  return withFile(file, (fd) => openLayout(fd, identity)?.header);
}

/** What a scan compares against: the cached paths and stats, without the documents. */
export interface CacheIndex {
  header: CacheHeader;
  /** The cached files' paths joined by "\n", in order. */
  paths: string;
  /** STAT_WIDTH numbers per file: size, mtimeMs, ctimeMs, ino (NaN: not to be trusted). */
  stats: Float64Array;
}

function readIndex(fd: number, l: Layout): { paths: string; stats: Float64Array } {
  const part = readAt(fd, l.statsAt, l.end - l.statsAt);
  return {
    stats: new Float64Array(part.buffer, part.byteOffset, l.header.count * STAT_WIDTH),
    paths: part.toString('utf8', l.pathsAt - l.statsAt, l.pathsAt - l.statsAt + l.header.pathsBytes),
  };
}

/** Read only the index part of a cache file (for a scan in a worker). */
export function readCacheIndex(file: string, identity: CacheIdentity): CacheIndex | undefined {
  return withFile(file, (fd) => {
    const l = openLayout(fd, identity);
    return l ? { header: l.header, ...readIndex(fd, l) } : undefined;
  });
}

/** A whole cache file, ready to decode documents from; the index is read when first asked for. */
export interface LoadedCache extends CacheIndex {
  /** The document of file i. */
  document(i: number): LoadedDocument;
  problems(): Problem[] | undefined;
  /** Release the open file (the index cannot be read after). */
  close(): void;
}

/**
 * Open a cache file and read its documents part. The index (paths and stats) is read from
 * the same open file when first asked for, so a read that finds nothing changed never
 * loads it, and a newer cache written meanwhile cannot be mixed in. Call close() when done.
 */
export function readCache(file: string, identity: CacheIdentity): LoadedCache | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, CACHE_OPEN_FLAGS);
  } catch {
    return undefined;
  }
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  try {
    const l = openLayout(fd, identity);
    if (!l) {
      close();
      return undefined;
    }
    const docs = readAt(fd, l.docsAt, l.statsAt - l.docsAt);
    let index: { paths: string; stats: Float64Array } | undefined;
    return loadedCache(
      l,
      docs,
      () => {
        if (!index && !open) throw new Error('the cache file was closed before its index was read');
        return (index ??= readIndex(fd, l));
      },
      close,
    );
  } catch {
    close();
    return undefined; // unreadable or damaged: ignored (and rewritten by this run)
  }
}

function loadedCache(l: Layout, docs: Buffer, index: () => { paths: string; stats: Float64Array }, close: () => void = () => {}): LoadedCache {
  const view = <T>(Type: new (b: ArrayBufferLike, o: number, n: number) => T, at: number, n: number) => new Type(docs.buffer, docs.byteOffset + at - l.docsAt, n);
  const segments = l.segments.map((s) =>
    decodeSegment({
      meta: s.meta,
      offsets: view(Uint32Array, s.offsetsAt, s.meta.count),
      lens: view(Uint32Array, s.lensAt, s.meta.stringCount),
      tokens: view(Uint32Array, s.tokensAt, s.meta.tokenCount),
      strings: view(Uint8Array, s.stringsAt, s.meta.stringsBytes),
    }),
  );
  const starts: number[] = [];
  let n = 0;
  for (const s of segments) {
    starts.push(n);
    n += s.count;
  }
  let last = 0; // documents are mostly asked for in order: remember the segment
  const withExtra = [...segments].reverse().find((s) => s.hasExtra);
  return {
    header: l.header,
    get paths() {
      return index().paths;
    },
    get stats() {
      return index().stats;
    },
    document(i) {
      if (!(i >= starts[last] && i < starts[last] + segments[last].count)) {
        last = starts.findIndex((start, k) => i >= start && i < start + segments[k].count);
        if (last < 0) {
          last = 0;
          throw new Error('no such cached document');
        }
      }
      return segments[last].document(i - starts[last]);
    },
    problems: () => withExtra?.extra() as Problem[] | undefined,
    close,
  };
}

/** A decoded segment: its documents on demand. */
export interface SegmentReader {
  count: number;
  hasExtra: boolean;
  document(i: number): LoadedDocument;
  extra(): unknown;
}

/** Decode a segment (from a cache file, or handed over by a worker). Throws on damage. */
export function decodeSegment(segment: Segment): SegmentReader {
  const { meta, offsets, lens, tokens } = segment;
  const bytes = segment.strings;
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const strings = new Array<string>(meta.stringCount);
  let at = 0;
  for (let i = 0; i < lens.length; i++) {
    strings[i] = all.slice(at, at + lens[i]);
    at += lens[i];
  }
  if (at !== all.length) throw new Error('cache strings do not add up');
  const numbers = meta.numbers.map(Number);
  const shapes = meta.shapes;
  const shared: unknown[] = new Array(meta.shared.length);

  let p = 0;
  // Bounds are checked so that a damaged file fails (and is ignored) rather than loops or
  // allocates without end; a wrong but well-formed value cannot be told from a right one.
  const bad = () => {
    throw new Error('bad cache token');
  };
  const decode = (): unknown => {
    if (p >= tokens.length) bad();
    const t = tokens[p++];
    const payload = t >>> 3;
    switch (t & 7) {
      case STRING:
        return payload < strings.length ? strings[payload] : bad();
      case OBJECT: {
        const keys = payload < shapes.length ? shapes[payload] : bad()!;
        const o: Record<string, unknown> = {};
        for (let k = 0; k < keys.length; k++) o[keys[k]] = decode();
        return o;
      }
      case ARRAY: {
        if (payload > tokens.length - p) bad();
        const a = new Array<unknown>(payload);
        for (let k = 0; k < payload; k++) a[k] = decode();
        return a;
      }
      case UINT:
        return payload;
      case CONST:
        return payload === 1 ? true : payload === 0 ? false : payload === 2 ? null : undefined;
      case NUMBER:
        return payload < numbers.length ? numbers[payload] : bad();
      case SHARED:
        return payload < shared.length ? shared[payload] : bad();
      default:
        return bad();
    }
  };
  const decodeAt = (offset: number) => {
    p = offset;
    return decode();
  };
  meta.shared.forEach((offset, i) => (shared[i] = Object.freeze(decodeAt(offset))));
  return {
    count: meta.count,
    hasExtra: meta.extra !== undefined,
    document: (i) => decodeAt(i < offsets.length ? offsets[i] : tokens.length) as LoadedDocument,
    extra: () => (meta.extra === undefined ? undefined : decodeAt(meta.extra)),
  };
}

/** Decode a cache file held in memory (tests). */
export function openCache(buf: Buffer, identity: CacheIdentity): LoadedCache | undefined {
  if (buf.length < 16 || !buf.subarray(0, 8).equals(MAGIC)) return undefined;
  const headerBytes = buf.readUInt32LE(8);
  const header = parseHeader(buf.subarray(16, 16 + headerBytes), identity);
  if (!header) return undefined;
  const l = layout(header, headerBytes);
  if (buf.length < l.pathsAt + header.pathsBytes) return undefined;
  const copy = (from: number, to: number) => Buffer.from(Uint8Array.prototype.slice.call(buf, from, to));
  const docs = copy(l.docsAt, l.statsAt);
  const idx = copy(l.statsAt, l.end);
  const index = {
    stats: new Float64Array(idx.buffer, idx.byteOffset, header.count * STAT_WIDTH),
    paths: idx.toString('utf8', l.pathsAt - l.statsAt, l.pathsAt - l.statsAt + header.pathsBytes),
  };
  try {
    return loadedCache(l, docs, () => index);
  } catch {
    return undefined;
  }
}
