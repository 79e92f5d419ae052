// `ehcp audit [--as-of D] [--case REF] [--officer NAME] [--category C,...] [--due-within N]
//   [--include-history] [--wide] [--fail-on none|overdue|missing|any]
//   [--format table|json|csv|markdown|github] [--out FILE]`
//
// Reads the repository and (for late-record) git history, runs the pure audit, filters,
// sorts once (compareForReading: every format keeps that order), formats, and sets the
// exit code from --fail-on. The table is the team lead's week: a summary first, then what
// needs action now; history (met late, recorded late) on request. Invalid records are
// skipped with a note: the audit of the valid ones still runs. A broken config is exit 2.

import { layoutOf } from '../../core/layout.js';
import fs from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { emit, say, type Context, dateFlag, today, caseRefInput } from '../context.js';
import { flagOption } from '../options.js';
import { readAuditInput } from '../common/auditInput.js';
import { cachedFindings, storeFindings, type AuditResultInputs } from '../common/auditResultCache.js';
import { FINDING_CATEGORIES, type Finding } from '../../core/audit/types.js';
import { FAIL_ON, type FailOn, compareForReading, summariseTodo, standardsDiffering, CATEGORY_ALIASES, HISTORY_CATEGORIES } from '../../core/audit/summary.js';
import { UsageError, EhcpError } from '../../core/errors.js';
import { audit, summarise, failsOn } from '../../core/audit/index.js';
import { CASE_REF } from '../../store/paths.js';
import { formatFindings, markdownSummary } from '../formatters/findings/index.js';
import { STANDARD_DEFAULTS } from '../../core/records.js';
import { outputWidth } from '../formatters/columns.js';
import { startProgress } from '../progress.js';
import { matchOfficer } from '../officers.js';
import { writeFileAtomic } from '../../store/write/write.js';
import { Chalk } from 'chalk';

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

export const defineAudit: Definer = (command, context) => {
  command
    .addOption(flagOption('asOf', { help: 'audit the repository as it stood on this date (YYYY-MM-DD; default today)' }))
    .addOption(flagOption('caseFilter'))
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
    .addOption(flagOption('format', { help: 'output format', choices: [...FORMATS], default: 'table' }))
    .addOption(flagOption('out'))
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
  // Flags first: a usage mistake is reported before anything is read.
  const asOf = (await dateFlag(ctx, '--as-of', options.asOf)) ?? today(ctx);
  options = { ...options, case: caseRefInput(options.case) };
  const { categories, dueWithin } = checkAuditFlags(options);

  const { all, officers, config, store } = await findingsOf(ctx, options, asOf, dueWithin);
  // Kept for the next audit only now, once the records read are garbage: on 20,000 cases the
  // stored text is tens of MB, and built beside the records it raised the peak memory.
  store?.();
  const { findings, filters } = filterFindings(all, options, officers, categories);

  const report = {
    asOf,
    findings,
    summary: summarise(findings),
    todo: summariseTodo(findings),
    standards: standardsDiffering(config.standards, STANDARD_DEFAULTS),
    authority: config.authority,
    layout: layoutOf(config),
    // Naming a history category asks for it.
    includeHistory: options.includeHistory === true || HISTORY_CATEGORIES.some((c) => categories?.has(c)),
    filters,
  };
  writeAuditReport(ctx, options, report);
  return failsOn(findings, options.failOn) ? 1 : 0;
}

/**
 * The findings (reused when nothing changed since the last audit of the same date, see
 * auditResultCache.ts) and the little the output needs besides. Its own function so that
 * the records read (hundreds of MB on a large repository) are unreachable once it returns.
 */
async function findingsOf(ctx: Context, options: AuditOptions, asOf: string, dueWithin: number | undefined) {
  // A cold audit of thousands of cases takes seconds: a progress line on a terminal (only).
  const progress = startProgress(ctx, 'Reading the records and their history');
  let stored: Finding[] | undefined;
  const resultInputs = (documentsSince: number | undefined, head: string | null): AuditResultInputs => ({ head, documentsSince, asOf, case: options.case, dueWithin });
  let input;
  try {
    input = await readAuditInput(ctx, {
      asOf,
      case: options.case,
      command: 'audit',
      reuse: (root, documentsSince, head) => (stored = cachedFindings(root, resultInputs(documentsSince, head))) !== undefined,
    });
  } finally {
    progress.stop();
  }
  const officers = [...input.usable.cases.values()].map((c) => c.officer);
  if (stored) return { all: stored, officers, config: input.config };
  const all = audit({ ...input.audit, dueWithinWorkingDays: dueWithin });
  const { root } = input;
  const keep = input.historyComplete ? resultInputs(input.documentsSince, input.history?.head ?? null) : undefined;
  return { all, officers, config: input.config, store: keep && (() => storeFindings(root, keep, all)) };
}

/** --case, --category and --due-within checked and read. */
function checkAuditFlags(options: AuditOptions): { categories?: Set<string>; dueWithin?: number } {
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
  return { categories, dueWithin };
}

/** The findings --officer and --category keep, in reading order, and the filters to name in the output. */
function filterFindings(
  all: Finding[],
  options: AuditOptions,
  officers: (string | undefined)[],
  categories: Set<string> | undefined,
): { findings: Finding[]; filters: string[] } {
  let findings = all;
  const filters: string[] = [];
  if (options.case !== undefined) filters.push(`case ${options.case}`);
  if (options.officer !== undefined) {
    const officer = matchOfficer(options.officer, officers);
    findings = findings.filter((f) => (f.officer ?? '').trim().toLowerCase() === officer.toLowerCase());
    filters.push(`officer ${officer}`);
  }
  if (categories) {
    findings = findings.filter((f) => categories.has(f.category));
    filters.push(`category ${[...categories].join(',')}`);
  }
  findings.sort(compareForReading);
  return { findings, filters };
}

/** The formatted findings to --out FILE (atomically) or stdout, and GitHub's step summary. */
function writeAuditReport(ctx: Context, options: AuditOptions, report: Parameters<typeof formatFindings>[1] & Parameters<typeof markdownSummary>[0]): void {
  const toFile = options.out !== undefined;
  const width = outputWidth(toFile ? {} : ctx.stdout, ctx.env, options.wide); // a file: $COLUMNS, else 100
  const text = formatFindings(options.format, report, { color: toFile ? new Chalk({ level: 0 }) : ctx.color, width });
  if (toFile) {
    const target = path.resolve(ctx.cwd, options.out!);
    try {
      writeFileAtomic(target, text);
    } catch (error) {
      if (error instanceof EhcpError) throw error;
      throw new EhcpError(`Could not write ${options.out} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check that the folder exists and can be written to.');
    }
    say(ctx, `ehcp audit: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} written to ${options.out}.`);
  } else {
    emit(ctx, text);
  }
  if (options.format === 'github' && ctx.env.GITHUB_STEP_SUMMARY) {
    // GitHub limits a step summary to 1 MiB: a few hundred rows is plenty to act on.
    fs.appendFileSync(ctx.env.GITHUB_STEP_SUMMARY, markdownSummary(report, 300));
  }
}
