// Building a synthetic records repository: what `ehcp demo` and the benchmark use.
// The repository looks as if `ehcp init` made it (the same scaffold, committed first) and
// officers then recorded each case's history one record per commit, with the same commit
// messages and trailers the writing commands use. Everything is derived from the seed and
// the as-of date, so the same options give the same repository, commit ids included.

import fs from 'node:fs';
import path from 'node:path';
import { addDays, createWorkingCalendar, type IsoDate } from '../core/calendar/index.js';
import { EhcpError } from '../core/errors.js';
import { serializeRecord } from '../core/serialize.js';
import { inLayout, type Layout } from '../core/layout.js';
import { git } from '../store/git/git.js';
import { writeFileAtomic } from '../store/write/write.js';
import { configFile, scaffoldFiles } from '../store/write/scaffold/files.js';
import { installHook } from '../store/write/scaffold/hook.js';
import { installCommand } from '../store/write/scaffold/pin.js';
import { ehcpVersion } from '../store/paths.js';
import { fastImport, GLIBC_HEAP_ENV, type ImportCommit } from './fastImport.js';
import { ADMINISTRATOR } from './people.js';
import { Random } from './random.js';
import { ANOMALIES, buildCaseStory, londonTime, type Anomaly, type CaseStory, type PlannedCommit } from './story.js';

/**
 * The demo's "today". Fixed, so `--seed` reproduces the same repository and the same audit
 * on any day; the demo prints it, and `ehcp audit --as-of` with it reproduces the report.
 */
export const DEMO_AS_OF = '2026-11-16';
const DEMO_AUTHORITY = 'Demo Borough Council (synthetic)';
export const DEFAULT_CASES = 25;
export const DEFAULT_SEED = 1;

export interface DemoOptions {
  cases: number;
  seed: number;
  asOf: IsoDate;
  /** The binary the pre-commit hook falls back to, as `ehcp init` writes it. */
  ehcpBin: string;
  /** Called now and then with a progress message (the benchmark builds 150,000 records). */
  progress?: (message: string) => void;
  /** One commit per record (as the writing commands make them), or one per day; default: see defaultCommits. */
  commits?: CommitGranularity;
  /** Where case folders live; default: see defaultLayout. */
  layout?: Layout;
}

/** From this many cases the demo shards its case folders (core/layout.ts): git's diffs of a flat cases/ tree grow with it. */
const SHARDED_FROM_CASES = 1_000;

function defaultLayout(cases: number): Layout {
  return cases >= SHARDED_FROM_CASES ? 'sharded' : 'flat';
}

type CommitGranularity = 'record' | 'day';
/** Above this many cases the demo commits a day's records at once (see defaultCommits). */
const PER_RECORD_MAX_CASES = 5_000;

/**
 * Every commit of a one-commit-per-record history writes a new cases/ tree listing every
 * case folder, so the build costs (commits × cases): ~2 ms a commit at 5,000 cases (6
 * minutes for 164,000 commits), and at 20,000 cases about 600,000 commits of a 680 KB tree
 * each, hours. Larger demos therefore commit each officer's run of records in a day together:
 * a few thousand commits, each record still first committed on the day it would have been,
 * by its author (so late-record and "first committed" are as they would be), and a record changed twice in one day
 * (written, then finalised or edited) gets a new commit for the second change, so every
 * version stays in the history for the final-record check. Such commits carry no Ehcp-*
 * trailers: `ehcp history` shows them as made outside ehcp, as an import would be.
 */
function defaultCommits(cases: number): CommitGranularity {
  return cases > PER_RECORD_MAX_CASES ? 'day' : 'record';
}

export interface DemoSummary {
  root: string;
  asOf: IsoDate;
  cases: number;
  records: number;
  commits: number;
  officers: string[];
  /** A few case references worth opening, with what they show. */
  highlights: { ref: string; shows: string }[];
  firstDate: IsoDate;
}

const SHOWS: Partial<Record<Anomaly, string>> = {
  'missing-hearing-minutes': 'a tribunal hearing with no minutes',
  'unanswered-enquiry': 'an enquiry never answered',
  'overdue-annual-review': 'an annual review not held',
  'late-record': 'minutes recorded weeks after the meeting',
  'exception-final-plan': 'a late final plan with a reg 10(4)(a) exception',
  'stale-draft': 'minutes left as a draft',
  'uncommitted-record': 'a record written but never committed',
  'edited-final-record': 'a final record edited in place',
};

function caseRef(n: number, total: number): string {
  return `C${String(n).padStart(Math.max(4, String(total).length), '0')}`;
}

/** Which deliberate faults case number n (1-based) carries. */
function anomaliesFor(n: number, total: number, rng: Random): Set<Anomaly> {
  const out = new Set<Anomaly>();
  // Every anomaly at least once: anomaly j goes to case (j mod total) + 1.
  ANOMALIES.forEach((a, j) => {
    if ((j % total) + 1 === n) out.add(a);
  });
  // Beyond the first cases, a realistic sprinkling.
  if (n > ANOMALIES.length && rng.chance(0.12)) out.add(rng.pick(ANOMALIES));
  return out;
}

function buildStories(options: Pick<DemoOptions, 'cases' | 'seed' | 'asOf'>): CaseStory[] {
  const root = new Random(options.seed);
  const env = { asOf: options.asOf, calendar: createWorkingCalendar(), ids: new Set<string>() };
  const stories: CaseStory[] = [];
  for (let n = 1; n <= options.cases; n++) {
    const rng = root.fork(n);
    stories.push(buildCaseStory(n, caseRef(n, options.cases), rng, env, anomaliesFor(n, options.cases, rng)));
  }
  return stories;
}

/** Build the demo repository in `dir`, which must not exist or be empty. */
export async function generateDemoRepository(dir: string, options: DemoOptions): Promise<DemoSummary> {
  assertEmptyFolder(dir);
  if (!Number.isSafeInteger(options.cases) || options.cases < 1) throw new RangeError('cases must be a positive integer');
  const progress = options.progress ?? (() => {});
  progress(`Planning ${options.cases} synthetic case${options.cases === 1 ? '' : 's'}...`);
  const stories = buildStories(options);

  const planned: { commit: PlannedCommit; order: number }[] = [];
  let order = 0;
  for (const story of stories) for (const commit of story.commits) planned.push({ commit, order: order++ });
  // One linear history in time order; ties keep story order, so the result is stable.
  planned.sort((a, b) => a.commit.at - b.commit.at || a.order - b.order);
  const firstDay = planned.length > 0 ? new Date(planned[0].commit.at * 1000).toISOString().slice(0, 10) : options.asOf;
  const initDay = addDays(firstDay, -14);

  fs.mkdirSync(dir, { recursive: true });
  await git(dir, ['init', '--quiet', '--initial-branch=main']);
  const init = londonTime(initDay, 10 * 60);
  // The stories name files as cases/<REF>/<file>; written where the layout puts them.
  const layout = options.layout ?? defaultLayout(options.cases);
  const place = (p: string) => inLayout(p, layout);
  const scaffold: ImportCommit = {
    at: init.at,
    tz: init.tz,
    author: ADMINISTRATOR,
    message: 'ehcp init: records repository set up\n\nEhcp-Action: init\n',
    files: [configFile(DEMO_AUTHORITY, undefined, layout), ...scaffoldFiles('github', installCommand({ version: ehcpVersion() }))].map((f) => ({
      path: f.path,
      content: f.content,
      executable: Boolean(f.mode && f.mode & 0o111),
    })),
  };

  const granularity = options.commits ?? defaultCommits(options.cases);
  progress(granularity === 'record' ? `Writing ${planned.length + 1} commits with git fast-import...` : `Writing ${planned.length} records, a commit a day, with git fast-import...`);
  function* commits(): Generator<ImportCommit> {
    yield scaffold;
    if (granularity === 'day') {
      yield* dailyCommits(planned.map((p) => p.commit), progress, layout);
      return;
    }
    let i = 0;
    for (const { commit } of planned) {
      const message = [
        commit.subject,
        ...(commit.trailers
          ? [
              '',
              ...(commit.trailers.case ? [`Ehcp-Case: ${commit.trailers.case}`] : []),
              ...(commit.trailers.record ? [`Ehcp-Record: ${commit.trailers.record}`] : []),
              `Ehcp-Action: ${commit.trailers.action}`,
            ]
          : []),
      ].join('\n');
      yield {
        at: commit.at,
        tz: commit.tz,
        author: commit.author,
        message: message + '\n',
        files: [{ path: place(commit.path), content: serializeRecord(commit.value, layout) }],
      };
      if (++i % 20000 === 0) progress(`  ${i} of ${planned.length} commits`);
    }
  }
  const written = await fastImport(dir, 'main', commits());

  progress('Checking out the working tree...');
  await git(dir, ['read-tree', '--reset', '-u', 'HEAD'], { env: GLIBC_HEAP_ENV });
  // As `ehcp init` does: the pre-commit check for this clone.
  await installHook(dir);
  // A record whose commit "failed": validate and audit report it until it is committed.
  for (const story of stories) {
    for (const file of story.uncommitted) writeFileAtomic(path.join(dir, place(file.path)), serializeRecord(file.value, layout), { exclusive: true });
  }

  const records = stories.reduce((sum, s) => sum + s.records, 0);
  const highlights: { ref: string; shows: string }[] = [];
  for (const [anomaly, shows] of Object.entries(SHOWS)) {
    const n = ANOMALIES.indexOf(anomaly as Anomaly) % options.cases;
    if (!highlights.some((h) => h.ref === stories[n].ref)) highlights.push({ ref: stories[n].ref, shows });
  }
  return {
    root: dir,
    asOf: options.asOf,
    cases: stories.length,
    records,
    commits: written,
    officers: [...new Set(planned.map((p) => p.commit.author.name))].sort(),
    highlights,
    firstDate: firstDay,
  };
}

/**
 * The planned commits (in time order) as one commit per officer per local day, each at the
 * time of that officer's last record of the day, so each record is first committed on its
 * day, by its author. A path that comes again in the day (written, then finalised or
 * edited) first closes the day's open commits, so its versions follow one another.
 */
function* dailyCommits(planned: readonly PlannedCommit[], progress: (message: string) => void, layout: Layout): Generator<ImportCommit> {
  let open = new Map<string, PlannedCommit[]>(); // officer's e-mail -> records, this day
  let paths = new Set<string>();
  let day = '';
  let done = 0;
  const toCommit = (batch: PlannedCommit[]): ImportCommit => {
    const last = batch[batch.length - 1];
    return {
      at: last.at,
      tz: last.tz,
      author: last.author,
      message: `Records of ${day} (${batch.length} record${batch.length === 1 ? '' : 's'}, committed together by the demo generator)\n`,
      files: batch.map((c) => ({ path: inLayout(c.path, layout), content: serializeRecord(c.value, layout) })),
    };
  };
  function* flush(): Generator<ImportCommit> {
    const batches = [...open.values()].sort((a, b) => a[a.length - 1].at - b[b.length - 1].at);
    open = new Map();
    paths = new Set();
    for (const batch of batches) {
      const before = Math.floor(done / 20000);
      done += batch.length;
      yield toCommit(batch);
      if (Math.floor(done / 20000) > before) progress(`  ${done} of ${planned.length} records`);
    }
  }
  for (const c of planned) {
    const d = localDay(c.at, c.tz);
    if (d !== day || paths.has(c.path)) yield* flush();
    day = d;
    const batch = open.get(c.author.email);
    if (batch) batch.push(c);
    else open.set(c.author.email, [c]);
    paths.add(c.path);
  }
  yield* flush();
}

/** The calendar day of a Unix time in a "+hhmm" offset: the day git shows for the commit. */
function localDay(at: number, tz: string): string {
  const sign = tz.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  return new Date((at + minutes * 60) * 1000).toISOString().slice(0, 10);
}

/** Never write into a folder that holds anything: the demo must not overwrite a file. */
export function assertEmptyFolder(dir: string): void {
  let entries: string[];
  try {
    const st = fs.statSync(dir);
    if (!st.isDirectory()) throw new EhcpError(`${dir} exists and is not a folder.`, 'Give `--dir` a new folder (it is created) or an empty one.');
    entries = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) {
    throw new EhcpError(
      `${dir} already exists and is not empty; the demo never writes into a folder that holds files.`,
      `Remove it first (e.g. \`rm -rf ${path.resolve(dir)}\` if it is an old demo), give another --dir, or leave out --dir to use a new temporary folder.`,
    );
  }
}
