// `ehcp audit [--as-of D] [--case REF] [--officer NAME] [--category C,...] [--due-within N]
//   [--include-history] [--wide] [--fail-on none|overdue|missing|any]
//   [--format table|json|csv|markdown|github] [--out FILE]`
//
// Reads the repository and (for late-record) git history, runs the pure audit, filters,
// sorts once (compareForReading: every format keeps that order), formats, and sets the
// exit code from --fail-on. The table is the team lead's week: a summary first, then what
// needs action now; history (met late, recorded late) on request. Invalid records are
// skipped with a note: the audit of the valid ones still runs. A broken config is exit 2.

import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Definer } from '../program.js';
import { emit, say, type Context } from '../context.js';
// Small, dependency-free modules: the flags' choices without loading the audit itself.
import { FINDING_CATEGORIES } from '../../core/audit/types.js';
import { FAIL_ON, type FailOn } from '../../core/audit/summary.js';

export interface AuditOptions {
  asOf?: string;
  case?: string;
  officer?: string;
  /** Comma-separated categories. */
  category?: string;
  dueWithin?: string;
  failOn: FailOn;
  format: 'table' | 'json' | 'csv' | 'markdown' | 'github';
  out?: string;
  /** List met-late and recorded-late findings in the table, Markdown and GitHub formats. */
  includeHistory?: boolean;
  /** Every column, nothing shortened. */
  wide?: boolean;
}

const FORMATS = ['table', 'json', 'csv', 'markdown', 'github'] as const;

export const defineAudit: Definer = (program: Command, context) => {
  program
    .command('audit')
    .description('every statutory and local deadline, computed from the records: what is overdue, due soon, missing or recorded late')
    .option('--as-of <date>', 'audit the repository as it stood on this date (YYYY-MM-DD; default today)')
    .option('--case <ref>', 'only this case')
    .option('--officer <name>', "only cases whose lead officer is NAME (the case's officer field)")
    .option('--category <list>', `only these categories, comma-separated: ${FINDING_CATEGORIES.join(', ')}; missing = overdue,missing-record (as --fail-on missing)`)
    .option('--include-history', 'also list what was met late or recorded late (always in json and csv; the table counts them in its summary)')
    .option('--wide', 'the table with every column (citation, full message) and nothing shortened to the terminal width')
    .option('--due-within <n>', 'due-soon window in working days (default: standards.due_soon_working_days in ehcp.config.yaml, else 10)')
    .addOption(
      new Option(
        '--fail-on <level>',
        'exit 1 when findings reach this level: none; overdue; missing (overdue or missing-record); any (also overdue-action, stale-draft, integrity; ' +
          'never due-soon, late or late-record, which are not yet due or are history). A finding with a statutory exception applied never fails the run',
      )
        .choices([...FAIL_ON])
        .default('none'),
    )
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('--out <file>', 'write the output to FILE (atomically) instead of stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  ehcp audit',
        '  ehcp audit --as-of 2024-06-30 --category overdue,missing-record',
        '  ehcp audit --officer "Test Officer" --due-within 5',
        '  ehcp audit --include-history --wide | less -S',
        '  ehcp audit --format csv --out audit.csv',
        '  ehcp audit --format github --fail-on overdue      # in CI',
        '',
        'Exit codes: 0 nothing at the --fail-on level; 1 findings at that level; 2 usage, configuration or git error.',
        'docs/rules.md explains every rule, period and citation; `ehcp rules list` shows the rules in force.',
      ].join('\n'),
    )
    .action(async (opts: AuditOptions) => {
      process.exitCode = await runAudit(context(), opts);
    });
};

export async function runAudit(ctx: Context, options: AuditOptions): Promise<number> {
  const { UsageError, EhcpError } = await import('../../core/errors.js');
  const { createWorkingCalendar } = await import('../../core/calendar/index.js');
  const { audit, summarise, failsOn } = await import('../../core/audit/index.js');
  const { CASE_REF } = await import('../../store/paths.js');
  const { formatFindings, markdownSummary } = await import('../formatters/findings/index.js');
  const { compareForReading, summariseTodo, standardsDiffering, CATEGORY_ALIASES, HISTORY_CATEGORIES } = await import('../../core/audit/summary.js');
  const { STANDARD_DEFAULTS } = await import('../../core/records.js');
  const { outputWidth } = await import('../formatters/columns.js');

  // Flags first: a usage mistake is reported before anything is read.
  const { dateFlag, today, caseRefInput } = await import('../context.js');
  const asOf = (await dateFlag(ctx, '--as-of', options.asOf)) ?? today(ctx);
  options = { ...options, case: caseRefInput(options.case) };
  if (options.case !== undefined && !CASE_REF.test(options.case)) {
    throw new UsageError('--case must be a case reference (capitals, digits, - and _).', 'For example `ehcp audit --case C0042`.');
  }
  let categories: Set<string> | undefined;
  if (options.category !== undefined) {
    const asked = options.category.split(',').map((c) => c.trim()).filter(Boolean);
    const unknown = asked.filter((c) => !(FINDING_CATEGORIES as readonly string[]).includes(c) && !(c in CATEGORY_ALIASES));
    if (asked.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `--category takes a comma-separated list of: ${FINDING_CATEGORIES.join(', ')} (or missing, meaning overdue,missing-record).`,
        `For example \`ehcp audit --category overdue,missing-record\`.`,
      );
    }
    categories = new Set(asked.flatMap((c) => CATEGORY_ALIASES[c] ?? [c]));
  }
  let dueWithin: number | undefined;
  if (options.dueWithin !== undefined) {
    dueWithin = Number(options.dueWithin);
    if (!/^\d+$/.test(options.dueWithin) || dueWithin > 365) throw new UsageError('--due-within must be a whole number of working days (0 to 365).', 'For example `ehcp audit --due-within 5`.');
  }

  // A cold audit of thousands of cases takes seconds: a progress line on a terminal (only).
  const { startProgress } = await import('../progress.js');
  const progress = startProgress(ctx, 'Reading the records and their history');
  let input;
  try {
    input = await readAuditInput(ctx, { asOf, case: options.case, command: 'audit' });
  } finally {
    progress.stop();
  }
  const { usable, config } = input;
  let findings = audit({ ...input.audit, dueWithinWorkingDays: dueWithin });
  const filters: string[] = [];
  if (options.case !== undefined) filters.push(`case ${options.case}`);
  if (options.officer !== undefined) {
    const { matchOfficer } = await import('../officers.js');
    const officer = matchOfficer(options.officer, [...usable.cases.values()].map((c) => c.officer));
    findings = findings.filter((f) => (f.officer ?? '').trim().toLowerCase() === officer.toLowerCase());
    filters.push(`officer ${officer}`);
  }
  if (categories) {
    findings = findings.filter((f) => categories!.has(f.category));
    filters.push(`category ${[...categories].join(',')}`);
  }
  findings.sort(compareForReading);

  const report = {
    asOf,
    findings,
    summary: summarise(findings),
    todo: summariseTodo(findings),
    standards: standardsDiffering(config.standards, STANDARD_DEFAULTS),
    authority: config.authority,
    // Naming a history category asks for it.
    includeHistory: options.includeHistory === true || HISTORY_CATEGORIES.some((c) => categories?.has(c)),
    filters,
  };
  const toFile = options.out !== undefined;
  const width = outputWidth(toFile ? {} : ctx.stdout, ctx.env, options.wide); // a file: $COLUMNS, else 100
  const text = formatFindings(options.format, report, { color: toFile ? new (await import('chalk')).Chalk({ level: 0 }) : ctx.color, width });
  if (toFile) {
    const { writeFileAtomic } = await import('../../store/write.js');
    const target = path.resolve(ctx.cwd, options.out!);
    try {
      writeFileAtomic(target, text);
    } catch (error) {
      if (error instanceof EhcpError) throw error;
      throw new EhcpError(`Could not write ${options.out} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check that the folder exists and can be written to.');
    }
    say(ctx, `ehcp audit: ${findings.length} finding${findings.length === 1 ? '' : 's'} written to ${options.out}.`);
  } else {
    emit(ctx, text);
  }
  if (options.format === 'github' && ctx.env.GITHUB_STEP_SUMMARY) {
    // GitHub limits a step summary to 1 MiB: a few hundred rows is plenty to act on.
    fs.appendFileSync(ctx.env.GITHUB_STEP_SUMMARY, markdownSummary(report, 300));
  }
  return failsOn(findings, options.failOn) ? 1 : 0;
}

/** What the audit reads: the repository, its config and rules, and what git history says. Shared by `ehcp report` and `ehcp export`. */
export async function readAuditInput(ctx: Context, options: { asOf: string; case?: string; command: string }) {
  const { EhcpError, UsageError } = await import('../../core/errors.js');
  const { createWorkingCalendar } = await import('../../core/calendar/index.js');
  const { resolveRules } = await import('../../core/rules/index.js');
  const { findRepositoryRoot } = await import('../../store/root.js');
  const { readRepository, usableRecords } = await import('../../store/read.js');
  const { readHistoryFacts } = await import('../../store/historyFacts.js');
  const asOf = options.asOf;
  const command = options.command;
  const root = findRepositoryRoot(ctx.cwd, ctx.repo);

  // The history first, and only what the audit needs from it (first-added days, the
  // final-record changes): from their caches, or read in a worker thread whose memory is
  // freed before the documents are read (store/historyFacts.ts).
  const history = await auditHistory(ctx, root, command);
  const facts = history && (await readHistoryFacts(root, history.head, { asOf }));
  const firstCommitDay = facts && commitDays(ctx, facts.days, command);
  const allFinalRecordChanges = facts && finalChanges(ctx, facts.changes, command);

  const snapshot = await readRepository(root);
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
  const underCase = (file: string) => options.case === undefined || file.startsWith(`cases/${options.case}/`);
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
    config: snapshot.config,
    audit: { cases, records, rules, calendar, asOf, firstCommitDay, uncommitted, integrity, finalRecordChanges: finalRecordChanges ?? undefined },
  };
}

/**
 * HEAD's history for late-record and the final-record check, loaded only when their caches
 * are older than HEAD (a repeat audit with nothing committed reads neither). In a shallow
 * clone the first commits are missing, so both are skipped, and the user is told how to
 * fetch the whole history.
 */
async function auditHistory(ctx: Context, root: string, command = 'audit'): Promise<import('../../store/history.js').LazyHistory | undefined> {
  const { headState, lazyHistory } = await import('../../store/history.js');
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
  return lazyHistory(root, state.head);
}

/** The day each record file was first committed (author's own date), keyed by record id. */
function commitDays(ctx: Context, byPath: Map<string, string> | Error, command = 'audit'): Map<string, string> | undefined {
  if (byPath instanceof Error) {
    say(ctx, `ehcp ${command}: git history could not be read (${byPath.message}); late-record findings are skipped.`);
    return undefined;
  }
  const days = new Map<string, string>();
  for (const [file, day] of byPath) {
    const m = /^cases\/[^/]+\/([^/]+)\.yaml$/.exec(file);
    if (m && m[1] !== 'case') days.set(m[1], day);
  }
  return days;
}

/**
 * Records that the history shows are not as they were last legitimately written (final
 * records changed or deleted, records moved), counting only commits made on or before the
 * audit date. A git failure here skips the check with a note; the rest of the audit stands.
 */
function finalChanges(ctx: Context, changes: import('../../core/finalChanges.js').FinalRecordChange[] | Error, command = 'audit') {
  if (changes instanceof Error) {
    say(ctx, `ehcp ${command}: the earlier versions of records could not be read from git (${changes.message}); the check that no final record was changed, deleted or moved is skipped.`);
    return [];
  }
  return changes;
}

/**
 * The open deadlines of one case, as a section for `ehcp case show`: every clock not met
 * and not cancelled on `asOf` (default today), the soonest due first, with its rule and
 * citation. Reads only the case's own folder and the config.
 */
export async function openDeadlinesSection(root: string, ref: string, asOf?: string): Promise<import('../../core/caseView.js').CaseViewSection> {
  const { formatParts, createWorkingCalendar, diffDays } = await import('../../core/calendar/index.js');
  const { openClocks, deadlineText } = await import('../../core/audit/index.js');
  const { resolveRules } = await import('../../core/rules/index.js');
  const { readCaseFolder } = await import('../../store/records.js');
  const { readConfig } = await import('./rules.js');
  const now = new Date();
  const day = asOf ?? formatParts(now.getFullYear(), now.getMonth() + 1, now.getDate());
  let config: import('../../core/records.js').Config;
  let rules: import('../../core/rules/index.js').RuleSet;
  try {
    config = await readConfig(root);
    rules = resolveRules(config);
  } catch (error) {
    // A config that is not a regular file (a link to /dev/zero, a FIFO) is an error of its own (exit 2).
    if (error instanceof (await import('../../store/readFile.js')).UnreadableFileError) throw error;
    // The case is still shown; only its deadlines cannot be computed.
    const why = error instanceof Error ? error.message : String(error);
    return { key: 'deadlines', title: `Open deadlines as of ${day}`, columns: [], rows: [], empty: `Not computed: ${why} Run \`ehcp validate\`.`, data: null };
  }
  const documents = readCaseFolder(root, ref).filter((d) => d.valid && d.value);
  const cases = documents.filter((d) => d.type === 'case').map((d) => d.value as unknown as import('../../core/records.js').CaseFile);
  const records = documents.filter((d) => d.type !== 'case').map((d) => d.value as unknown as import('../../core/records.js').CaseRecord);
  let clocks: import('../../core/audit/index.js').Clock[];
  try {
    clocks = openClocks({ cases, records, rules, calendar: createWorkingCalendar({ closures: config.closures }), asOf: day }, ref);
  } catch (error) {
    // The case and its records are still shown; only the deadlines could not be computed.
    const why = error instanceof Error ? error.message : String(error);
    return { key: 'deadlines', title: `Open deadlines as of ${day}`, columns: [], rows: [], empty: `Not computed (${why}). Run \`ehcp validate cases/${ref}\`.`, data: null };
  }
  const state = (due: string, start: string) =>
    start > day ? 'not started' : day > due ? `${diffDays(due, day)} days overdue` : due === day ? 'due today' : `${diffDays(day, due)} days left`;
  return {
    key: 'deadlines',
    title: `Open deadlines as of ${day}`,
    columns: ['RULE', 'DUE', 'STATE', 'WHAT', 'STARTED BY', 'CITATION'],
    rows: clocks.map((k) => [k.rule.id, k.due, state(k.due, k.start), `${k.rule.title} (${deadlineText(k.rule, k.start)})${k.exception ? `; exception applied: ${k.exception.ground}` : ''}`, k.trigger, k.rule.citation]),
    empty: 'No open deadlines.',
    data: clocks.map((k) => ({
      rule: k.rule.id,
      title: k.rule.title,
      due: k.due,
      start: k.start,
      trigger: k.trigger,
      citation: k.rule.citation,
      overdue: day > k.due,
      ...(k.exception ? { exception: k.exception } : {}),
    })),
  };
}
