// What the audit reads: the repository, its config and rules, and what git history says.
// Shared by `ehcp audit`, `ehcp report` (and the week-ago comparison in it).

import { say, type Context } from '../context.js';
import { EhcpError, UsageError } from '../../core/errors.js';
import { createWorkingCalendar } from '../../core/calendar/index.js';
import { resolveRules } from '../../core/rules/index.js';
import { findRepositoryRoot } from '../../store/read/root.js';
import { readRepository, usableRecords, type ReadReport } from '../../store/read/read.js';
import { collectGarbage } from '../../store/read/memory.js';
import { firstAddedCachedFor, headState, lazyHistory, type RepositoryState } from '../../store/git/history.js';
import { readHistoryFacts } from '../../store/git/historyFacts.js';
import type { FinalRecordChange } from '../../core/finalChanges.js';
import { caseFileOf, layoutOf, parseCasePath } from '../../core/layout.js';

/** Files parsed by a read beyond which a full garbage collection before the audit pays (~0.1 s). */
const LARGE_COLD_READ = 20_000;

/** What the audit reads: the repository, its config and rules, and what git history says. Shared by `ehcp report` and `ehcp export`. */
export async function readAuditInput(
  ctx: Context,
  options: {
    asOf: string;
    case?: string;
    command: string;
    /**
     * Asked once the documents are read, on a repeat audit: true when the caller can answer
     * from a stored result for these documents (ReadReport.documentsStamp) and HEAD, so the
     * history facts are not loaded at all.
     */
    reuse?: (root: string, documentsSince: number | undefined, head: string | null) => boolean;
  },
) {
  const asOf = options.asOf;
  const command = options.command;
  const root = findRepositoryRoot(ctx.cwd, ctx.repo);

  // The history first, and only what the audit needs from it (first-added days, the
  // final-record changes): from their caches, or read in a worker thread whose memory is
  // freed before the documents are read (store/git/historyFacts.ts).
  const state = await auditHistoryState(ctx, root, command);
  const history = state && lazyHistory(root, state);
  const readReport: Partial<ReadReport> = {};
  const loadFacts = async () => {
    const facts = state && (await readHistoryFacts(root, state, { asOf }));
    return {
      firstCommitDay: facts && commitDays(ctx, facts.days, command),
      allFinalRecordChanges: facts && finalChanges(ctx, facts.changes, command),
      complete: Boolean(facts) && !(facts!.days instanceof Error) && !(facts!.changes instanceof Error),
    };
  };
  let facts: Awaited<ReturnType<typeof loadFacts>> | undefined;
  let snapshot;
  if (history && firstAddedCachedFor(root, history.head)) {
    // A repeat audit (the facts' caches are for HEAD) starts the document read first: its
    // scan for changed files runs in a separate process while this thread loads the facts,
    // unless a stored result may make the facts unnecessary. (A first audit keeps the order
    // below, so the history worker's memory is gone before the documents are read.)
    const reading = readRepository(root, { report: readReport });
    if (options.reuse) {
      snapshot = await reading;
      if (!options.reuse(root, readReport.documentsStamp, history.head)) facts = await loadFacts();
    } else {
      reading.catch(() => undefined); // its failure is reported where it is awaited, below
      facts = await loadFacts();
      snapshot = await reading;
    }
  } else {
    facts = await loadFacts();
    snapshot = await readRepository(root, { report: readReport });
  }
  // After a cold read of a large repository, what it parsed is garbage: collected now, before
  // the audit allocates its own, so the process's peak holds one, not both (memory.ts).
  if ((readReport.parsed ?? 0) >= LARGE_COLD_READ) collectGarbage();
  const firstCommitDay = facts?.firstCommitDay;
  const allFinalRecordChanges = facts?.allFinalRecordChanges;

  if (!snapshot.config) {
    const first = snapshot.configDocument.problems[0];
    throw new EhcpError(
      `${snapshot.configDocument.file} is not valid${first ? ` (line ${first.line}: ${first.message})` : ''}, so the deadlines cannot be computed.`,
      'Run `ehcp validate` to see every problem, and correct ehcp.config.yaml.',
    );
  }
  const rules = resolveRules(snapshot.config);
  const calendar = createWorkingCalendar({ closures: snapshot.config.closures });

  const invalid = snapshot.documents.filter((d) => !d.valid).length;
  if (invalid > 0) {
    say(ctx, `ehcp ${command}: ${invalid} file${invalid === 1 ? ' was' : 's were'} skipped as invalid; the figures cover the valid records. Run \`ehcp validate\` to see why.`);
  }

  const usable = usableRecords(snapshot);
  if (options.case !== undefined && !usable.cases.has(options.case) && !usable.records.some((r) => r.case === options.case)) {
    throw new UsageError(`There is no case ${options.case} in this repository.`, 'Check the reference with `ehcp case list`.');
  }
  const inCase = <T extends { case?: string; ref?: string }>(x: T) => options.case === undefined || (x.case ?? x.ref) === options.case;
  const cases = [...usable.cases.values()].filter(inCase);
  const records = usable.records.filter(inCase);
  const underCase = (file: string) => options.case === undefined || parseCasePath(file)?.ref === options.case;
  const uncommitted = snapshot.problems.filter((p) => p.rule === 'uncommitted' && underCase(p.file)).map((p) => p.file);
  const integrity = snapshot.problems
    .filter((p) => p.rule === 'final-changed' && underCase(p.file))
    .map((p) => ({ file: p.file, rule: p.rule, message: p.message }));

  // Always read (above): besides late-record, minutes count as written on the day git first
  // saw them; and the same history, read once, shows final records changed, deleted or moved.
  const finalRecordChanges = allFinalRecordChanges && allFinalRecordChanges.filter((c) => options.case === undefined || c.case === options.case);

  return {
    root,
    snapshot,
    usable,
    history,
    /** When the documents read are exactly those of the document cache written then (see ReadReport). */
    documentsSince: readReport.documentsStamp,
    /** Git answered every history question (a result computed without them is not worth keeping). */
    historyComplete: facts?.complete === true,
    config: snapshot.config,
    audit: { cases, records, rules, calendar, asOf, layout: layoutOf(snapshot.config), firstCommitDay, uncommitted, integrity, finalRecordChanges: finalRecordChanges ?? undefined },
  };
}

/**
 * HEAD's history for late-record and the final-record check, loaded only when their caches
 * are older than HEAD (a repeat audit with nothing committed reads neither). In a shallow
 * clone the first commits are missing, so both are skipped, and the user is told how to
 * fetch the whole history.
 */
async function auditHistoryState(ctx: Context, root: string, command = 'audit'): Promise<RepositoryState | undefined> {
  let state;
  try {
    state = await headState(root);
  } catch (error) {
    say(ctx, `ehcp ${command}: git history could not be read (${(error as Error).message}); late-record findings and the check of final records against the history are skipped.`);
    return undefined;
  }
  if (state.shallow) {
    say(
      ctx,
      `ehcp ${command}: this is a shallow clone, so git cannot show when records were first written; late-record findings are skipped ` +
        "(and minutes count as written on their meeting date), and so is the check that no final record was changed, deleted or moved. " +
        'Fetch the whole history with `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout; GitLab: GIT_DEPTH: "0").',
    );
    return undefined;
  }
  return state;
}

/** The day each record file was first committed (author's own date), keyed by record id. */
function commitDays(ctx: Context, byPath: Map<string, string> | Error, command = 'audit'): Map<string, string> | undefined {
  if (byPath instanceof Error) {
    say(ctx, `ehcp ${command}: git history could not be read (${byPath.message}); late-record findings are skipped.`);
    return undefined;
  }
  const days = new Map<string, string>();
  for (const [file, day] of byPath) {
    // Either layout (a migrated repository's history has both: the days carry over the move).
    const at = caseFileOf(file);
    if (at && at.id !== 'case') days.set(at.id, day);
  }
  return days;
}

/**
 * Records that the history shows are not as they were last legitimately written (final
 * records changed or deleted, records moved), counting only commits made on or before the
 * audit date. A git failure here skips the check with a note; the rest of the audit stands.
 */
function finalChanges(ctx: Context, changes: FinalRecordChange[] | Error, command = 'audit') {
  if (changes instanceof Error) {
    say(ctx, `ehcp ${command}: the earlier versions of records could not be read from git (${changes.message}); the check that no final record was changed, deleted or moved is skipped.`);
    return [];
  }
  return changes;
}
