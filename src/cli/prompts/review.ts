// The look before saving interactive minutes: a summary of every answer, one line per
// section, and a menu to go back to any section that was asked (not one given by a flag).

import type { HearingResult } from '../../core/vocabulary.js';
import { RESULT_LABELS } from './labels.js';
import type { Choice } from './prompter.js';
import type { MinutesSession, MinutesStep } from './minutesSession.js';

type Item = Record<string, unknown>;
const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
const list = (x: unknown): Item[] => (Array.isArray(x) ? (x as Item[]) : []);
/** One line of long text: the first line, cut at 70 characters. */
const short = (x: unknown): string => {
  const t = str(x)?.trim().split('\n')[0] ?? '';
  return t.length > 70 ? `${t.slice(0, 69)}…` : t;
};

/** The sections, in the order asked, with the top-level fields each covers. */
const SECTIONS: { step: MinutesStep; title: string; fields: string[] }[] = [
  { step: 'kind', title: 'Meeting kind', fields: ['kind'] },
  { step: 'date', title: 'Date', fields: ['date'] },
  { step: 'when', title: 'Time, venue and format', fields: ['time', 'venue', 'format'] },
  { step: 'attendees', title: 'Attendees', fields: ['attendees'] },
  { step: 'purpose', title: 'Purpose', fields: ['purpose'] },
  { step: 'discussion', title: 'Discussion', fields: ['discussion'] },
  { step: 'decisions', title: 'Decisions and reasons', fields: ['decisions'] },
  { step: 'outcome', title: 'Outcome', fields: ['outcome'] },
  { step: 'actions', title: 'Actions', fields: ['actions'] },
];

export function describeItem(field: string, item: Item): string {
  if (field === 'attendees') {
    const extra = [str(item.role), str(item.party), item.attendance === 'apologies' ? 'apologies' : undefined].filter(Boolean).join(', ');
    return `${str(item.name) ?? '?'}${extra ? ` (${extra})` : ''}`;
  }
  if (field === 'decisions') return `${short(item.decision)} (why: ${short(item.reasons) || 'not given'})`;
  const extra = [str(item.owner), item.due ? `due ${String(item.due)}` : undefined, item.done_on ? `done ${String(item.done_on)}` : undefined].filter(Boolean).join(', ');
  return `${short(item.action)}${extra ? ` (${extra})` : ''}`;
}

export function summariseMinutes(v: Item): string[] {
  const none = '(none)';
  const items = (field: string) => {
    const xs = list(v[field]);
    return xs.length === 0 ? none : xs.map((x) => describeItem(field, x)).join('; ');
  };
  const outcome = (v.outcome ?? {}) as Item;
  const when = [str(v.time), str(v.venue), str(v.format)].filter(Boolean).join(', ');
  const lines = [
    `Meeting:     ${str(v.kind) ?? '?'} on ${str(v.date) ?? '?'}${when ? `, ${when}` : ''}`,
    `Attendees:   ${items('attendees')}`,
    `Purpose:     ${short(v.purpose) || none}`,
    `Discussion:  ${short(v.discussion) || none}`,
    `Decisions:   ${items('decisions')}`,
  ];
  if (v.outcome !== undefined) {
    const result = str(outcome.result);
    const label = result ? (RESULT_LABELS[result as HearingResult] ?? result) : 'not known yet';
    lines.push(`Outcome:     ${[label, str(outcome.tribunal_ref), short(outcome.summary)].filter(Boolean).join('; ')}`);
  }
  lines.push(`Actions:     ${items('actions')}`);
  return lines;
}

/** "Save" first (the default), then "Change …" for each section the officer answered. */
export function reviewChoices(s: MinutesSession): Choice<MinutesStep | 'save'>[] {
  const kind = s.values.kind;
  const hasOutcome = kind === 'appeal-hearing' || kind === 'mediation' || kind === 'pre-tribunal-meeting';
  return [
    { value: 'save', name: 'Looks right: save' },
    ...SECTIONS.filter((x) => (x.step !== 'outcome' || hasOutcome) && !x.fields.every((f) => s.given.has(f))).map((x) => ({
      value: x.step,
      name: `Change: ${x.title}`,
    })),
  ];
}
