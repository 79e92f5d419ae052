// The questions `ehcp minutes new` asks for whatever the flags did not give, in the order
// a meeting is written up: kind, date, when and where, who attended, purpose, discussion,
// decisions with their reasons, a hearing's outcome, actions, then draft or final.
//
// State lives in a MinutesSession that is saved after every answer (the caller's `save`),
// so Ctrl-C loses nothing; on resume, completed steps are skipped and a half-entered item
// (an attendee whose name was typed but not their role) comes back as the defaults.

import { ATTENDANCE, MEETING_FORMATS, MEETING_KINDS, PARTIES, RESULTS_BY_KIND, type MeetingKind } from '../../core/vocabulary.js';
import { RESULT_LABELS } from './labels.js';
import { describeItem, reviewChoices, summariseMinutes } from './review.js';
import { answerOrUndefined, askDate, isOptionalText, isOptionalTime, isRequiredLongText, isRequiredText } from './checks.js';
import type { Choice, Prompter } from './prompter.js';
import type { MinutesSession, MinutesStep } from './minutesSession.js';

export { MINUTES_STEPS, type MinutesSession } from './minutesSession.js';

export interface MinutesPromptOptions {
  today: string;
  /** Offered as `approved_by` (the officer's git user.name). */
  approver: string;
  /** --final was given: do not ask draft-or-final. */
  final?: boolean;
  /** What would stop these values being final minutes: one sentence per problem, naming the field. */
  finalProblems: (values: Record<string, unknown>) => { path: string; message: string }[];
  /** The template's guidance for a field, shown before its question. */
  guidance?: (field: string) => string[] | undefined;
  /** Persist the session (called after every answer). */
  save: () => void;
}

const KIND_LABELS: Record<MeetingKind, string> = {
  'appeal-hearing': 'Appeal hearing (First-tier Tribunal, SEND)',
  'pre-tribunal-meeting': 'Pre-tribunal meeting',
  mediation: 'Mediation',
  'annual-review': 'Annual review meeting',
  panel: 'Panel',
  'professionals-meeting': 'Professionals meeting',
  'case-discussion': 'Case discussion',
  other: 'Other meeting',
};

const SKIP = '' as const;
/** "(skip)" first, so Enter at an optional question skips it. */
const optionalChoices = <T extends string>(values: readonly T[], skipLabel = '(skip)'): Choice<T | typeof SKIP>[] => [
  { value: SKIP, name: skipLabel },
  ...values.map((v) => ({ value: v as T | typeof SKIP, name: v })),
];

/** Ask what is missing. Returns the status the officer chose. */
export async function promptMinutes(p: Prompter, s: MinutesSession, o: MinutesPromptOptions): Promise<'draft' | 'final'> {
  const a = asking(p, s, o);
  for (;;) {
    await askSections(a);
    if (!(await reviewedToSave(a))) continue;
    const status = await chooseStatus(a);
    if (status !== 'again') return status;
  }
}

/** What every step of promptMinutes uses: the prompter, the session, and small helpers over them. */
interface Asking {
  p: Prompter;
  s: MinutesSession;
  o: MinutesPromptOptions;
  v: Record<string, unknown>;
  /** The step is still to be asked (not done, and its field not given by a flag). */
  ask: (step: MinutesStep, field?: string) => boolean;
  /** Mark the step done and save. */
  finish: (step: MinutesStep) => void;
  /** Set (or, with undefined, remove) a field and save. */
  set: (field: string, value: unknown) => void;
  /** Show the template's guidance for a field. */
  guide: (field: string) => void;
}

function asking(p: Prompter, s: MinutesSession, o: MinutesPromptOptions): Asking {
  const v = s.values;
  return {
    p,
    s,
    o,
    v,
    ask: (step, field) => !s.done.has(step) && !(field && s.given.has(field)),
    finish: (step) => {
      s.done.add(step);
      o.save();
    },
    set: (field, value) => {
      if (value === undefined) delete v[field];
      else v[field] = value;
      o.save();
    },
    guide: (field) => {
      const lines = o.guidance?.(field);
      if (lines && lines.length > 0) p.note(lines.map((l) => l.trim()).filter(Boolean).join(' '));
    },
  };
}

/** Every section not done yet, in the order a meeting is written up. */
async function askSections(a: Asking): Promise<void> {
  await askKind(a);
  await askMeetingDate(a);
  await askWhenAndWhere(a);
  await askAttendees(a);
  await askText(a, 'purpose', (d) => a.p.input({ message: 'Purpose of the meeting (Enter to skip)', default: d }));
  await askText(a, 'discussion', (d) => a.p.editor({ message: 'Discussion: the main points (save an empty text to skip)', default: d }));
  await askDecisions(a);
  await askOutcome(a);
  await askActions(a);
}

/** The meeting kinds as the prompt offers them: readable labels. */
const KIND_CHOICES = MEETING_KINDS.map((k) => ({ value: k, name: KIND_LABELS[k] }));

async function askKind({ p, s, v, ask, set, finish }: Asking): Promise<void> {
  if (!ask('kind', 'kind')) return;
  set('kind', await p.select({ message: 'Meeting kind', choices: KIND_CHOICES, default: v.kind as MeetingKind | undefined }));
  // Changed from the review: a result of the old kind does not carry over (a hearing's is not a mediation's).
  const result = (v.outcome as Record<string, unknown> | undefined)?.result;
  const allowed: readonly string[] = RESULTS_BY_KIND[v.kind as keyof typeof RESULTS_BY_KIND] ?? [];
  if (result !== undefined && !allowed.includes(String(result))) {
    const { result: _dropped, ...rest } = v.outcome as Record<string, unknown>;
    set('outcome', Object.keys(rest).length > 0 ? rest : undefined);
    s.done.delete('outcome');
  }
  finish('kind');
}

async function askMeetingDate({ p, o, v, ask, set, finish }: Asking): Promise<void> {
  if (!ask('date', 'date')) return;
  set('date', await askDate(p, { message: 'Meeting date', today: o.today, default: (v.date as string | undefined) ?? o.today }));
  finish('date');
}

async function askWhenAndWhere({ p, s, v, ask, set, finish, guide }: Asking): Promise<void> {
  if (!ask('when')) return;
  guide('time');
  if (!s.given.has('time')) set('time', answerOrUndefined(await p.input({ message: 'Start time (HH:MM, Enter to skip)', default: v.time as string | undefined, validate: isOptionalTime })));
  if (!s.given.has('venue')) set('venue', answerOrUndefined(await p.input({ message: 'Venue or link (Enter to skip)', default: v.venue as string | undefined, validate: isOptionalText })));
  if (!s.given.has('format')) {
    const format = await p.select({ message: 'Format', choices: optionalChoices(MEETING_FORMATS), default: (v.format as (typeof MEETING_FORMATS)[number] | undefined) ?? SKIP });
    set('format', format || undefined);
  }
  finish('when');
}

/** A list section (attendees, decisions, actions): its guidance, then item after item. */
async function askList({ p, s, o, ask, finish, guide }: Asking, field: 'attendees' | 'decisions' | 'actions', noun: string, askItem: (item: Record<string, unknown>) => Promise<void>): Promise<void> {
  if (!ask(field, field)) return;
  guide(field);
  await repeat(p, s, o, field, noun, askItem);
  finish(field);
}

function askAttendees(a: Asking): Promise<void> {
  const { p, o } = a;
  return askList(a, 'attendees', 'attendee', async (item) => {
    item.name = (await p.input({ message: '  Name', default: item.name as string | undefined, validate: isRequiredText })).trim();
    o.save();
    item.role = answerOrUndefined(await p.input({ message: '  Role (Enter to skip)', default: item.role as string | undefined, validate: isOptionalText }));
    o.save();
    item.organisation = answerOrUndefined(await p.input({ message: '  Organisation (Enter to skip)', default: item.organisation as string | undefined, validate: isOptionalText }));
    o.save();
    item.party = (await p.select({ message: '  Party', choices: optionalChoices(PARTIES), default: (item.party as (typeof PARTIES)[number] | undefined) ?? SKIP })) || undefined;
    o.save();
    item.attendance = await p.select({
      message: '  Attendance',
      choices: ATTENDANCE.map((x) => ({ value: x, name: x === 'present' ? 'present' : 'sent apologies' })),
      default: (item.attendance as (typeof ATTENDANCE)[number] | undefined) ?? 'present',
    });
  });
}

/** One free-text section (purpose, discussion): its guidance, then the question. */
async function askText({ v, ask, set, finish, guide }: Asking, field: 'purpose' | 'discussion', question: (current: string | undefined) => Promise<string>): Promise<void> {
  if (!ask(field, field)) return;
  guide(field);
  set(field, answerOrUndefined(await question(v[field] as string | undefined)));
  finish(field);
}

function askDecisions(a: Asking): Promise<void> {
  const { p, o } = a;
  return askList(a, 'decisions', 'decision', async (item) => {
    item.decision = (await p.input({ message: '  Decision', default: item.decision as string | undefined, validate: isRequiredLongText })).trim();
    o.save();
    item.reasons = (await p.editor({ message: '  Reasons for it (why)', default: item.reasons as string | undefined, validate: isRequiredLongText })).trim();
  });
}

/** A hearing's, mediation's or pre-tribunal meeting's outcome: each kind its own results, with readable labels. */
async function askOutcome({ p, v, ask, set, finish, guide }: Asking): Promise<void> {
  const kind = v.kind as MeetingKind | undefined;
  if (!((kind === 'appeal-hearing' || kind === 'mediation' || kind === 'pre-tribunal-meeting') && ask('outcome', 'outcome'))) return;
  guide('outcome');
  const outcome = { ...((v.outcome as Record<string, unknown> | undefined) ?? {}) };
  if (kind === 'appeal-hearing') {
    outcome.tribunal_ref = answerOrUndefined(await p.input({ message: 'Tribunal reference (Enter to skip)', default: outcome.tribunal_ref as string | undefined, validate: isOptionalText }));
    set('outcome', clean(outcome));
  }
  const results = RESULTS_BY_KIND[kind];
  const result = await p.select({
    message: kind === 'appeal-hearing' ? 'Result of the hearing' : 'Result of the meeting',
    choices: [
      { value: SKIP, name: '(not known yet: save as a draft)' },
      ...results.map((r) => ({ value: r as string, name: RESULT_LABELS[r] })),
    ],
    default: (outcome.result as string | undefined) ?? SKIP,
  });
  outcome.result = result || undefined;
  set('outcome', clean(outcome));
  outcome.summary = answerOrUndefined(await p.input({ message: 'Outcome in a sentence (Enter to skip)', default: outcome.summary as string | undefined }));
  set('outcome', clean(outcome));
  finish('outcome');
}

function askActions(a: Asking): Promise<void> {
  const { p, o } = a;
  return askList(a, 'actions', 'action', async (item) => {
    item.action = (await p.input({ message: '  Action', default: item.action as string | undefined, validate: isRequiredText })).trim();
    o.save();
    item.owner = answerOrUndefined(await p.input({ message: '  Owner (Enter to skip)', default: item.owner as string | undefined, validate: isOptionalText }));
    o.save();
    item.due = await askDate(p, { message: '  Due date', today: o.today, default: item.due as string | undefined, optional: true });
  });
}

/** A look before saving: every answer, and a way back to any section asked. True to save. */
async function reviewedToSave({ p, s, o, v }: Asking): Promise<boolean> {
  p.note(['', 'Review before saving:', ...summariseMinutes(v).map((l) => `  ${l}`)].join('\n'));
  const next = await p.select({ message: 'Save these answers, or change a section?', choices: reviewChoices(s), default: 'save' });
  if (next === 'save') return true;
  s.done.delete(next);
  if (next === 'attendees' || next === 'decisions' || next === 'actions') (s.revisit ??= new Set()).add(next);
  o.save();
  return false;
}

/**
 * Draft or final. Final asks for the approval and checks the minutes have what final ones
 * need; when not, the officer goes back to the sections missing ('again') or saves a draft.
 */
async function chooseStatus({ p, s, o, v, set }: Asking): Promise<'draft' | 'final' | 'again'> {
  const status = o.final ? 'final' : await p.select({
    message: 'Save these minutes as',
    choices: [
      { value: 'draft' as const, name: 'a draft (finalise later with `ehcp minutes finalise`)' },
      { value: 'final' as const, name: 'final minutes (approved now)' },
    ],
    default: 'draft',
  });
  if (status === 'draft') return 'draft';
  const approvedGiven = s.given.has('approved_by');
  if (!approvedGiven) set('approved_by', (await p.input({ message: 'Approved by', default: (v.approved_by as string | undefined) ?? o.approver, validate: isRequiredText })).trim());
  if (!s.given.has('approved_on')) set('approved_on', await askDate(p, { message: 'Approved on', today: o.today, default: (v.approved_on as string | undefined) ?? o.today }));
  const problems = o.finalProblems(v);
  if (problems.length === 0) return 'final';

  p.note('Final minutes need more than these have:');
  for (const problem of problems) p.note(`  - ${problem.message}`);
  const reopen = new Set(problems.map((x) => stepOf(x.path)).filter((step): step is MinutesStep => !!step && !s.given.has(step === 'when' ? 'time' : step)));
  const choice = reopen.size === 0 ? 'draft' : await p.select({
    message: 'What now?',
    choices: [
      { value: 'back' as const, name: 'go back and add what is missing' },
      { value: 'draft' as const, name: 'save as a draft for now' },
    ],
  });
  if (choice === 'draft') {
    if (!s.given.has('approved_by')) set('approved_by', undefined);
    if (!s.given.has('approved_on')) set('approved_on', undefined);
    return 'draft';
  }
  for (const step of reopen) s.done.delete(step);
  o.save();
  return 'again';
}

/** With --edit, only what the scaffold needs is asked: the kind and the date. */
export async function promptKindAndDate(p: Prompter, s: MinutesSession, today: string): Promise<void> {
  if (s.values.kind === undefined) {
    s.values.kind = await p.select({ message: 'Meeting kind', choices: KIND_CHOICES });
  }
  if (s.values.date === undefined) {
    s.values.date = await askDate(p, { message: 'Meeting date', today, default: today });
  }
}

/** Ask for items of a list until the officer says there are no more. */
async function repeat(
  p: Prompter,
  s: MinutesSession,
  o: MinutesPromptOptions,
  field: string,
  noun: string,
  fill: (item: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  let list = Array.isArray(s.values[field]) ? (s.values[field] as Record<string, unknown>[]) : [];
  s.values[field] = list;
  if (s.revisit?.has(field)) {
    // Back from the review: each item kept, changed (its answers as the defaults) or removed.
    s.revisit.delete(field);
    const kept: Record<string, unknown>[] = [];
    for (const [i, existing] of list.entries()) {
      const what = await p.select({
        message: `${noun[0].toUpperCase()}${noun.slice(1)} ${i + 1}: ${describeItem(field, existing)}`,
        choices: [
          { value: 'keep', name: 'keep it' },
          { value: 'change', name: 'change it' },
          { value: 'remove', name: 'remove it' },
        ],
        default: 'keep',
      });
      if (what === 'remove') continue;
      const item = { ...existing };
      if (what === 'change') await fill(item);
      kept.push(clean(item));
    }
    list = kept;
    s.values[field] = list;
    o.save();
  }
  for (;;) {
    let item: Record<string, unknown>;
    if (s.pending?.step === field) {
      item = s.pending.item; // resume the item that was being typed
    } else {
      const more = await p.confirm({
        message: list.length === 0 ? `Add ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}?` : `Add another ${noun}? (${list.length} so far)`,
        default: list.length === 0,
      });
      if (!more) break;
      item = {};
      s.pending = { step: field, item };
    }
    await fill(item);
    list.push(clean(item));
    s.pending = undefined;
    o.save();
  }
  if (list.length === 0) delete s.values[field];
  o.save();
}

function clean(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, x]) => x !== undefined && x !== ''));
}

function stepOf(path: string): MinutesStep | undefined {
  const top = path.replace(/^`/, '').split(/[.[`]/)[0];
  if (top === 'attendees' || top === 'decisions' || top === 'outcome' || top === 'actions' || top === 'purpose' || top === 'discussion') return top;
  if (top === 'time' || top === 'venue' || top === 'format') return 'when';
  return undefined;
}
