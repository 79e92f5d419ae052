// The read path's cache: the binary format gives back exactly what went in; a cache of
// another ehcp version or other schemas, or a damaged one, is ignored; and a repeat read
// of a real repository gives the same snapshot as a cold one while noticing every change
// (an edit in place that keeps the size and the mtime, a file added, removed or
// renamed, a commit), whichever way changes are looked for.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type LoadedDocument } from '../../src/core/document.js';
import type { Note } from '../../src/core/records.js';
import type { Problem } from '../../src/core/problems.js';
import { encodeCache, encodeSegment, openCache, STAT_WIDTH, writeCache, type CacheEntry } from '../../src/store/read/cache.js';
import { DOCUMENT_CACHE_FILE, readRepository, readTuning, SCAN_MARKER_FILE, type ReadReport, type Snapshot } from '../../src/store/read/read.js';
import { backdateTree, gitSync, initRepo, tempDir, writeFile } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { casePathIn, type Layout } from '../../src/core/layout.js';
import { CASE_REF, COMM_ID, COMM_YAML, NOTE_ID, NOTE_YAML, VALID_FILES } from '../fixtures/records.js';

const ID = { ehcp: '9.9.9', schemas: 'test-schemas' };

// Values of the kinds records hold, and the awkward ones: astral and combining characters,
// NaN, -0, infinities, large and negative numbers, undefined in an object, nesting.
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 2 ** 29 - 1, 2 ** 29, 2 ** 53, true, false, null, undefined, ''),
);
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5, noNullPrototype: true })),
})).value;

const problemArb: fc.Arbitrary<Problem> = fc.record({
  file: fc.string({ minLength: 1 }),
  line: fc.nat(),
  col: fc.nat(),
  rule: fc.constantFrom('schema', 'yaml-syntax', 'uncommitted') as fc.Arbitrary<Problem['rule']>,
  message: fc.string(),
  severity: fc.constantFrom('error', 'warning') as fc.Arbitrary<Problem['severity']>,
}, { noNullPrototype: true });

// Arbitrary plain data in a document's shape: the cache stores values whatever their type,
// so the typed union (a valid note's value is a Note) is not what is under test here.
const docArb = fc.record(
  {
    file: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\n')),
    type: fc.constantFrom('case', 'minutes', 'note', 'communication', 'config') as fc.Arbitrary<LoadedDocument['type']>,
    value: fc.dictionary(fc.string({ maxLength: 8 }), valueArb, { maxKeys: 8, noNullPrototype: true }),
    valid: fc.boolean(),
    problems: fc.array(problemArb, { maxLength: 3 }),
    keyLines: fc.dictionary(fc.constantFrom('schema', 'id', 'case', 'date', 'summary'), fc.nat({ max: 500 }), { noNullPrototype: true }),
  },
  { requiredKeys: ['file', 'valid', 'problems', 'keyLines'], noNullPrototype: true },
).map((d) => d as unknown as LoadedDocument);

const statArb = fc.option(
  fc.record({ size: fc.nat(), mtimeMs: fc.double({ min: 0, max: 2e12, noNaN: true }), ctimeMs: fc.double({ min: 0, max: 2e12, noNaN: true }), ino: fc.nat() }, { noNullPrototype: true }),
  { nil: undefined },
);

describe('cache format', () => {
  it('gives back every document, stat and problem exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(docArb, statArb), { maxLength: 12 }), fc.array(problemArb, { maxLength: 4 }), (pairs, problems) => {
        const entries: CacheEntry[] = pairs.map(([doc, stat]) => ({ file: doc.file, doc, stat }));
        const cache = openCache(encodeCache({ entries, problems, gitState: 'g', scanKey: '[]' }, ID), ID);
        expect(cache).toBeDefined();
        expect(cache!.header.count).toBe(entries.length);
        entries.forEach((e, i) => {
          expect(cache!.document(i)).toStrictEqual(e.doc);
          const at = i * STAT_WIDTH;
          const got = Array.from(cache!.stats.subarray(at, at + STAT_WIDTH));
          if (e.stat) expect(got).toEqual([e.stat.size, e.stat.mtimeMs, e.stat.ctimeMs, e.stat.ino]);
          else expect(got.every(Number.isNaN)).toBe(true);
        });
        expect(cache!.paths).toBe(entries.map((e) => e.file).join('\n'));
        expect(cache!.problems()).toStrictEqual(problems);
        expect(cache!.header.untrusted).toBe(entries.filter((e) => !e.stat).length);
      }),
      { numRuns: 300 },
    );
  });

  it('reads documents split across segments, one encoded elsewhere (a worker), in order', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 6 }), fc.array(docArb, { maxLength: 6 }), fc.array(problemArb, { maxLength: 2 }), (a, b, problems) => {
        const entries: CacheEntry[] = [...a, ...b].map((doc) => ({ file: doc.file, doc }));
        const cache = openCache(encodeCache({ entries, segments: [a, encodeSegment(b)], problems }, ID), ID)!;
        expect(cache.header.segments.length).toBe(3); // a, b, and the problem list
        entries.forEach((e, i) => expect(cache.document(i)).toStrictEqual(e.doc));
        expect(cache.problems()).toStrictEqual(problems);
      }),
      { numRuns: 200 },
    );
    const [x] = fc.sample(docArb, 1);
    expect(() => encodeCache({ entries: [{ file: 'x', doc: x }], segments: [[]] }, ID)).toThrow(/segments hold 0 documents for 1 entries/);
  });

  it('shares each distinct key-line map between documents, frozen', () => {
    const value: Note = { schema: 'note/v1', id: '2024-01-02-note-abc123', case: 'T1', status: 'final', date: '2024-01-02', kind: 'phone', summary: 'a' };
    const doc = (file: string): LoadedDocument => ({ file, type: 'note', value, valid: true, problems: [], keyLines: { schema: 2, id: 3 } });
    const cache = openCache(encodeCache({ entries: [doc('a'), doc('b')].map((d) => ({ file: d.file, doc: d })) }, ID), ID)!;
    const [a, b] = [cache.document(0), cache.document(1)];
    expect(a.keyLines).toBe(b.keyLines);
    expect(Object.isFrozen(a.keyLines)).toBe(true);
    expect(a.problems).toBe(b.problems); // an empty problem list is shared too
    expect(Object.isFrozen(a.problems)).toBe(true);
    const withProblems = (file: string): LoadedDocument => ({ file, type: 'note', value: { a: 1 }, keyLines: { schema: 2, id: 3 }, valid: false, problems: [{ file, line: 1, col: 1, rule: 'schema', message: 'm', severity: 'error' }] });
    const other = openCache(encodeCache({ entries: [withProblems('a'), withProblems('b')].map((d) => ({ file: d.file, doc: d })) }, ID), ID)!;
    expect(other.document(0).problems).not.toBe(other.document(1).problems);
  });

  it('ignores a cache written by another ehcp version or for other schemas', () => {
    const bytes = encodeCache({ entries: [] }, ID);
    expect(openCache(bytes, ID)).toBeDefined();
    expect(openCache(bytes, { ...ID, ehcp: '9.9.10' })).toBeUndefined();
    expect(openCache(bytes, { ...ID, schemas: 'other' })).toBeUndefined();
  });

  it('ignores a damaged cache instead of failing or trusting it', () => {
    const doc: LoadedDocument = { file: 'cases/T1/x.yaml', type: 'note', value: { summary: 'text', list: [1, 2, 3] }, valid: false, problems: [], keyLines: { summary: 1 } };
    const bytes = encodeCache({ entries: Array.from({ length: 20 }, (_, i) => ({ file: `${doc.file}${i}`, doc })) }, ID);
    expect(openCache(bytes.subarray(0, bytes.length - 9), ID)).toBeUndefined();
    expect(openCache(Buffer.from('not a cache at all, just some text'), ID)).toBeUndefined();
    expect(openCache(Buffer.alloc(0), ID)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const damaged = Buffer.from(bytes);
        damaged[16 + (at % (damaged.length - 16))] ^= xor;
        // Either refused, or readable without throwing or hanging.
        const cache = (() => {
          try {
            return openCache(damaged, ID);
          } catch {
            return undefined;
          }
        })();
        if (cache) {
          for (let i = 0; i < cache.header.count; i++) {
            try {
              cache.document(i);
            } catch {
              /* refused: read.ts then ignores the whole cache */
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------

let template: string;
/** The same repository in the sharded layout (cases/<xx>/<REF>/), made by `ehcp migrate`. */
let shardedTemplate: string;
beforeAll(async () => {
  // Files changed within racyMs of a scan are read again next time; a short window keeps
  // these tests quick (the default covers filesystems with 2-second timestamps).
  readTuning.racyMs = 100;
  template = await initRepo();
  for (const [file, text] of Object.entries(VALID_FILES)) writeFile(template, file, text);
  gitSync(template, ['add', '-A']);
  gitSync(template, ['commit', '-qm', 'fixtures']);
  shardedTemplate = path.join(tempDir(), 'records');
  fs.cpSync(template, shardedTemplate, { recursive: true });
  const migrated = await runInProcess(['migrate', '--layout', 'sharded'], { cwd: shardedTemplate });
  if (migrated.code !== 0) throw new Error(migrated.stderr);
});

function repo(layout: Layout = 'flat'): string {
  const root = path.join(tempDir(), 'records');
  fs.cpSync(layout === 'flat' ? template : shardedTemplate, root, { recursive: true });
  return root;
}

async function read(root: string, cache = true): Promise<{ snap: Snapshot; report: Partial<ReadReport> }> {
  const report: Partial<ReadReport> = {};
  const snap = await readRepository(root, { cache, report });
  return { snap, report };
}

/** A snapshot as plain data (cached key-line maps are frozen and shared; values compare equal). */
const plain = (s: Snapshot) => JSON.parse(JSON.stringify(s)) as unknown;

/** Make a cached file look untouched but for its content: same size, same mtime. */
function editInPlaceKeepingMtime(file: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const st = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  fs.utimesSync(file, st.atime, st.mtime);
}

/** Age every file's and folder's mtime (their ctimes become now: wait out the racy window before reading). */
async function age(root: string): Promise<void> {
  backdateTree(root, 60_000, { folders: true });
  await new Promise((r) => setTimeout(r, 150));
}

/** Wait until the ctime clock has moved past files written just before (ctimes compare by value). */
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('repeat reads of a repository', () => {
  it('give the same snapshot as a cold read, from the cache, without parsing or asking git', async () => {
    const root = repo();
    writeFile(root, `cases/${CASE_REF}/notes.txt`, 'a stray file');
    writeFile(root, `cases/${CASE_REF}/2024-03-09-note-bad999.yaml`, 'schema: note/v1\nsummary: [unclosed\n');
    writeFile(root, 'cases/not a ref/x.yaml', NOTE_YAML);
    await age(root);
    const cold = await read(root, false);
    expect(cold.snap.problems.map((p) => p.rule)).toEqual(expect.arrayContaining(['stray-file', 'yaml-syntax', 'uncommitted']));
    const first = await read(root);
    expect(first.report).toMatchObject({ scan: 'here', fromCache: 0, wroteCache: true });
    const second = await read(root);
    expect(second.report).toMatchObject({ scan: 'find', parsed: 0, problemsFromCache: true, wroteCache: false });
    for (const r of [first, second]) expect(plain(r.snap)).toEqual(plain(cold.snap));
  });

  for (const [how, layout] of [['find', 'flat'], ['here', 'flat'], ['find', 'sharded'], ['here', 'sharded']] as const) {
    describe(`noticing changes (${how === 'find' ? 'asking find' : 'stat-ing every file'}, ${layout} layout)`, () => {
      /** A file of case `ref`'s folder where this layout puts it. */
      const at = (name: string, ref = CASE_REF) => casePathIn(ref, name, layout);
      async function primed(): Promise<string> {
        const root = repo(layout);
        await age(root);
        await read(root);
        expect((await read(root)).report.scan).toBe('find');
        await tick();
        return root;
      }
      const changed = async (root: string) => {
        if (how === 'here') fs.rmSync(path.join(root, SCAN_MARKER_FILE)); // no marker: every file is stat'ed
        const r = await read(root);
        expect(r.report.scan).toBe(how);
        expect(plain(r.snap)).toEqual(plain((await read(root, false)).snap));
        return r;
      };

      it('an edit in place that keeps the size and the mtime', async () => {
        const root = await primed();
        const file = path.join(root, at(`${NOTE_ID}.yaml`));
        editInPlaceKeepingMtime(file, 'kind: phone', 'kind: email');
        const r = await changed(root);
        expect(r.report.parsed).toBeGreaterThanOrEqual(1);
        const note = r.snap.documents.find((d) => d.file.endsWith(`${NOTE_ID}.yaml`));
        expect(note && fieldsOf(note)?.kind).toBe('email');
      });

      it('a file added, one removed and one renamed', async () => {
        const root = await primed();
        writeFile(root, at('2024-03-10-note-new001.yaml'), NOTE_YAML.replace(NOTE_ID, '2024-03-10-note-new001'));
        fs.rmSync(path.join(root, at(`${COMM_ID}.yaml`)));
        fs.renameSync(path.join(root, at(`${NOTE_ID}.yaml`)), path.join(root, at('2024-03-06-note-zzz000.yaml')));
        const r = await changed(root);
        const files = r.snap.documents.map((d) => d.file);
        expect(files).toContain(at('2024-03-10-note-new001.yaml'));
        expect(files).not.toContain(at(`${COMM_ID}.yaml`));
        expect(r.snap.problems.some((p) => p.rule === 'file-name' && p.file.endsWith('zzz000.yaml'))).toBe(true);
      });

      it('a new stray file and a changed config', async () => {
        const root = await primed();
        writeFile(root, at('scan.pdf'), 'not a record');
        const config = path.join(root, 'ehcp.config.yaml');
        fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/authority: .*/, 'authority: Another Test Council'));
        const r = await changed(root);
        expect(r.snap.config?.authority).toBe('Another Test Council');
        expect(r.snap.problems.some((p) => p.rule === 'stray-file' && p.file.endsWith('scan.pdf'))).toBe(true);
      });

      it('a case folder added (in a new place, or a new shard) and one removed', async () => {
        const root = await primed();
        const caseText = fs.readFileSync(path.join(root, at('case.yaml')), 'utf8');
        writeFile(root, at('case.yaml', 'T0777'), caseText.replace(`ref: ${CASE_REF}`, 'ref: T0777'));
        fs.rmSync(path.dirname(path.join(root, at('case.yaml'))), { recursive: true });
        const r = await changed(root);
        const files = r.snap.documents.map((d) => d.file);
        expect(files).toContain(at('case.yaml', 'T0777'));
        expect(files.some((f) => f.startsWith(`${path.posix.dirname(at('case.yaml'))}/`))).toBe(false);
      });
    });
  }

  it('notices a commit: the uncommitted problem goes without any file changing', async () => {
    const root = repo();
    writeFile(root, `cases/${CASE_REF}/2024-03-10-note-new001.yaml`, NOTE_YAML.replace(NOTE_ID, '2024-03-10-note-new001'));
    await age(root);
    expect((await read(root)).snap.problems.map((p) => p.rule)).toEqual(['uncommitted']);
    expect((await read(root)).report.problemsFromCache).toBe(true);
    gitSync(root, ['add', '--', 'cases']);
    gitSync(root, ['commit', '-qm', 'note']);
    const r = await read(root);
    expect(r.report.problemsFromCache).toBe(false);
    expect(r.snap.problems).toEqual([]);
  });

  it('reads again a file written just before the scan (it could change again unseen)', async () => {
    const root = repo();
    await age(root);
    fs.writeFileSync(path.join(root, `cases/${CASE_REF}/${COMM_ID}.yaml`), COMM_YAML); // new ctime: now
    await read(root);
    const buf = fs.readFileSync(path.join(root, DOCUMENT_CACHE_FILE));
    const header = JSON.parse(buf.subarray(16, 16 + buf.readUInt32LE(8)).toString('utf8')) as { untrusted: number };
    expect(header.untrusted).toBe(1);
    const again = await read(root);
    expect(again.report.parsed).toBe(1);
  });

  it('ignores and rewrites a damaged cache, or one written for other schemas', async () => {
    const root = repo();
    await age(root);
    const cold = plain((await read(root, false)).snap);
    await read(root);
    const file = path.join(root, DOCUMENT_CACHE_FILE);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
    let r = await read(root);
    expect(r.report).toMatchObject({ fromCache: 0, wroteCache: true });
    expect(plain(r.snap)).toEqual(cold);
    writeCache(file, { entries: [] }, { ehcp: '0.0.0-other', schemas: 'other' });
    r = await read(root);
    expect(r.report).toMatchObject({ fromCache: 0, wroteCache: true });
    expect(plain(r.snap)).toEqual(cold);
  });

  it('leaves no temporary files behind', async () => {
    const root = repo();
    await read(root);
    await read(root);
    expect(fs.readdirSync(path.join(root, '.ehcp/cache')).sort()).toEqual(['documents.bin', 'scanned']);
  });
});
