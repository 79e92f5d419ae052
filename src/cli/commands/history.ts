// `ehcp history REF|ID [--format table|json]`: who recorded and changed what, and when,
// straight from git. Commits without Ehcp-* trailers were made by hand (a text editor and
// `git commit`), so they are flagged "outside ehcp": the audit trail shows them, it does
// not hide them.

import { Option, type Command } from 'commander';
import type { Definer } from '../program.js';
import { emit, say, type Context } from '../context.js';

export const HISTORY_FORMATS = ['table', 'json'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface HistoryOptions {
  format: HistoryFormat;
}

export const defineHistory: Definer = (program: Command, context) => {
  program
    .command('history')
    .description('every commit that touched a case or a record: when, who (git author), what action; hand edits flagged')
    .argument('<ref-or-id>', 'a case reference (e.g. C0042) or a record id (e.g. 2024-03-05-minutes-k3f9q2)')
    .addOption(new Option('--format <format>', 'output format').choices([...HISTORY_FORMATS]).default('table'))
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
  const { findRepositoryRoot } = await import('../../store/root.js');
  const { readHistory, caseHistory, recordHistory, isEhcpCommit } = await import('../../store/history.js');
  const { CASE_REF, caseDir } = await import('../../store/paths.js');
  const { RECORD_ID } = await import('../../core/ids.js');
  const { UsageError, EhcpError } = await import('../../core/errors.js');
  const fs = await import('node:fs');
  const path = await import('node:path');

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
  const history = await readHistory(root);
  const touching = kind === 'case' ? caseHistory(history, wanted) : recordHistory(history, wanted);
  if (history.shallow) {
    say(ctx, 'warning: this clone is shallow, so older commits are missing from the history below. Fetch them with `git fetch --unshallow`.');
  }
  if (touching.length === 0) {
    const onDisk =
      kind === 'case'
        ? fs.existsSync(path.join(root, caseDir(wanted)))
        : fs.existsSync(path.join(root, 'cases')) && fs.readdirSync(path.join(root, 'cases')).some((ref) => fs.existsSync(path.join(root, 'cases', ref, `${wanted}.yaml`)));
    if (!onDisk) {
      throw new EhcpError(
        kind === 'case' ? `No case ${wanted} in this repository, now or in its history.` : `No record ${wanted} in this repository, now or in its history.`,
        kind === 'case' ? 'Check the reference with `ehcp case list`.' : 'Check the id with `ehcp case show REF`.',
      );
    }
    say(ctx, `${kind === 'case' ? `Case ${wanted}` : wanted} has files but no commit yet: they are not in the audit trail until committed.`);
  }
  const entries: HistoryEntry[] = touching.map(({ commit, files }) => ({
    sha: commit.sha,
    date: commit.authorDate,
    author: { name: commit.authorName, email: commit.authorEmail },
    action: commit.trailers.action ?? null,
    record: commit.trailers.record ?? null,
    outsideEhcp: !isEhcpCommit(commit),
    files: files.map((f) => ({ status: f.status, path: f.path, ...(f.oldPath ? { oldPath: f.oldPath } : {}) })),
  }));
  if (options.format === 'json') {
    emit(ctx, JSON.stringify({ version: 1, target: { kind, [kind === 'case' ? 'ref' : 'id']: wanted }, shallow: history.shallow, commits: entries }, null, 2));
  } else {
    emit(ctx, historyTable(entries, ctx));
  }
  const outside = entries.filter((e) => e.outsideEhcp).length;
  say(ctx, `${entries.length} commit${entries.length === 1 ? '' : 's'}${outside ? `, ${outside} made outside ehcp (by hand)` : ''}.`);
  return 0;
}

const STATUS_WORD: Record<string, string> = { A: 'added', M: 'modified', D: 'deleted', R: 'moved', C: 'copied', T: 'type changed' };

/** A plain-text table: when (the author's own time), commit, who, what. */
export function historyTable(entries: HistoryEntry[], ctx: Pick<Context, 'color'>): string {
  const c = ctx.color;
  const rows = entries.map((e) => {
    const when = `${e.date.slice(0, 10)} ${e.date.slice(11, 16)}`;
    const what = e.outsideEhcp
      ? 'OUTSIDE EHCP: ' + e.files.map((f) => `${STATUS_WORD[f.status] ?? f.status} ${f.oldPath ? `${f.oldPath} -> ` : ''}${f.path}`).join(', ')
      : `${e.action ?? ''}${e.record ? ` ${e.record}` : fileSummary(e)}`;
    return { when, sha: e.sha.slice(0, 7), who: `${e.author.name} <${e.author.email}>`, what, outside: e.outsideEhcp };
  });
  const header = { when: 'WHEN', sha: 'COMMIT', who: 'WHO', what: 'WHAT' };
  const width = (key: 'when' | 'sha' | 'who') => Math.max(header[key].length, ...rows.map((r) => r[key].length));
  const [w1, w2, w3] = [width('when'), width('sha'), width('who')];
  const line = (r: { when: string; sha: string; who: string; what: string }) => `${r.when.padEnd(w1)}  ${r.sha.padEnd(w2)}  ${r.who.padEnd(w3)}  ${r.what}`;
  return [c.bold(line(header)), ...rows.map((r) => (r.outside ? c.yellow(line(r)) : line(r)))].join('\n') + '\n';
}

function fileSummary(e: HistoryEntry): string {
  // An ehcp commit without a record trailer (a case opened, init): name what it wrote.
  const names = e.files.map((f) => f.path.split('/').pop() ?? f.path);
  return names.length > 0 ? ` ${names.join(', ')}` : '';
}
