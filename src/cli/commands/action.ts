// `ehcp action done ID --item N --on DATE`: mark an action of minutes or a case note done
// (the command the overdue-action finding names).
//
// A draft is edited in place (drafts are work in progress; one commit, Ehcp-Action: edit).
// A final record is never edited in place, so the route is the one every correction
// takes: a new record that amends it, the same in every field but the action's done_on
// (final at once; minutes approved by the officer today, as `record amend --final` does).
// The audit then reads the correction instead of the original. docs/writing-records.md.

import type { Definer } from '../definer.js';
import { caseRefInput, dateFlag, requireFlags, say, today, type Context } from '../context.js';
import { flagOption } from '../options.js';
import type { Prompter } from '../prompts/prompter.js';
import { validAs } from '../../core/document.js';
import { EhcpError, UsageError } from '../../core/errors.js';
import type { Action } from '../../core/records.js';
import { applyApprovalDefaults, minutesAnnotator } from '../common/approval.js';
import { repositoryRoot } from '../common/repository.js';
import { committedNote, reportWritten } from '../common/writeResult.js';
import { locateRecord, rewriteRecord, createRecord } from '../../store/write/records.js';
import { readDocument } from '../../store/read/documents.js';
import { describeItem } from '../prompts/review.js';
import { inquirerPrompter } from '../prompts/prompter.js';

export interface ActionDoneOptions {
  item?: string;
  on?: string;
  case?: string;
  json?: boolean;
}

/** Fields a correction does not copy (as `record amend`): they belong to the original. */
const NOT_COPIED = ['schema', 'id', 'case', 'status', 'void_reason', 'amends', 'recorded_by', 'approved_by', 'approved_on'];

export const defineAction: Definer = (action, context) => {
  action
    .command('done')
    .description('mark an action done: a draft is edited in place; a final record gets a correction that amends it')
    .argument('<id>', 'the minutes or case note holding the action')
    .option('--item <n>', 'which action, counting from 1 (as the audit names it: "Action 2 of ID"); asked in a terminal when there are several')
    .option('--on <date>', 'when it was done: YYYY-MM-DD, DD/MM/YYYY, today or yesterday (default: today)')
    .addOption(flagOption('caseOfRecord'))
    .addOption(flagOption('json'))
    .addHelpText('after', '\nExamples:\n  ehcp action done 2024-03-05-minutes-k3f9q2 --item 2 --on 12/03/2024\n  ehcp action done 2024-03-06-note-p2x8r1 --on yesterday')
    .action(async (id: string, opts: ActionDoneOptions) => {
      process.exitCode = await runActionDone(context(), id, opts);
    });
};

export async function runActionDone(ctx: Context, id: string, options: ActionDoneOptions, injected?: Prompter): Promise<number> {
  if (options.item !== undefined && (!/^\d+$/.test(options.item.trim()) || Number(options.item) < 1)) {
    throw new UsageError('--item must be the number of the action, counting from 1.', 'e.g. --item 2 for the second action.');
  }
  const on = (await dateFlag(ctx, '--on', options.on)) ?? today(ctx);
  if (on > today(ctx)) throw new UsageError('--on is in the future; an action is marked done once it is done.');
  const root = await repositoryRoot(ctx);
  const located = locateRecord(root, id.trim(), caseRefInput(options.case));
  if (located.type !== 'minutes' && located.type !== 'note') {
    throw new UsageError(`${located.id} is a ${located.type}; actions are in minutes and case notes.`);
  }
  const valid = validAs(readDocument(root, located.file).doc, 'minutes', 'note');
  if (!valid) {
    throw new EhcpError(`${located.file} is not valid, so its actions cannot be marked.`, `Run \`ehcp validate ${located.file}\` and correct it first.`, 1);
  }
  const record = valid.value;
  if (record.status === 'void') throw new EhcpError(`${located.id} is void; its actions no longer count.`);
  const actions = record.actions ?? [];
  if (actions.length === 0) throw new UsageError(`${located.id} has no actions.`);
  const item = options.item !== undefined ? Number(options.item) : await whichAction(ctx, located.id, actions, injected);
  if (item > actions.length) throw new UsageError(`--item ${item}: ${located.id} has ${actions.length} action${actions.length === 1 ? '' : 's'}.`, `Give --item 1 to ${actions.length}.`);
  const current = actions[item - 1];
  if (typeof current.done_on === 'string') {
    say(ctx, `Action ${item} of ${located.id} is already marked done (on ${current.done_on}); nothing was changed.`);
    return 0;
  }
  if (typeof record.date === 'string' && on < record.date) {
    throw new UsageError(`--on is before ${located.id} itself (${record.date}), where the action was agreed.`);
  }
  const marked = actions.map((a, i) => (i === item - 1 ? { ...a, done_on: on } : a));

  if (record.status === 'draft') {
    const annotate = located.type === 'minutes' ? await minutesAnnotator(root, record.kind) : undefined;
    const outcome = await rewriteRecord(root, located, { ...record, actions: marked }, 'edit', { annotate });
    say(ctx, `Marked action ${item} of ${located.id} done on ${on} (a draft: changed in place)${committedNote(outcome)}.`);
    reportWritten(ctx, outcome, options.json);
    return 0;
  }
  const fields: Record<string, unknown> = Object.fromEntries(Object.entries(record).filter(([k]) => !NOT_COPIED.includes(k)));
  fields.actions = marked;
  if (located.type === 'minutes') await applyApprovalDefaults(root, fields);
  const outcome = await createRecord(
    root,
    { type: located.type, case: located.case, status: 'final', fields: { ...fields, amends: located.id } },
    { commit: true, action: 'amend', invalidMessage: 'The action could not be marked done' },
  );
  say(ctx, `Marked action ${item} done on ${on} in ${outcome.id}, a correction that amends ${located.id} (final records are never edited in place)${committedNote(outcome)}.`);
  reportWritten(ctx, outcome, options.json);
  return 0;
}

/** Without --item: the only action; in a terminal, a choice of them; otherwise a usage error. */
async function whichAction(ctx: Context, id: string, actions: readonly Action[], injected?: Prompter): Promise<number> {
  if (actions.length === 1) return 1;
  if (!ctx.interactive) {
    requireFlags(ctx, 'action done', { '--item N': true });
  }
  const p = injected ?? (await inquirerPrompter(ctx));
  const answer = await p.select({
    message: `Which action of ${id} is done?`,
    choices: actions.map((a, i) => ({ value: String(i + 1), name: `${i + 1}. ${describeItem('actions', { ...a })}` })),
    default: String(Math.max(1, actions.findIndex((a) => typeof a.done_on !== 'string') + 1)),
  });
  return Number(answer);
}
