// `ehcp comm new`: log a letter, email, call or portal message, in or out, with the
// purpose the deadline rules match on (docs/records.md). Final at once: it records
// something that happened.

import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { caseRefInput, dateFlag, requireFlags, say, today, type Context } from '../context.js';
import { flagOption, refuseFlag } from '../options.js';
import { UsageError } from '../../core/errors.js';
import { CHANNELS, DIRECTIONS, MEETING_KINDS, ORDERS, PARTIES, PURPOSES, PURPOSE_DIRECTION, type Purpose } from '../../core/vocabulary.js';
import type { Prompter } from '../prompts/prompter.js';
import { applySets } from '../common/fields.js';
import { repositoryRoot } from '../common/repository.js';
import { committedNote, reportWritten, sayNextStep } from '../common/writeResult.js';
import { createRecord, requireCase } from '../../store/write/records.js';
import { readCaseFiles, readCaseFolder } from '../../store/read/documents.js';
import { pickCase, caseChoices } from '../prompts/pickCase.js';
import { purposeChoices } from '../prompts/labels.js';
import { buildCaseView } from '../../core/caseView.js';
import { inquirerPrompter } from '../prompts/prompter.js';
import * as check from '../../core/writeInput.js';
import * as checks from '../prompts/checks.js';

export interface CommNewOptions {
  case?: string;
  direction?: string;
  purpose?: string;
  date?: string;
  channel?: string;
  party?: string;
  summary?: string;
  respondsTo?: string;
  outcome?: string;
  order?: string;
  eventDate?: string;
  meetingKind?: string;
  exception?: string;
  evidence?: string;
  exceptionUntil?: string;
  set?: string[];
  commit?: boolean;
  json?: boolean;
}

/** Purposes that usually answer an earlier record: asked for `responds_to` at the prompt. */
const ANSWERS = new Set<Purpose>(['reply', 'complaint-response', 'sar-response', 'appeal-response', 'minutes-sent', 'assessment-decision', 'reassessment-decision']);

export const defineComm: Definer = (comm, context) => {
  comm
    .command('new')
    .description('log a communication (final at once)')
    .addOption(flagOption('caseForNew'))
    .addOption(new Option('--purpose <purpose>', 'what it is (the deadline rules match on this)').choices(PURPOSES))
    .addOption(new Option('--direction <dir>', 'in or out (default: the one the purpose implies)').choices([...DIRECTIONS]))
    .addOption(flagOption('date', { help: 'date sent or received: YYYY-MM-DD, DD/MM/YYYY, today or yesterday' }))
    .addOption(new Option('--channel <channel>', 'how').choices([...CHANNELS]))
    .addOption(new Option('--party <party>', 'who it was from or to').choices([...PARTIES]))
    .option('--summary <text>', 'what it said')
    .option('--responds-to <id>', 'the record it answers (the minutes, for minutes-sent)')
    .option('--outcome <outcome>', 'decisions: assess|not-assess, maintain|amend|cease, reassess|not-reassess')
    .addOption(new Option('--order <order>', 'tribunal-decision: the order made; unopposed-notice: what conceding amounts to; mediation-agreement: the order it counts as').choices([...ORDERS]))
    .option('--event-date <date>', 'the meeting or hearing date a notice is about (YYYY-MM-DD or DD/MM/YYYY)')
    .addOption(new Option('--meeting-kind <kind>', 'meeting-scheduled: the kind of meeting').choices([...MEETING_KINDS]))
    .option('--exception <ground>', 'a statutory exception relied on, e.g. "reg 10(4)(a)" (needs --evidence)')
    .option('--evidence <text>', 'what shows the exception applies')
    .option('--exception-until <date>', 'when the exceptional circumstances ended (YYYY-MM-DD or DD/MM/YYYY)')
    .addOption(flagOption('set', { help: 'any other field (repeatable)' }))
    .addOption(flagOption('noCommit'))
    .addOption(flagOption('json'))
    .addHelpText(
      'after',
      `
Examples:
  ehcp comm new --case C0042 --purpose assessment-request --date 2024-01-08 --channel email --party parent
  ehcp comm new --case C0042 --purpose assessment-decision --outcome assess --date 2024-02-12
  ehcp comm new --case C0042 --purpose hearing-notice --date 2024-02-01 --event-date 2024-03-05
  ehcp comm new --case C0042 --purpose tribunal-decision --order amend-plan --date 2024-03-20
  ehcp comm new --case C0042 --purpose minutes-sent --responds-to 2024-03-05-minutes-k3f9q2 --date 2024-03-07
  ehcp comm new --case C0042 --purpose final-plan --date 2024-06-10 \\
      --exception "reg 10(4)(a)" --evidence "School closed for the summer when advice was sought"
  Exception grounds: reg 5(4)(a)-(d), 8(2)(a)-(c), 10(4)(a)-(d) (also for the 20-week
  final plan, reg 13(3)), 27(3)(a)-(d), 44(3)(a)-(d); "reg10(4)(a)" is accepted too.`,
    )
    .action(async (opts: CommNewOptions) => {
      process.exitCode = await runCommNew(context(), opts);
    });
};

export async function runCommNew(ctx: Context, options: CommNewOptions, injected?: Prompter): Promise<number> {
  options = await withDates(ctx, options);
  const ground = checkCommFlags(options);
  const root = await repositoryRoot(ctx);
  const v = valuesFromFlags(options);
  if (ctx.interactive) await askForTheRest(ctx, root, v, ground, injected ?? (await inquirerPrompter(ctx)));
  requireCommValues(ctx, v, ground);
  const fields = commFields(v, ground, options.exceptionUntil);
  await applySets(fields, options.set ?? [], 'communication', today(ctx));
  const outcome = await createRecord(root, { type: 'communication', case: v.case!, status: 'final', fields }, { commit: options.commit !== false, invalidMessage: 'The communication was not logged' });
  say(ctx, `Logged ${v.purpose} (${fields.direction}) as ${outcome.id}${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: 'communication', id: outcome.id, case: v.case!, value: fields });
  reportWritten(ctx, outcome, options.json);
  return 0;
}

/** The options with the case reference tidied and each date flag read as a date. */
async function withDates(ctx: Context, options: CommNewOptions): Promise<CommNewOptions> {
  return {
    ...options,
    case: caseRefInput(options.case),
    date: await dateFlag(ctx, '--date', options.date),
    eventDate: await dateFlag(ctx, '--event-date', options.eventDate),
    exceptionUntil: await dateFlag(ctx, '--exception-until', options.exceptionUntil),
  };
}

/** Refuse a bad flag before anything is read; returns the statutory exception ground, normalised, when one is given. */
function checkCommFlags(options: CommNewOptions): string | undefined {
  if (options.case !== undefined) refuseFlag('--case', check.checkCaseRef(options.case));
  if (options.purpose !== undefined) refuseFlag('--purpose', check.checkOneOf(options.purpose, PURPOSES));
  if (options.direction !== undefined) refuseFlag('--direction', check.checkOneOf(options.direction, DIRECTIONS));
  if (options.respondsTo !== undefined) refuseFlag('--responds-to', check.checkRecordId(options.respondsTo));
  if (options.summary !== undefined && options.summary.trim() === '') refuseFlag('--summary', 'must not be empty');
  let ground: string | undefined;
  if (options.exception !== undefined) {
    ground = check.normaliseExceptionGround(options.exception);
    if (!ground) throw new UsageError('--exception is not a statutory exception ground ehcp knows.', 'Give one such as "reg 10(4)(a)" (see `ehcp comm new --help` for the list).');
  }
  if (options.evidence !== undefined && options.exception === undefined) throw new UsageError('--evidence goes with --exception GROUND.');
  if (options.exceptionUntil !== undefined && options.exception === undefined) throw new UsageError('--exception-until goes with --exception GROUND.');
  return ground;
}

type CommValues = ReturnType<typeof valuesFromFlags>;

/** The communication's values as the flags give them, checked against its purpose. */
function valuesFromFlags(options: CommNewOptions) {
  const v = {
    case: options.case,
    purpose: options.purpose as Purpose | undefined,
    direction: options.direction as 'in' | 'out' | undefined,
    date: options.date?.trim(),
    channel: options.channel,
    party: options.party,
    summary: options.summary,
    responds_to: options.respondsTo?.trim(),
    outcome: options.outcome,
    order: options.order,
    event_date: options.eventDate?.trim(),
    meeting_kind: options.meetingKind,
    evidence: options.evidence,
  };
  if (v.purpose) {
    const problems = check.checkCommunicationFields({ purpose: v.purpose, direction: v.direction, outcome: v.outcome, order: v.order, meeting_kind: v.meeting_kind });
    if (problems.length > 0) throw new UsageError(problems.join(' '));
  }
  return v;
}

/** In a terminal: ask for what the flags did not give (in `v`, in place), the purpose's own fields included. */
async function askForTheRest(ctx: Context, root: string, v: CommValues, ground: string | undefined, p: Prompter): Promise<void> {
  if (!v.case) {
    v.case = await pickCase(p, caseChoices(readCaseFiles(root)));
  }
  requireCase(root, v.case);
  v.purpose ??= await p.select({ message: 'What is it?', choices: purposeChoices() });
  v.direction ??= PURPOSE_DIRECTION[v.purpose] ?? (await p.select({ message: 'Direction', choices: [{ value: 'in' as const, name: 'in (received)' }, { value: 'out' as const, name: 'out (sent)' }] }));
  v.date ??= await checks.askDate(p, { message: 'Date sent or received', today: today(ctx), default: today(ctx) });
  const needs = check.requiredCommFields(v.purpose);
  if (needs.includes('outcome') && !v.outcome) {
    v.outcome = await p.select({ message: 'Outcome', choices: (check.PURPOSE_OUTCOMES[v.purpose] ?? []).map((x) => ({ value: x as string })) });
  }
  if (needs.includes('order') && !v.order) v.order = await p.select({ message: 'Order made by the tribunal', choices: ORDERS.map((x) => ({ value: x as string })) });
  if (needs.includes('event_date') && !v.event_date) {
    v.event_date = await checks.askDate(p, { message: 'Date of the meeting or hearing', today: today(ctx) });
  }
  if (needs.includes('meeting_kind') && !v.meeting_kind) v.meeting_kind = await p.select({ message: 'Kind of meeting', choices: MEETING_KINDS.map((x) => ({ value: x as string })) });
  if (!v.responds_to && (needs.includes('responds_to') || ANSWERS.has(v.purpose))) v.responds_to = await askRespondsTo(root, v.case, v.purpose, needs.includes('responds_to'), p);
  // "(skip)" first, so Enter skips an optional question.
  if (!v.channel) v.channel = (await p.select({ message: 'Channel', choices: [{ value: '', name: '(skip)' }, ...CHANNELS.map((x) => ({ value: x as string }))] })) || undefined;
  if (!v.party) v.party = (await p.select({ message: v.direction === 'in' ? 'From' : 'To', choices: [{ value: '', name: '(skip)' }, ...PARTIES.map((x) => ({ value: x as string }))] })) || undefined;
  if (v.summary === undefined) v.summary = checks.answerOrUndefined(await p.input({ message: 'Summary (Enter to skip)' }));
  if (ground && !v.evidence) v.evidence = (await p.input({ message: `Evidence that ${ground} applies`, validate: checks.isRequiredText })).trim();
}

/** Which earlier record of the case it answers (for minutes-sent: which minutes), chosen from the case's records. */
async function askRespondsTo(root: string, caseRef: string, purpose: Purpose, required: boolean, p: Prompter): Promise<string | undefined> {
  const rows = buildCaseView(caseRef, readCaseFolder(root, caseRef)).rows.filter((r) => r.status !== 'void' && (purpose !== 'minutes-sent' || r.type === 'minutes'));
  if (rows.length === 0 && !required) return undefined;
  const answer = await p.select({
    message: required ? 'Which minutes were sent?' : 'Does it answer an earlier record?',
    choices: [...(required ? [] : [{ value: '', name: '(no)' }]), ...rows.reverse().map((r) => ({ value: r.id, name: `${r.date}  ${r.what}  ${r.summary}`.trim() }))],
  });
  return answer || undefined;
}

/** Without a terminal, what is still missing is a usage error naming each flag to give. */
function requireCommValues(ctx: Context, v: CommValues, ground: string | undefined): void {
  const needs = v.purpose ? check.requiredCommFields(v.purpose) : [];
  const flagOf = { outcome: '--outcome OUTCOME', order: '--order ORDER', event_date: '--event-date YYYY-MM-DD', meeting_kind: '--meeting-kind KIND', responds_to: '--responds-to ID' } as const;
  requireFlags(ctx, 'comm new', {
    '--case REF': !v.case,
    '--purpose PURPOSE': !v.purpose,
    '--date YYYY-MM-DD': !v.date,
    '--direction in|out': !!v.purpose && !v.direction && PURPOSE_DIRECTION[v.purpose] === null,
    ...Object.fromEntries(needs.map((f) => [flagOf[f], !v[f]])),
    '--evidence TEXT': !!ground && !v.evidence,
  });
  if (v.responds_to && v.purpose === 'minutes-sent' && !v.responds_to.includes('-minutes-')) {
    throw new UsageError('--responds-to of minutes-sent must name the minutes that were sent (an id like 2024-03-05-minutes-k3f9q2).');
  }
}

/** The record's fields (the direction from the purpose when it has only one). */
function commFields(v: CommValues, ground: string | undefined, exceptionUntil: string | undefined): Record<string, unknown> {
  const purpose = v.purpose!;
  return {
    date: v.date,
    direction: v.direction ?? PURPOSE_DIRECTION[purpose],
    channel: v.channel,
    party: v.party,
    purpose,
    summary: v.summary,
    responds_to: v.responds_to,
    outcome: v.outcome,
    order: v.order,
    event_date: v.event_date,
    meeting_kind: v.meeting_kind,
    exception: ground ? { ground, evidence: v.evidence!.trim(), ...(exceptionUntil ? { until: exceptionUntil.trim() } : {}) } : undefined,
  };
}
