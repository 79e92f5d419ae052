// `ehcp record show|amend|void ID`: read a record, correct it with a new record that
// `amends` it (the original is never touched), or withdraw it (`status: void` with a
// reason, the one in-place change allowed to a final record). Also the helpers every
// record-writing command shares: --set, --from, and printing what was written.

import path from 'node:path';
import type { Definer } from '../definer.js';
import { caseRefInput, emit, requireFlags, say, today, type Context } from '../context.js';
import { flagOption } from '../options.js';
import { fieldsOf, validAs } from '../../core/document.js';
import { UsageError, EhcpError } from '../../core/errors.js';
import { applyApprovalDefaults, approvalDefaults, minutesAnnotator } from '../common/approval.js';
import { editRecord } from '../common/editRecord.js';
import { applySets, mergeFields, readFieldsFile, takeCase } from '../common/fields.js';
import { repositoryRoot } from '../common/repository.js';
import { committedNote, reportWritten, sayNextStep } from '../common/writeResult.js';
import { locateRecord, createRecord, rewriteRecord } from '../../store/write/records.js';
import { readDocument } from '../../store/read/documents.js';
import { inquirerPrompter } from '../prompts/prompter.js';
import { isRequiredText } from '../prompts/checks.js';
import { checkShortText } from '../../core/writeInput.js';

export interface RecordShowOptions {
  format: 'yaml' | 'json';
  case?: string;
}

export interface RecordAmendOptions {
  set?: string[];
  from?: string;
  edit?: boolean;
  final?: boolean;
  commit?: boolean;
  json?: boolean;
  case?: string;
}

export interface RecordVoidOptions {
  reason?: string;
  json?: boolean;
  case?: string;
}

export const defineRecord: Definer = (record, context) => {
  record
    .command('show')
    .description('print a record')
    .argument('<id>', 'record id, e.g. 2024-03-05-minutes-k3f9q2')
    .addOption(flagOption('format', { help: 'output format', choices: ['yaml', 'json'], default: 'yaml' }))
    .addOption(flagOption('caseOfRecord'))
    .addHelpText('after', '\nExamples:\n  ehcp record show 2024-03-05-minutes-k3f9q2\n  ehcp record show 2024-03-05-comm-p2x8r1 --format json')
    .action(async (id: string, opts: RecordShowOptions) => {
      process.exitCode = await runRecordShow(context(), id, opts);
    });
  record
    .command('amend')
    .description('correct a final record: writes a NEW record with `amends: ID`; the original is never changed')
    .argument('<id>', 'the record to correct')
    .addOption(flagOption('set', { help: 'change a field (repeatable), e.g. --set summary="..." --set attendees[1].role=Chair' }))
    .option('--from <file>', 'a YAML file of fields to change (flags win)')
    .option('--edit', 'edit the corrected record in $VISUAL/$EDITOR')
    .option('--final', 'minutes: save the correction as final (approved now by you) rather than a draft')
    .addOption(flagOption('noCommit'))
    .addOption(flagOption('json'))
    .addOption(flagOption('caseOfRecord'))
    .addHelpText(
      'after',
      '\nExamples:\n  ehcp record amend 2024-03-07-comm-p2x8r1 --set date=2024-03-08\n  ehcp record amend 2024-03-05-minutes-k3f9q2 --edit',
    )
    .action(async (id: string, opts: RecordAmendOptions) => {
      process.exitCode = await runRecordAmend(context(), id, opts);
    });
  record
    .command('void')
    .description('withdraw a record: sets `status: void` and the reason, in one commit')
    .argument('<id>', 'the record to withdraw')
    .option('--reason <text>', 'why it is withdrawn (required)')
    .addOption(flagOption('json'))
    .addOption(flagOption('caseOfRecord'))
    .addHelpText('after', '\nExamples:\n  ehcp record void 2024-03-07-comm-p2x8r1 --reason "Logged against the wrong case"')
    .action(async (id: string, opts: RecordVoidOptions) => {
      process.exitCode = await runRecordVoid(context(), id, opts);
    });
};

export async function runRecordShow(ctx: Context, id: string, options: RecordShowOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  const { doc, text } = readDocument(root, located.file);
  if (options.format === 'yaml') {
    // The file as it is, but a control character (never valid in YAML: the file is
    // reported invalid anyway) is shown as a visible escape, not sent to the terminal.
    // eslint-disable-next-line no-control-regex
    emit(ctx, text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
  } else {
    if (!doc.value) {
      throw new EhcpError(`${located.file} could not be read as YAML.`, `Run \`ehcp validate ${located.file}\` to see why.`, 1);
    }
    emit(ctx, JSON.stringify(doc.value, null, 2));
  }
  if (!doc.valid) say(ctx, `warning: ${located.file} is not valid; run \`ehcp validate ${located.file}\`.`);
  return 0;
}

/** Fields a correction does not copy: they belong to the original record or its approval. */
const NOT_COPIED = ['schema', 'id', 'case', 'status', 'void_reason', 'amends', 'recorded_by', 'approved_by', 'approved_on'];

export async function runRecordAmend(ctx: Context, id: string, options: RecordAmendOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  const valid = validAs(readDocument(root, located.file).doc, 'minutes', 'note', 'communication');
  if (!valid) {
    throw new EhcpError(`${located.file} is not a valid record, so it cannot be amended.`, `Run \`ehcp validate ${located.file}\` and correct it first.`, 1);
  }
  const original = valid.value;
  if (original.status === 'void') throw new EhcpError(`${located.id} is void; there is nothing to correct.`, 'Record what happened as a new record instead.');
  if (original.status === 'draft') {
    throw new EhcpError(
      `${located.id} is a draft: drafts are edited in place, not amended.`,
      `Open ${path.relative(ctx.cwd, located.abs)} in your editor, then finalise it with \`ehcp minutes finalise ${located.id}\`.`,
    );
  }
  const sets = options.set ?? [];
  if (sets.length === 0 && !options.from && !options.edit) {
    // In a terminal, the natural way to correct a record is to edit it.
    if (ctx.interactive) options = { ...options, edit: true };
    else throw new UsageError('record amend needs the corrected values: give --set PATH=VALUE, --from FILE or --edit.', `e.g. \`ehcp record amend ${located.id} --set summary="..."\``);
  }
  let fields: Record<string, unknown> = structuredClone(Object.fromEntries(Object.entries(original).filter(([k]) => !NOT_COPIED.includes(k))));
  if (options.from) fields = mergeFields(fields, takeCase(await readFieldsFile(ctx, options.from), located.case, options.from));
  await applySets(fields, sets, located.type, today(ctx));
  const isMinutes = located.type === 'minutes';
  let status: 'draft' | 'final' = isMinutes && !options.final ? 'draft' : 'final';
  if (isMinutes && status === 'final') await applyApprovalDefaults(root, fields);
  if (options.edit) {
    const finalDefaults = isMinutes ? await approvalDefaults(root) : undefined;
    const edited = await editRecord(ctx, root, { type: located.type, caseRef: located.case, fields, status, amends: located.id, finalDefaults });
    fields = edited.fields;
    status = edited.status;
  }
  if (sameFields(fields, { ...original })) {
    throw new EhcpError('The correction changes nothing, so no record was written.', 'Give the corrected values with --set, --from or --edit.');
  }
  const annotate = isMinutes && status === 'draft' ? await minutesAnnotator(root, fields.kind) : undefined;
  const outcome = await createRecord(
    root,
    { type: located.type, case: located.case, status, fields: { ...fields, amends: located.id }, annotate },
    { commit: options.commit !== false, action: 'amend', invalidMessage: 'The correction was not saved' },
  );
  say(ctx, `Wrote ${outcome.id}, which amends ${located.id} (the original is unchanged)${committedNote(outcome)}.`);
  await sayNextStep(ctx, { type: located.type, id: outcome.id, case: located.case, value: { ...fields, status } });
  reportWritten(ctx, outcome, options.json);
  return 0;
}

export async function runRecordVoid(ctx: Context, id: string, options: RecordVoidOptions): Promise<number> {
  const root = await repositoryRoot(ctx);
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  const { doc } = readDocument(root, located.file);
  const fields = fieldsOf(doc);
  if (!fields) throw new EhcpError(`${located.file} could not be read as YAML, so it cannot be voided.`, `Run \`ehcp validate ${located.file}\`.`, 1);
  if (fields.status === 'void') {
    // Asking for what is already so is not an error: say it and change nothing.
    say(ctx, `${located.id} is already void; nothing was changed.`);
    return 0;
  }
  let reason = options.reason?.trim();
  if (!reason) {
    if (ctx.interactive) {
      reason = (await (await inquirerPrompter(ctx)).input({ message: 'Why is this record withdrawn?', validate: isRequiredText })).trim();
    } else {
      requireFlags(ctx, 'record void', { '--reason TEXT': true });
    }
  }
  const problem = checkShortText(reason!);
  if (problem) throw new UsageError(`--reason ${problem}.`);
  const value = { ...fields, status: 'void', void_reason: reason };
  const outcome = await rewriteRecord(root, located, value, 'void');
  say(ctx, `${located.id} is now void${committedNote(outcome)}.`);
  reportWritten(ctx, outcome, options.json);
  return 0;
}

/** True when a correction's fields say the same as the original (approval aside). */
function sameFields(fields: Record<string, unknown>, original: Record<string, unknown>): boolean {
  const content = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k, v]) => !NOT_COPIED.includes(k) && v !== undefined));
  const norm = (v: unknown) =>
    JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
  return norm(content(fields)) === norm(content(original));
}
