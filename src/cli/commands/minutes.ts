// `ehcp minutes new` and `ehcp minutes finalise`.
//
// new: the values come, lowest first, from saved answers being resumed, --from FILE, the
// flags and --set; in a terminal the officer is asked for the rest (and Ctrl-C keeps the
// answers under .ehcp/drafts/); --edit opens the scaffold in an editor instead. A draft
// needs only case, kind and date, so `--no-input` with those three always succeeds.
// finalise: draft → final, refused (nothing changed) until the draft has what final
// minutes need, each gap named with its file and line.

import path from 'node:path';
import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { caseRefInput, dateFlag, requireFlags, say, today, type Context } from '../context.js';
import { flagOption, refuseFlag } from '../options.js';
import { fieldsOf, validAs } from '../../core/document.js';
import { UsageError, EhcpError } from '../../core/errors.js';
import { MEETING_KINDS } from '../../core/vocabulary.js';
import type { Prompter } from '../prompts/prompter.js';
import { applyApprovalDefaults, approvalDefaults, minutesAnnotator } from '../common/approval.js';
import { editRecord } from '../common/editRecord.js';
import { applySets, mergeFields, readFieldsFile, takeCase } from '../common/fields.js';
import { repositoryRoot } from '../common/repository.js';
import { committedNote, reportWritten, sayNextStep } from '../common/writeResult.js';
import { locateRecord, rewriteRecord, requireCase, createRecord, RecordProblemsError } from '../../store/write/records.js';
import { readDocument, readCaseFiles } from '../../store/read/documents.js';
import { parseYaml } from '../../core/yaml.js';
import { getSchemaValidator } from '../../store/read/schemas.js';
import { DRAFTS_DIR } from '../../store/paths.js';
import { editUntilValid } from '../prompts/editor.js';
import { listDrafts, newDraftName, saveDraft, deleteDraft } from '../../store/write/drafts.js';
import { parseAssignment } from '../../core/setPath.js';
import { pickCase, caseChoices } from '../prompts/pickCase.js';
import { offerResume } from '../prompts/resume.js';
import { MINUTES_STEPS, promptKindAndDate, promptMinutes } from '../prompts/minutes.js';
import { onInterrupt } from '../../store/platform.js';
import { isPromptExit, inquirerPrompter } from '../prompts/prompter.js';
import { CommitFailedError, requireIdentity } from '../../store/write/commit.js';
import { loadTemplate } from '../../store/read/templates.js';
import * as check from '../../core/writeInput.js';

export interface MinutesNewOptions {
  case?: string;
  kind?: string;
  date?: string;
  time?: string;
  venue?: string;
  set?: string[];
  from?: string;
  edit?: boolean;
  final?: boolean;
  /** false with --no-commit */
  commit?: boolean;
  json?: boolean;
  resume?: boolean;
}

export interface MinutesFinaliseOptions {
  approvedBy?: string;
  approvedOn?: string;
  json?: boolean;
  case?: string;
}

export const defineMinutes: Definer = (minutes, context) => {
  minutes
    .command('new')
    .description('write minutes from the template for the meeting kind; asks for what the flags do not give (in a terminal)')
    .addOption(flagOption('caseForNew'))
    .addOption(new Option('--kind <kind>', 'meeting kind').choices([...MEETING_KINDS]))
    .addOption(flagOption('date', { help: 'meeting date: YYYY-MM-DD, DD/MM/YYYY, today or yesterday' }))
    .option('--time <hh:mm>', 'start time, 24-hour')
    .option('--venue <text>', 'venue, or how it was held')
    .addOption(flagOption('set', { help: 'set any field (repeatable): --set attendees[0].name="Test Person" --set decisions[0].reasons=...' }))
    .option('--from <file>', 'a YAML file of fields (the flags win over it)')
    .option('--edit', 'open the minutes in $VISUAL/$EDITOR; checked on save, reopened until valid')
    .option('--final', 'save as final minutes (approved now by you); refused if anything final minutes need is missing')
    .option('--resume', 'carry on with the answers saved when a previous run was interrupted')
    .addOption(flagOption('noCommit'))
    .addOption(flagOption('json'))
    .addHelpText(
      'after',
      `
Examples:
  ehcp minutes new                                   # asks for everything, in a terminal
  ehcp minutes new --case C0042 --kind appeal-hearing --date 2024-03-05 --no-input
  ehcp minutes new --case C0042 --kind annual-review --date 2024-03-05 \\
      --set attendees[0].name="Test Parent" --set attendees[0].party=parent \\
      --set decisions[0].decision="Maintain the plan" --set decisions[0].reasons="Needs unchanged"
  ehcp minutes new --case C0042 --kind panel --date 2024-03-05 --from notes.yaml --edit
  ehcp minutes new --case C0042 --resume             # after Ctrl-C`,
    )
    .action(async (opts: MinutesNewOptions) => {
      process.exitCode = await runMinutesNew(context(), opts);
    });
  minutes
    .command('finalise')
    .alias('finalize')
    .description('turn draft minutes into final minutes (approved by you, today, unless given)')
    .argument('<id>', 'the draft minutes id')
    .option('--approved-by <name>', 'who approved the minutes (default: your git user.name)')
    .option('--approved-on <date>', 'when: YYYY-MM-DD, DD/MM/YYYY, today or yesterday (default: today)')
    .addOption(flagOption('json'))
    .addOption(flagOption('caseOfRecord'))
    .addHelpText('after', '\nExamples:\n  ehcp minutes finalise 2024-03-05-minutes-k3f9q2\n  ehcp minutes finalise 2024-03-05-minutes-k3f9q2 --approved-by "Team Lead" --approved-on 2024-03-07')
    .action(async (id: string, opts: MinutesFinaliseOptions) => {
      process.exitCode = await runMinutesFinalise(context(), id, opts);
    });
  minutes
    .command('edit')
    .description('open draft minutes in your editor; checked on save, reopened with the problems until valid, then one commit')
    .argument('<id>', 'the draft minutes id')
    .addOption(flagOption('caseOfRecord'))
    .addOption(flagOption('json'))
    .addHelpText(
      'after',
      `
The editor is the one git would use: GIT_EDITOR, git config core.editor, VISUAL, EDITOR,
else vi (notepad on Windows). Closing it without saving, or saving an empty file, changes
nothing. Setting \`status: final\` in the editor finalises the minutes (approved by you,
today, unless approved_by/approved_on are given). Final minutes are corrected with
\`ehcp record amend ID\` instead.

Examples:
  ehcp minutes edit 2024-03-05-minutes-k3f9q2
  EDITOR=nano ehcp minutes edit 2024-03-05-minutes-k3f9q2`,
    )
    .action(async (id: string, opts: MinutesEditOptions) => {
      process.exitCode = await runMinutesEdit(context(), id, opts);
    });
};

export interface MinutesEditOptions {
  case?: string;
  json?: boolean;
}

/**
 * `minutes edit ID`: the draft's own text in the editor; on save, parsed and checked as
 * the minutes it would become (schema, id and case must stay; status draft or final);
 * then rewritten in place (with the template's guidance again) in one commit.
 */
export async function runMinutesEdit(ctx: Context, id: string, options: MinutesEditOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  if (located.type !== 'minutes') {
    throw new UsageError(`${located.id} is a ${located.type}; only draft minutes are edited (correct a ${located.type} with \`ehcp record amend ${located.id}\`).`);
  }
  const { doc, text } = readDocument(root, located.file);
  const status = fieldsOf(doc)?.status;
  if (status === 'final') throw new EhcpError(`${located.id} is final; final minutes are never edited in place.`, `Write a correction instead: ehcp record amend ${located.id} --edit`);
  if (status === 'void') throw new EhcpError(`${located.id} is void; it cannot be edited.`, 'Write new minutes instead.');
  const defaults = await approvalDefaults(root);
  const validator = getSchemaValidator();
  const original = fieldsOf(doc) ?? {};
  const checkEdit = (body: string) => {
    const parsed = parseYaml(located.file, body);
    if (!parsed.ok) return { problems: parsed.problems };
    const v = parsed.value;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { problems: [{ line: 1, message: 'The minutes must be a YAML mapping of field: value lines.' }] };
    const value: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const problems: { line: number; message: string }[] = [];
    const keep = (field: string, expected: unknown) => {
      if (value[field] !== expected) problems.push({ line: parsed.locate([field]).line, message: `\`${field}\` must stay ${String(expected)}.` });
    };
    keep('schema', 'minutes/v1');
    keep('id', located.id);
    keep('case', located.case);
    if (value.status !== 'draft' && value.status !== 'final') {
      problems.push({ line: parsed.locate(['status']).line, message: '`status` must be draft or final here (withdraw minutes with `ehcp record void`).' });
    }
    if (value.status === 'final') {
      value.approved_by ??= defaults.approved_by;
      value.approved_on ??= defaults.approved_on;
    }
    value.recorded_by ??= original.recorded_by;
    problems.push(...validator.validate(located.file, value, parsed.locate, ['minutes']).problems.map((p) => ({ line: p.line, message: p.message })));
    return problems.length > 0 ? { problems } : { problems: [], value };
  };
  const edited = await editUntilValid(ctx, { initialText: text, workDir: path.join(root, DRAFTS_DIR), label: located.case, check: checkEdit });
  if (JSON.stringify(edited) === JSON.stringify(original)) {
    say(ctx, `No field of ${located.id} changed, so nothing was written.`);
    return 0;
  }
  const final = edited.status === 'final';
  const annotate = final ? undefined : await minutesAnnotator(root, edited.kind);
  const outcome = await rewriteRecord(root, located, edited, final ? 'finalise' : 'edit', { annotate });
  say(ctx, final ? `${located.id} is final (approved by ${String(edited.approved_by)} on ${String(edited.approved_on)})${committedNote(outcome)}.` : `Saved draft minutes ${located.id}${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: 'minutes', id: located.id, case: located.case, value: edited });
  reportWritten(ctx, outcome, options.json);
  return 0;
}

/** Check the flag values before anything is asked or written. */
function checkFlags(options: MinutesNewOptions, check: typeof import('../../core/writeInput.js')): void {
  if (options.case !== undefined) refuseFlag('--case', check.checkCaseRef(options.case));
  if (options.kind !== undefined) refuseFlag('--kind', check.checkOneOf(options.kind, MEETING_KINDS));
  if (options.time !== undefined) refuseFlag('--time', check.checkTime(options.time));
  if (options.venue !== undefined) refuseFlag('--venue', check.checkShortText(options.venue));
}

export async function runMinutesNew(ctx: Context, options: MinutesNewOptions, injected?: Prompter): Promise<number> {
  options = { ...options, case: caseRefInput(options.case), date: await dateFlag(ctx, '--date', options.date) };
  checkFlags(options, check);
  const root = await repositoryRoot(ctx);
  let prompter = injected;
  const ask = async (): Promise<Prompter> => (prompter ??= await inquirerPrompter(ctx, path.join(root, DRAFTS_DIR)));

  const { caseRef, fromFields, resumed } = await chooseCaseAndAnswers(ctx, root, options, ask);
  const session = await startSession(ctx, options, fromFields, resumed);
  const kept = keepAnswers(root, caseRef, resumed, session);
  let status: 'draft' | 'final' = options.final ? 'final' : 'draft';
  if (ctx.interactive) status = await askForTheRest(ctx, root, options, { caseRef, session, kept, ask, status });
  requireFlags(ctx, 'minutes new', { '--case REF': !caseRef, '--kind KIND': session.values.kind === undefined, '--date YYYY-MM-DD': session.values.date === undefined });
  await writeMinutes(ctx, root, options, { caseRef: caseRef!, session, status, kept, resumed: resumed !== undefined });
  return 0;
}

type StoredDraft = import('../../store/write/drafts.js').StoredDraft;
type MinutesSession = import('../prompts/minutes.js').MinutesSession;

/**
 * The case and where the values start from: --from FILE (which may name the case), saved
 * answers (--resume takes them without asking; in a terminal they are offered), and in a
 * terminal the case picker when no case was given.
 */
async function chooseCaseAndAnswers(
  ctx: Context,
  root: string,
  options: MinutesNewOptions,
  ask: () => Promise<Prompter>,
): Promise<{ caseRef?: string; fromFields: Record<string, unknown>; resumed?: StoredDraft }> {
  let fromFields: Record<string, unknown> = options.from ? await readFieldsFile(ctx, options.from) : {};
  let caseRef = options.case ?? (typeof fromFields.case === 'string' ? caseRefInput(fromFields.case) : undefined);
  if (options.from) fromFields = takeCase(fromFields, caseRef, options.from);
  if (caseRef !== undefined && check.checkCaseRef(caseRef)) throw new UsageError(`The case in --from ${options.from} ${check.checkCaseRef(caseRef)}.`);

  let resumed: StoredDraft | undefined;
  if (options.resume) {
    const drafts = listDrafts(root, caseRef);
    if (drafts.length === 0) {
      throw new UsageError(`There are no saved minutes answers${caseRef ? ` for case ${caseRef}` : ''} to resume.`, 'Start new minutes without --resume.');
    }
    const cases = [...new Set(drafts.map((d) => d.draft.case))];
    if (!caseRef && cases.length > 1) {
      if (ctx.interactive) {
        caseRef = await pickCase(await ask(), cases.map((ref) => ({ ref })), 'Resume the minutes of which case?');
      } else {
        requireFlags(ctx, 'minutes new --resume', { '--case REF': true });
      }
    }
    resumed = drafts.find((d) => !caseRef || d.draft.case === caseRef);
    caseRef ??= resumed?.draft.case;
  }
  if (!caseRef && ctx.interactive) {
    caseRef = await pickCase(await ask(), caseChoices(readCaseFiles(root)));
  }
  if (caseRef) requireCase(root, caseRef);
  if (caseRef && !resumed && ctx.interactive) {
    // Offered only after the identity check (saving would fail without one), and only
    // saved answers that fit what the flags say: with --kind and --date given, a draft for
    // another meeting is not offered.
    await requireIdentity(root);
    const fits = (d: StoredDraft) => (options.kind === undefined || d.draft.values.kind === options.kind) && (options.date === undefined || d.draft.values.date === options.date);
    const drafts = listDrafts(root, caseRef).filter(fits);
    if (drafts.length > 0) {
      const choice = await offerResume(await ask(), drafts);
      if (choice.action === 'resume') resumed = choice.draft;
      if (choice.action === 'discard') deleteDraft(root, choice.draft.name);
    }
  }
  return { caseRef, fromFields, resumed };
}

/** The values so far, lowest first: resumed answers, --from, flags, --set; and which fields were given. */
async function startSession(ctx: Context, options: MinutesNewOptions, fromFields: Record<string, unknown>, resumed: StoredDraft | undefined): Promise<MinutesSession> {
  const given = new Set<string>();
  let values: Record<string, unknown> = resumed ? structuredClone(resumed.draft.values) : {};
  values = mergeFields(values, fromFields);
  Object.keys(fromFields).forEach((k) => given.add(k));
  const flagFields = Object.fromEntries(
    Object.entries({ kind: options.kind, date: options.date?.trim(), time: options.time?.trim(), venue: options.venue }).filter(([, v]) => v !== undefined),
  );
  values = mergeFields(values, flagFields);
  Object.keys(flagFields).forEach((k) => given.add(k));
  const sets = options.set ?? [];
  await applySets(values, sets, 'minutes', today(ctx));
  for (const s of sets) given.add(String(parseAssignment(s).path[0]));
  return {
    values,
    done: new Set(resumed?.draft.done.filter((d) => (MINUTES_STEPS as readonly string[]).includes(d)) ?? []),
    pending: resumed?.draft.pending,
    given,
  };
}

/** The officer's answers, kept under .ehcp/drafts/ once there is one, so Ctrl-C loses nothing. */
interface KeptAnswers {
  /** The draft file's name (when there is a case to file it under). */
  name?: string;
  /** True once the officer has answered something. */
  answered(): boolean;
  /** Record that an answer was given, and save. */
  answer(): void;
  /** Save the answers so far (nothing before the first answer). */
  persist(): void;
  /** Where the answers are and how to carry on. */
  resumeHint(): string;
}

function keepAnswers(root: string, caseRef: string | undefined, resumed: StoredDraft | undefined, session: MinutesSession): KeptAnswers {
  const name = resumed?.name ?? (caseRef ? newDraftName(caseRef) : undefined);
  const startedAt = resumed?.draft.created ?? new Date().toISOString();
  let answered = false;
  const persist = () => {
    if (!caseRef || !name || !answered) return;
    saveDraft(root, name, {
      version: 1,
      type: 'minutes',
      case: caseRef,
      created: startedAt,
      updated: new Date().toISOString(),
      values: session.values,
      done: [...session.done],
      ...(session.pending ? { pending: session.pending } : {}),
    });
  };
  return {
    name,
    answered: () => answered,
    answer: () => {
      answered = true;
      persist();
    },
    persist,
    resumeHint: () => `Your answers are kept (${'.ehcp/drafts/' + name}). Carry on with: ehcp minutes new --case ${caseRef} --resume`,
  };
}

/**
 * In a terminal: ask for what the flags did not give (with --edit, only kind and date; the
 * editor does the rest). Returns the status chosen. Ctrl-C keeps the answers.
 */
async function askForTheRest(
  ctx: Context,
  root: string,
  options: MinutesNewOptions,
  run: { caseRef?: string; session: MinutesSession; kept: KeptAnswers; ask: () => Promise<Prompter>; status: 'draft' | 'final' },
): Promise<'draft' | 'final'> {
  const { caseRef, session, kept } = run;
  // Ctrl-C between prompts (e.g. while a file is written) arrives as a signal; at a
  // prompt, inquirer turns it into ExitPromptError. Both keep the answers.
  const onSigint = () => {
    kept.persist();
    if (kept.answered()) ctx.stderr.write(`\n${kept.resumeHint()}\n`);
  };
  const stopListening = onInterrupt(onSigint);
  try {
    const p = await run.ask();
    if (options.edit) {
      await promptKindAndDate(p, session, today(ctx));
      return run.status;
    }
    const identity = await requireIdentity(root);
    const templates = await templateGuidance(root);
    const validator = getSchemaValidator();
    return await promptMinutes(p, session, {
      today: today(ctx),
      approver: identity.name,
      final: options.final,
      finalProblems: (v) => finalProblems(validator, caseRef!, v),
      guidance: (field) => templates(session.values.kind, field),
      save: kept.answer,
    });
  } catch (error) {
    if (isPromptExit(error) && kept.answered()) {
      kept.persist();
      ctx.stderr.write(`\n${kept.resumeHint()}\n`);
    }
    throw error;
  } finally {
    stopListening();
  }
}

/** Approval defaults, --edit, then write (and commit) the minutes; the saved answers go once the file is in place. */
async function writeMinutes(
  ctx: Context,
  root: string,
  options: MinutesNewOptions,
  minutes: { caseRef: string; session: MinutesSession; status: 'draft' | 'final'; kept: KeptAnswers; resumed: boolean },
): Promise<void> {
  const { caseRef, session, kept } = minutes;
  let status = minutes.status;
  if (status === 'final') await applyApprovalDefaults(root, session.values);
  if (options.edit) {
    const edited = await editRecord(ctx, root, { type: 'minutes', caseRef, fields: session.values, status, finalDefaults: await approvalDefaults(root) });
    session.values = edited.fields;
    status = edited.status;
  }

  const annotate = status === 'draft' ? await minutesAnnotator(root, session.values.kind) : undefined;
  const keptNote = kept.answered() || minutes.resumed ? ` Your answers are still kept in .ehcp/drafts/${kept.name}.` : '';
  let outcome;
  try {
    outcome = await createRecord(
      root,
      { type: 'minutes', case: caseRef, status, fields: session.values, annotate },
      {
        commit: options.commit !== false,
        invalidMessage: status === 'final' ? 'These minutes cannot be saved as final' : 'These minutes were not saved',
        invalidHint:
          (status === 'final'
            ? 'Nothing was written. Add what is missing with --set (e.g. --set attendees[0].name="..."), --from FILE or --edit; or leave out --final to save a draft and finish it later with `ehcp minutes finalise ID`.'
            : 'Nothing was written. Correct the values named above.') + keptNote,
      },
    );
  } catch (error) {
    // The record file is in place (only the commit failed): it now holds every answer.
    if (error instanceof CommitFailedError && kept.name) deleteDraft(root, kept.name);
    throw error;
  }
  if (kept.name) deleteDraft(root, kept.name);
  say(ctx, `Saved ${status} minutes ${outcome.id}${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: 'minutes', id: outcome.id, case: caseRef, value: { ...session.values, status } });
  reportWritten(ctx, outcome, options.json);
}

/** What would stop `values` being final minutes, as the schema says it. */
export function finalProblems(
  validator: import('../../core/schemaValidator.js').SchemaValidator,
  caseRef: string,
  values: Record<string, unknown>,
): { path: string; message: string }[] {
  const candidate = {
    ...values,
    schema: 'minutes/v1',
    id: `${typeof values.date === 'string' ? values.date : '2000-01-01'}-minutes-aaaaaa`,
    case: caseRef,
    status: 'final',
  };
  const { problems } = validator.validate('minutes', candidate, () => ({ line: 1, col: 1 }), ['minutes']);
  return problems.map((p) => ({ path: /`([^`]+)`/.exec(p.message)?.[1] ?? '', message: p.message }));
}

/** The template guidance of a field, per kind, loaded once per kind. */
async function templateGuidance(root: string): Promise<(kind: unknown, field: string) => string[] | undefined> {
  const cache = new Map<string, import('../../core/writeScaffold.js').MinutesTemplate>();
  return (kind, field) => {
    if (!MEETING_KINDS.includes(kind as (typeof MEETING_KINDS)[number])) return undefined;
    let t = cache.get(kind as string);
    if (!t) {
      t = loadTemplate(root, kind as (typeof MEETING_KINDS)[number]).template;
      cache.set(kind as string, t);
    }
    return t.sections.find((s) => s.field === field)?.guidance;
  };
}

export async function runMinutesFinalise(ctx: Context, id: string, options: MinutesFinaliseOptions): Promise<number> {
  options = { ...options, case: caseRefInput(options.case), approvedOn: await dateFlag(ctx, '--approved-on', options.approvedOn) };
  if (options.approvedBy !== undefined && check.checkShortText(options.approvedBy)) throw new UsageError(`--approved-by ${check.checkShortText(options.approvedBy)}.`);
  const root = await repositoryRoot(ctx);
  const located = locateRecord(root, id.trim(), options.case);
  if (located.type !== 'minutes') {
    throw new UsageError(`${located.id} is a ${located.type}; only minutes are finalised (notes and communications are final when logged).`);
  }
  const { doc, text } = readDocument(root, located.file, ['minutes']);
  const minutes = validAs(doc, 'minutes');
  if (!minutes) {
    throw new RecordProblemsError(doc.problems, `${located.file} has problems to fix before it can be finalised (nothing was changed)`, 'Correct them in the file, then run finalise again.', true);
  }
  const draft = minutes.value;
  if (draft.status === 'final') throw new EhcpError(`${located.id} is already final.`, `To correct final minutes, write a correction: ehcp record amend ${located.id} --edit`);
  if (draft.status === 'void') throw new EhcpError(`${located.id} is void; it cannot be finalised.`, 'Write new minutes instead.');
  const defaults = await approvalDefaults(root);
  const candidate: Record<string, unknown> = {
    ...draft,
    status: 'final',
    approved_by: options.approvedBy?.trim() ?? draft.approved_by ?? defaults.approved_by,
    approved_on: options.approvedOn?.trim() ?? draft.approved_on ?? defaults.approved_on,
  };
  // Validate against the draft's own text so each gap points at a line of that file.
  const parsed = parseYaml(located.file, text);
  const locate = parsed.ok ? parsed.locate : () => ({ line: 1, col: 1 });
  const problems = getSchemaValidator()
    .validate(located.file, candidate, locate, ['minutes'])
    .problems.map((p) => ({ ...p, line: whereToAdd(text, p.message) ?? p.line }));
  if (problems.length > 0) {
    throw new RecordProblemsError(
      problems,
      `${located.id} cannot be finalised yet (nothing was changed); final minutes need`,
      `Open ${located.file} and add what is listed (the commented examples in the draft show the shape), then run \`ehcp minutes finalise ${located.id}\` again.`,
      true,
    );
  }
  const outcome = await rewriteRecord(root, located, candidate, 'finalise');
  say(ctx, `${located.id} is final (approved by ${candidate.approved_by} on ${candidate.approved_on})${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: 'minutes', id: located.id, case: located.case, value: candidate });
  reportWritten(ctx, outcome, options.json);
  return 0;
}

/**
 * For a missing top-level field, the line of its commented-out example in the draft
 * (`# attendees:`), which is where the officer should add it.
 */
function whereToAdd(text: string, message: string): number | undefined {
  const m = /^`([a-z_]+)` is required here/.exec(message);
  if (!m) return undefined;
  const index = text.split('\n').findIndex((line) => new RegExp(`^#\\s?${m[1]}:`).test(line));
  return index >= 0 ? index + 1 : undefined;
}
