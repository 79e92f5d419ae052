// `ehcp history REF|ID [--format table|json]`: who recorded and changed what, and when,
// straight from git. Commits without Ehcp-* trailers were made by hand (a text editor and
// `git commit`), so they are flagged "outside ehcp": the audit trail shows them, it does
// not hide them.

import type { Definer } from '../definer.js';
import { emit, say, type Context } from '../context.js';
import { flagOption } from '../options.js';
import { displayWidth, layoutTable, outputWidth } from '../formatters/columns.js';
import { printable } from '../formatters/inert.js';
import { findRepositoryRoot } from '../../store/read/root.js';
import { readHistory, caseHistory, recordHistory, trailersMatchChanges, ACTION_STATUS_CHANGE } from '../../store/git/history.js';
import { CASE_REF, caseDir, repositoryLayout } from '../../store/paths.js';
import { casesHoldingRecord } from '../../store/write/records.js';
import { RECORD_ID } from '../../core/ids.js';
import { UsageError, EhcpError } from '../../core/errors.js';
import { catFileBatch } from '../../store/git/catFile.js';
import { parseRecordVersion, statusOfValue } from '../../core/finalChanges.js';
import { startProgress } from '../progress.js';
import fs from 'node:fs';
import path from 'node:path';

export const HISTORY_FORMATS = ['table', 'json'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface HistoryOptions {
  format: HistoryFormat;
}

export const defineHistory: Definer = (command, context) => {
  command
    .argument('<ref-or-id>', 'a case reference (e.g. C0042) or a record id (e.g. 2024-03-05-minutes-k3f9q2)')
    .addOption(flagOption('format', { help: 'output format', choices: [...HISTORY_FORMATS], default: 'table' }))
    .addHelpText('after', '\nExamples:\n  ehcp history C0042\n  ehcp history 2024-03-05-minutes-k3f9q2 --format json')
    .action(async (target: string, opts: HistoryOptions) => {
      process.exitCode = await runHistory(context(), target, opts);
    });
};

/** One line of the history, as both formats print it. */
export interface HistoryEntry {
  sha: string;
  /** ISO 8601 with the author's offset. */
  date: string;
  author: { name: string; email: string };
  /** The Ehcp-Action trailer, e.g. create, amend, void, finalise; null for a hand commit. */
  action: string | null;
  /** The Ehcp-Record trailer, when the commit names one. */
  record: string | null;
  outsideEhcp: boolean;
  files: { status: string; path: string; oldPath?: string }[];
}

export async function runHistory(ctx: Context, target: string, options: HistoryOptions): Promise<number> {

  const typed = target.trim();
  // A record id is lower case; anything else is read as a case reference (c0042 is C0042).
  const wanted = RECORD_ID.test(typed) ? typed : typed.toUpperCase();
  const kind = RECORD_ID.test(wanted) ? 'record' : CASE_REF.test(wanted) ? 'case' : undefined;
  if (!kind) {
    // The argument is not echoed: a mistyped argument could be a child's name.
    throw new UsageError(
      'The argument is neither a case reference (capitals, digits, - and _) nor a record id (YYYY-MM-DD-minutes|note|comm-xxxxxx).',
      'e.g. `ehcp history C0042` or `ehcp history 2024-03-05-minutes-k3f9q2`; `ehcp case list` shows the references.',
    );
  }
  const root = findRepositoryRoot(ctx.cwd, ctx.repo);
  const progress = startProgress(ctx, 'Reading the git history'); // a terminal only
  const history = await readHistory(root).finally(() => progress.stop());
  const touching = kind === 'case' ? caseHistory(history, wanted) : recordHistory(history, wanted);
  if (history.shallow) {
    say(ctx, 'warning: this clone is shallow, so older commits are missing from the history below. Fetch them with `git fetch --unshallow`.');
  }
  if (touching.length === 0) {
    const onDisk =
      kind === 'case'
        ? fs.existsSync(path.join(root, caseDir(wanted, repositoryLayout(root))))
        : casesHoldingRecord(root, wanted).length > 0;
    if (!onDisk) {
      throw new EhcpError(
        kind === 'case' ? `No case ${wanted} in this repository, now or in its history.` : `No record ${wanted} in this repository, now or in its history.`,
        kind === 'case' ? 'Check the reference with `ehcp case list`.' : 'Check the id with `ehcp case show REF`.',
      );
    }
    say(ctx, `${kind === 'case' ? `Case ${wanted}` : wanted} has files but no commit yet: they are not in the audit trail until committed.`);
  }
  const genuine = await genuineEhcpCommits(root, touching.map((t) => t.commit));
  const entries: HistoryEntry[] = touching.map(({ commit, files }) => ({
    sha: commit.sha,
    date: commit.authorDate,
    author: { name: commit.authorName, email: commit.authorEmail },
    action: commit.trailers.action ?? null,
    record: commit.trailers.record ?? null,
    outsideEhcp: !genuine.has(commit.sha),
    files: files.map((f) => ({ status: f.status, path: f.path, ...(f.oldPath ? { oldPath: f.oldPath } : {}) })),
  }));
  if (options.format === 'json') {
    emit(ctx, JSON.stringify({ version: 1, target: { kind, [kind === 'case' ? 'ref' : 'id']: wanted }, shallow: history.shallow, commits: entries }, null, 2));
  } else {
    emit(ctx, historyTable(entries, ctx, outputWidth(ctx.stdout, ctx.env, false)));
  }
  const outside = entries.filter((e) => e.outsideEhcp).length;
  say(ctx, `${entries.length} commit${entries.length === 1 ? '' : 's'}${outside ? `, ${outside} made outside ehcp (by hand)` : ''}.`);
  return 0;
}

/**
 * The commits that ehcp made, as far as the repository can show: trailers that match the
 * commit's changes (store/git/history.ts, trailersMatchChanges), and for finalise and void the
 * status change the action makes (draft -> final, final -> void), read from the two
 * versions of the file in one `git cat-file --batch`. A hand commit carrying copied
 * trailers, or a hand edit of a draft dressed as a finalise, is not among them.
 */
async function genuineEhcpCommits(root: string, commits: import('../../store/git/history.js').HistoryCommit[]): Promise<Set<string>> {
  const out = new Set<string>();
  const toCheck: { sha: string; path: string; change: [string, string] }[] = [];
  for (const c of commits) {
    if (!trailersMatchChanges(c)) continue;
    const change = ACTION_STATUS_CHANGE[c.trailers.action!];
    if (change && c.parents.length > 0) toCheck.push({ sha: c.sha, path: c.files[0].path, change });
    else if (!change) out.add(c.sha);
  }
  if (toCheck.length > 0) {
    const blobs = await catFileBatch(root, toCheck.flatMap((t) => [`${t.sha}^:${t.path}`, `${t.sha}:${t.path}`]));
    toCheck.forEach((t, i) => {
      const status = (b: { bytes: Uint8Array } | undefined) => (b ? statusOfValue(parseRecordVersion(t.path, b.bytes)?.value) : 'unreadable');
      if (status(blobs[2 * i]) === t.change[0] && status(blobs[2 * i + 1]) === t.change[1]) out.add(t.sha);
    });
  }
  return out;
}

const STATUS_WORD: Record<string, string> = { A: 'added', M: 'modified', D: 'deleted', R: 'moved', C: 'copied', T: 'type changed' };

/** A plain-text table: when (the author's own time), commit, who, what; fitted to `width` columns (cells shortened at a word boundary). */
export function historyTable(entries: HistoryEntry[], ctx: Pick<Context, 'color'>, width?: number): string {
  const c = ctx.color;
  const rows = entries.map((e) => {
    const when = `${e.date.slice(0, 10)} ${e.date.slice(11, 16)}`;
    const what = e.outsideEhcp
      ? 'OUTSIDE EHCP: ' + e.files.map((f) => `${STATUS_WORD[f.status] ?? f.status} ${f.oldPath ? `${f.oldPath} -> ` : ''}${f.path}`).join(', ')
      : `${e.action ?? ''}${e.record ? ` ${e.record}` : fileSummary(e)}`;
    // Names, e-mails, paths and trailers are typed by people: printed inert (no escapes, no line breaks).
    return { when: printable(when), sha: printable(e.sha.slice(0, 7)), who: printable(`${e.author.name} <${e.author.email}>`), what: printable(what), outside: e.outsideEhcp };
  });
  // Narrow: the author's name without the address, before anything else is shortened.
  const natural = (key: 'who' | 'what') => Math.max(4, ...rows.map((r) => displayWidth(r[key])));
  if (width !== undefined && 16 + 2 + 7 + 2 + natural('who') + 2 + natural('what') > width) {
    rows.forEach((r, i) => (r.who = printable(entries[i].author.name)));
  }
  const lines = layoutTable(
    [{ header: 'WHEN' }, { header: 'COMMIT' }, { header: 'WHO', shrink: 2, min: 16 }, { header: 'WHAT', shrink: 1, min: 32 }],
    rows.map((r) => [r.when, r.sha, r.who, r.what]),
    { width, paintHeader: (h) => c.bold(h), paint: (line, i) => (rows[i].outside ? c.yellow(line) : line) },
  );
  return lines.join('\n') + '\n';
}

function fileSummary(e: HistoryEntry): string {
  // An ehcp commit without a record trailer (a case opened, init): name what it wrote.
  const names = e.files.map((f) => f.path.split('/').pop() ?? f.path);
  return names.length > 0 ? ` ${names.join(', ')}` : '';
}
