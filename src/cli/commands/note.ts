// `ehcp note new`: a case note (a call, an email, a visit, an internal discussion). It
// records something that happened, so it is final at once; a correction is an amendment.

import { Option } from 'commander';
import type { Definer } from '../definer.js';
import { caseRefInput, dateFlag, requireFlags, say, today, type Context } from '../context.js';
import { flagOption, refuseFlag } from '../options.js';
import { NOTE_KINDS, type NoteKind } from '../../core/vocabulary.js';
import type { Prompter } from '../prompts/prompter.js';
import { applySets } from '../common/fields.js';
import { repositoryRoot } from '../common/repository.js';
import { committedNote, reportWritten, sayNextStep } from '../common/writeResult.js';
import { createRecord, requireCase } from '../../store/write/records.js';
import { readCaseFiles } from '../../store/read/documents.js';
import { pickCase, caseChoices } from '../prompts/pickCase.js';
import { inquirerPrompter } from '../prompts/prompter.js';
import * as check from '../../core/writeInput.js';
import * as checks from '../prompts/checks.js';

export interface NoteNewOptions {
  case?: string;
  date?: string;
  summary?: string;
  kind?: NoteKind;
  with?: string;
  details?: string;
  set?: string[];
  commit?: boolean;
  json?: boolean;
}

/** When neither --kind nor a prompt says otherwise. */
export const DEFAULT_NOTE_KIND: NoteKind = 'internal';

export const defineNote: Definer = (note, context) => {
  note
    .command('new')
    .description('write a case note (final at once)')
    .addOption(flagOption('caseForNew'))
    .addOption(flagOption('date', { help: 'when it happened: YYYY-MM-DD, DD/MM/YYYY, today or yesterday' }))
    .option('--summary <text>', 'one line: what happened')
    .addOption(new Option('--kind <kind>', `what it was (default: ${DEFAULT_NOTE_KIND})`).choices([...NOTE_KINDS]))
    .option('--with <who>', 'with whom (a role or organisation is enough)')
    .option('--details <text>', 'the fuller account')
    .addOption(flagOption('set', { help: 'any other field (repeatable), e.g. --set actions[0].action="Call school" --set actions[0].due=2024-03-12' }))
    .addOption(flagOption('noCommit'))
    .addOption(flagOption('json'))
    .addHelpText('after', '\nExamples:\n  ehcp note new --case C0042 --date 2024-03-06 --kind phone --with "Parent" --summary "Explained the next steps"')
    .action(async (opts: NoteNewOptions) => {
      process.exitCode = await runNoteNew(context(), opts);
    });
};

export async function runNoteNew(ctx: Context, options: NoteNewOptions, injected?: Prompter): Promise<number> {
  options = { ...options, case: caseRefInput(options.case), date: await dateFlag(ctx, '--date', options.date) };
  if (options.case !== undefined) refuseFlag('--case', check.checkCaseRef(options.case));
  if (options.summary !== undefined) refuseFlag('--summary', check.checkShortText(options.summary));
  if (options.with !== undefined) refuseFlag('--with', check.checkShortText(options.with));
  if (options.kind !== undefined) refuseFlag('--kind', check.checkOneOf(options.kind, NOTE_KINDS));
  const root = await repositoryRoot(ctx);
  let { case: caseRef, date, summary, kind } = options;
  const withWhom = options.with;
  if (ctx.interactive) {
    const p = injected ?? (await inquirerPrompter(ctx));
    if (!caseRef) {
      caseRef = await pickCase(p, caseChoices(readCaseFiles(root)));
    }
    requireCase(root, caseRef);
    date ??= await checks.askDate(p, { message: 'Date', today: today(ctx), default: today(ctx) });
    kind ??= await p.select({ message: 'Kind of note', choices: NOTE_KINDS.map((k) => ({ value: k })), default: DEFAULT_NOTE_KIND });
    summary ??= (await p.input({ message: 'Summary (one line)', validate: checks.isRequiredText })).trim();
  }
  requireFlags(ctx, 'note new', { '--case REF': !caseRef, '--date YYYY-MM-DD': !date, '--summary TEXT': !summary });
  const fields: Record<string, unknown> = {
    date,
    kind: kind ?? DEFAULT_NOTE_KIND,
    with: withWhom,
    summary: summary!.trim(),
    details: options.details,
  };
  await applySets(fields, options.set ?? [], 'note', today(ctx));
  const outcome = await createRecord(root, { type: 'note', case: caseRef!, status: 'final', fields }, { commit: options.commit !== false, invalidMessage: 'The note was not saved' });
  say(ctx, `Saved note ${outcome.id}${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: 'note', id: outcome.id, case: caseRef!, value: fields });
  reportWritten(ctx, outcome, options.json);
  return 0;
}
