// What the audit keeps from git history: the day each path was first added and the final
// records not as they were last legitimately written. Both have caches keyed by HEAD, so a
// repeat audit answers from them here, in the main thread. When HEAD has moved (a first
// audit, a fresh clone, new commits), the history must be read: that happens in a worker
// thread, which hands back only these two answers and then exits.
//
// Why a worker: the history of the benchmark (164,000 commits) is ~140 MB of objects, and
// once read in the main thread it stayed there as garbage until V8 next collected the old
// generation, which it did only deep into the document read that follows: the two
// together took a first audit to ~650 MB. A worker's heap is freed whole when it ends.
// A small history (under historyTuning.workerMinCommits) is read here instead: starting a
// worker and loading its modules costs ~0.1 s of CPU, more than reading it, and what it
// would free is a few MB.

import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FinalRecordChange } from '../../core/finalChanges.js';
import { runWorkerOnce, workerModuleExists } from '../workerThread.js';
import { git } from './git.js';
import { firstAddedDays, lazyHistory, type LazyHistory, type RepositoryState } from './history.js';
import { readFinalRecordChanges } from './recordChanges.js';

export interface HistoryFacts {
  /** Path -> the committer's day it was first added; or why it could not be read. */
  days: Map<string, string> | Error;
  /** The final-record changes counting commits on or before asOf; or why they could not be read. */
  changes: FinalRecordChange[] | Error;
}

interface Job {
  job: 'history-facts';
  root: string;
  state: RepositoryState;
  asOf?: string;
}

interface Answer {
  days?: [string, string][];
  daysError?: string;
  changes?: FinalRecordChange[];
  changesError?: string;
}

/** Thrown by the cache-only attempt when an answer needs the history itself. */
class HistoryNeeded extends Error {}

/** From this many commits up, a history that must be read is read in a worker thread. */
export const historyTuning = { workerMinCommits: 2000 };

/** Where the facts came from (traced with EHCP_TRACE_READ=1, as the document read is). */
type FactsSource = 'caches' | 'worker' | 'here';

/** The audit's facts from history, from the caches when they are current, else read (in a worker when the history is large). */
export async function readHistoryFacts(root: string, state: RepositoryState, options: { asOf?: string } = {}): Promise<HistoryFacts> {
  const head = state.head;
  const trace = (source: FactsSource) => {
    if (process.env.EHCP_TRACE_READ === '1') process.stderr.write(`ehcp history: ${JSON.stringify({ source })}\n`);
  };
  const cacheOnly: LazyHistory = { head, load: () => Promise.reject(new HistoryNeeded()) };
  const fromCaches = await compute(root, cacheOnly, options.asOf);
  const needed = (x: unknown) => x instanceof HistoryNeeded;
  if (!needed(fromCaches.days) && !needed(fromCaches.changes)) {
    trace('caches');
    return fromCaches;
  }
  if (workerAvailable() && (await historyIsLarge(root, head))) {
    try {
      const facts = await inWorker({ job: 'history-facts', root, state, asOf: options.asOf });
      trace('worker');
      return facts;
    } catch {
      /* a worker that cannot start or dies: the same work here */
    }
  }
  trace('here');
  return compute(root, lazyHistory(root, state), options.asOf);
}

/** At least historyTuning.workerMinCommits commits up to `head` (git stops counting there); true when git cannot say. */
async function historyIsLarge(root: string, head: string | null): Promise<boolean> {
  if (!head) return false;
  const min = historyTuning.workerMinCommits;
  const counted = await git(root, ['rev-list', '--count', `--max-count=${min}`, head, '--'], { allowFailure: true }).catch(() => undefined);
  const count = counted?.code === 0 ? Number(counted.stdout.trim()) : NaN;
  return !(count < min);
}

async function compute(root: string, source: LazyHistory, asOf: string | undefined): Promise<HistoryFacts> {
  const days = await firstAddedDays(root, source).catch((e: unknown) => toError(e));
  const changes = await readFinalRecordChanges(root, source, { asOf }).then(
    (r) => r.changes,
    (e: unknown) => toError(e),
  );
  return { days, changes };
}

const toError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

const WORKER_FILE = fileURLToPath(import.meta.url);
const workerAvailable = () => workerModuleExists(WORKER_FILE);

/** The facts from a worker thread, which ends before they are handed back (the history it read, ~140 MB on 160,000 commits, goes with it). */
async function inWorker(job: Job): Promise<HistoryFacts> {
  const m = await runWorkerOnce<Answer>(WORKER_FILE, job);
  return {
    days: m.days ? new Map(m.days) : new Error(m.daysError ?? 'no answer'),
    changes: m.changes ?? new Error(m.changesError ?? 'no answer'),
  };
}

// As a worker thread: read the history, post the two answers.
if (!isMainThread && parentPort && (workerData as Job | undefined)?.job === 'history-facts') {
  const job = workerData as Job;
  const port = parentPort;
  void compute(job.root, lazyHistory(job.root, job.state), job.asOf).then((facts) => {
    const answer: Answer = {};
    if (facts.days instanceof Error) answer.daysError = facts.days.message;
    else answer.days = [...facts.days];
    if (facts.changes instanceof Error) answer.changesError = facts.changes.message;
    else answer.changes = facts.changes;
    port.postMessage(answer);
  });
}
