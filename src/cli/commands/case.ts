// `ehcp case new|list|show`. A case is one child or young person: cases/<REF>/case.yaml
// holds their name and date of birth (the only place personal data lives); everything
// else refers to the opaque reference. Listing and showing leave the name and date of
// birth out unless --names is given, so the output can go into a CI log or a ticket.

import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { caseRefInput, dateFlag, emit, requireFlags, say, today, type Context } from '../context.js';
import { flagOption, refuseFlag } from '../options.js';
import { UsageError } from '../../core/errors.js';
import type { CaseFile } from '../../core/records.js';
import { parseCasePath } from '../../core/layout.js';
import { validAs } from '../../core/document.js';
import { CASE_STATUSES, PHASES, type CaseStatus, type Phase } from '../../core/vocabulary.js';
import type { Prompter } from '../prompts/prompter.js';
import { openDeadlinesSection } from '../common/openDeadlines.js';
import { repositoryRoot } from '../common/repository.js';
import { committedNote, reportWritten, sayNextStep } from '../common/writeResult.js';
import { createCase } from '../../store/write/records.js';
import { readCaseFiles, assertCaseRef, readCaseFolder } from '../../store/read/documents.js';
import { renderCaseList, renderCaseView } from '../formatters/caseView.js';
import { buildCaseView } from '../../core/caseView.js';
import { inquirerPrompter } from '../prompts/prompter.js';
import * as check from '../../core/writeInput.js';
import * as checks from '../prompts/checks.js';

export interface CaseNewOptions {
  ref?: string;
  name?: string;
  dob?: string;
  officer?: string;
  status?: CaseStatus;
  opened?: string;
  phaseYear?: string;
  phase?: Phase;
  json?: boolean;
}

export interface CaseListOptions {
  format: 'table' | 'json';
  names?: boolean;
}

export interface CaseShowOptions {
  format: 'text' | 'json';
  names?: boolean;
}

export const defineCase: Definer = (cases, context) => {
  cases
    .command('new')
    .description('open a case: writes cases/<REF>/case.yaml and commits it')
    .option('--ref <ref>', 'the case reference: capitals, digits, - and _ (never a name)')
    .option('--name <name>', "the child or young person's name (kept only inside case.yaml)")
    .option('--dob <date>', 'date of birth: YYYY-MM-DD or DD/MM/YYYY')
    .option('--officer <name>', 'lead officer (as used with `ehcp audit --officer`)')
    .addOption(new Option('--status <status>', 'case status').choices([...CASE_STATUSES]).default('open'))
    .option('--opened <date>', 'when the case was opened: YYYY-MM-DD, DD/MM/YYYY, today or yesterday (default: today)')
    .option('--phase-year <year>', 'year of a phase transfer (with --phase), e.g. 2027')
    .addOption(new Option('--phase <phase>', 'the phase transfer (with --phase-year)').choices([...PHASES]))
    .addOption(flagOption('json'))
    .addHelpText('after', '\nExamples:\n  ehcp case new --ref C0042 --name "Test Child Alpha" --dob 2015-06-01 --officer "Officer Amber"\n  ehcp case new --ref C0043 --phase-year 2027 --phase primary-to-secondary')
    .action(async (opts: CaseNewOptions) => {
      process.exitCode = await runCaseNew(context(), opts);
    });
  cases
    .command('list')
    .description('list the cases (reads only the case.yaml files)')
    .addOption(flagOption('formatTableJson'))
    .addOption(flagOption('namesAll'))
    .addHelpText('after', '\nExamples:\n  ehcp case list\n  ehcp case list --format json')
    .action(async (opts: CaseListOptions) => {
      process.exitCode = await runCaseList(context(), opts);
    });
  cases
    .command('show')
    .description("one case: its details and its records in date order")
    .argument('<ref>', 'case reference')
    .addOption(flagOption('format', { help: 'output format', choices: ['text', 'json'], default: 'text' }))
    .addOption(flagOption('namesOne'))
    .addHelpText('after', '\nExamples:\n  ehcp case show C0042\n  ehcp case show C0042 --format json')
    .action(async (ref: string, opts: CaseShowOptions) => {
      process.exitCode = await runCaseShow(context(), ref, opts);
    });
};

export async function runCaseNew(ctx: Context, options: CaseNewOptions, injected?: Prompter): Promise<number> {
  options = { ...options, ref: caseRefInput(options.ref), dob: await dateFlag(ctx, '--dob', options.dob), opened: await dateFlag(ctx, '--opened', options.opened) };
  if (options.ref !== undefined) refuseFlag('--ref', check.checkCaseRef(options.ref));
  if (options.name !== undefined && options.name.trim() === '') refuseFlag('--name', 'must not be empty');
  if (options.officer !== undefined && options.officer.trim() === '') refuseFlag('--officer', 'must not be empty');
  if ((options.phaseYear === undefined) !== (options.phase === undefined)) {
    throw new UsageError('--phase-year and --phase go together.', 'e.g. --phase-year 2027 --phase primary-to-secondary');
  }
  if (options.phaseYear !== undefined && !/^\d{4}$/.test(options.phaseYear.trim())) refuseFlag('--phase-year', 'must be a year, e.g. 2027');
  const root = await repositoryRoot(ctx);
  let { ref, name, dob, officer } = options;
  if (ctx.interactive) {
    const p = injected ?? (await inquirerPrompter(ctx));
    ref ??= caseRefInput(await p.input({ message: 'Case reference (capitals and digits, never a name)', validate: checks.isCaseRef }));
    name ??= checks.answerOrUndefined(await p.input({ message: "Child or young person's name (Enter to skip)", validate: (v) => v.length <= 200 || 'At most 200 characters' }));
    dob ??= await checks.askDate(p, { message: 'Date of birth', today: today(ctx), optional: true });
    officer ??= checks.answerOrUndefined(await p.input({ message: 'Lead officer (Enter to skip)', validate: (v) => v.length <= 200 || 'At most 200 characters' }));
  }
  requireFlags(ctx, 'case new', { '--ref REF': !ref });
  const value: CaseFile = {
    schema: 'case/v1',
    ref: ref!.trim(),
    name: name?.trim(),
    dob: dob?.trim(),
    officer: officer?.trim(),
    status: options.status ?? 'open',
    opened: options.opened ?? today(ctx),
    phase_transfer: options.phase ? { year: Number(options.phaseYear), phase: options.phase } : undefined,
  };
  const outcome = await createCase(root, value);
  say(ctx, `Opened case ${value.ref}${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: 'case', id: value.ref, case: value.ref, value: { ...value } });
  reportWritten(ctx, outcome, options.json);
  return 0;
}

export async function runCaseList(ctx: Context, options: CaseListOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const documents = readCaseFiles(root);
  const rows = documents.map((doc) => {
    const ref = parseCasePath(doc.file)?.ref ?? doc.file;
    const valid = validAs(doc, 'case');
    if (!valid) return { ref, status: 'invalid', problem: `${doc.file} is not valid; run \`ehcp validate ${doc.file}\`` };
    const c = valid.value;
    return {
      ref,
      status: c.status,
      officer: c.officer,
      opened: c.opened,
      phase_transfer: c.phase_transfer ? `${c.phase_transfer.year} ${c.phase_transfer.phase}` : undefined,
      ...(options.names ? { name: c.name, dob: c.dob } : {}),
    };
  });
  emit(ctx, renderCaseList(rows, options.format, Boolean(options.names), ctx.color));
  return documents.some((d) => !d.valid) ? 1 : 0;
}

/**
 * What `ehcp case show` prints: the case and its records in date order, then its open
 * deadlines, both from one read of the case folder.
 */
export async function runCaseShow(ctx: Context, ref: string, options: CaseShowOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const wanted = ref.trim().toUpperCase(); // c0042 is C0042
  assertCaseRef(wanted, 'REF');
  const documents = readCaseFolder(root, wanted);
  const view = buildCaseView(wanted, documents);
  view.sections.push(await openDeadlinesSection(root, view.ref, documents, today(ctx)));
  emit(ctx, renderCaseView(view, options.format, Boolean(options.names), ctx.color));
  return view.invalid.length > 0 || !view.case ? 1 : 0;
}
