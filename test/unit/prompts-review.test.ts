// The review before saving, the outcome menus per meeting kind, and the purpose labels.

import { describe, expect, it } from 'vitest';
import { promptMinutes, type MinutesSession } from '../../src/cli/prompts/minutes.js';
import { PURPOSE_LABELS, purposeChoices, purposesWithoutLabels, RESULT_LABELS } from '../../src/cli/prompts/labels.js';
import { summariseMinutes } from '../../src/cli/prompts/review.js';
import { finalProblems } from '../../src/cli/commands/minutes.js';
import { HEARING_RESULTS, PURPOSES, RESULTS_BY_KIND } from '../../src/core/vocabulary.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';
import type { Choice, Prompter } from '../../src/cli/prompts/prompter.js';
import { scripted } from './prompts-script.js';

const validator = getSchemaValidator();
const options = {
  today: '2024-03-05',
  approver: 'Test Officer',
  finalProblems: (v: Record<string, unknown>) => finalProblems(validator, 'T0042', v),
  save: () => {},
};
const given = (values: Record<string, unknown>): MinutesSession => ({ values, done: new Set(['kind', 'date', 'when', 'purpose', 'discussion']), given: new Set(Object.keys(values)) });

describe('the review before saving', () => {
  it('summarises the answers, goes back to a section, and offers each item to keep, change or remove', async () => {
    const s = given({ kind: 'panel', date: '2024-03-05' });
    const notes: string[] = [];
    const script = scripted([
      [/Add an attendee/, true],
      [/Name/, 'Test Parent'],
      [/Role/, ''],
      [/Organisation/, ''],
      [/Party/, 'parent'],
      [/Attendance/, 'present'],
      [/Add another attendee/, true],
      [/Name/, 'Test Wrong Person'],
      [/Role/, ''],
      [/Organisation/, ''],
      [/Party/, ''],
      [/Attendance/, 'present'],
      [/Add another attendee/, false],
      [/Add a decision/, true],
      [/Decision/, 'Agree the placement'],
      [/Reasons/, 'The school meets the needs\nin section F'],
      [/Add another decision/, false],
      [/Add an action/, false],
      [/change a section/, 'attendees'], // back to the attendees
      [/Attendee 1: Test Parent \(parent\)/, 'change'],
      [/Name/, ''], // Enter keeps each answer...
      [/Role/, 'Mother'], // ...or changes it
      [/Organisation/, ''],
      [/Party/, 'parent'],
      [/Attendance/, 'present'],
      [/Attendee 2: Test Wrong Person/, 'remove'],
      [/Add another attendee\? \(1 so far\)/, false],
      [/change a section/, ''],
      [/Save these minutes as/, 'draft'],
    ]);
    script.prompter.note = (t) => notes.push(t);
    expect(await promptMinutes(script.prompter, s, options)).toBe('draft');
    expect(script.remaining).toEqual([]);
    expect(s.values.attendees).toEqual([{ name: 'Test Parent', role: 'Mother', party: 'parent', attendance: 'present' }]);
    const review = notes.filter((n) => n.includes('Review before saving'));
    expect(review).toHaveLength(2);
    expect(review[0]).toContain('Attendees:   Test Parent (parent); Test Wrong Person');
    expect(review[0]).toContain('Decisions:   Agree the placement (why: The school meets the needs)');
    expect(review[1]).toContain('Attendees:   Test Parent (Mother, parent)');
  });

  it('offers only the sections that were asked (not those given by flags)', async () => {
    const s = given({ kind: 'panel', date: '2024-03-05', attendees: [{ name: 'A', attendance: 'present' }], decisions: [{ decision: 'D', reasons: 'R' }], actions: [] });
    s.given.delete('actions');
    let offered: Choice<string>[] = [];
    const script = scripted([[/Add an action/, false], [/change a section/, ''], [/Save these minutes as/, 'draft']]);
    const select = script.prompter.select.bind(script.prompter);
    script.prompter.select = (async (o: { message: string; choices: Choice<string>[]; default?: string }) => {
      if (/change a section/.test(o.message)) offered = o.choices;
      return select(o);
    }) as Prompter['select'];
    await promptMinutes(script.prompter, s, options);
    expect(offered.map((c) => c.value)).toEqual(['save', 'when', 'purpose', 'discussion', 'actions']); // not kind, date, attendees, decisions
  });

  it('summary lines cope with empty minutes', () => {
    expect(summariseMinutes({ kind: 'other', date: '2024-03-05' })).toContain('Attendees:   (none)');
  });
});

describe('outcome menus per meeting kind', () => {
  const resultChoices = async (kind: 'appeal-hearing' | 'mediation' | 'pre-tribunal-meeting') => {
    let choices: Choice<string>[] = [];
    const p = scripted([]).prompter;
    p.input = async () => '';
    p.editor = async () => '';
    p.confirm = async () => false;
    p.select = (async (o: { message: string; choices: Choice<string>[] }) => {
      if (/Result of the/.test(o.message)) {
        choices = o.choices;
        throw Object.assign(new Error('stop'), { name: 'ExitPromptError' });
      }
      return o.choices[0].value;
    }) as Prompter['select'];
    await promptMinutes(p, given({ kind, date: '2024-03-05' }), options).catch(() => undefined);
    return choices;
  };

  it('a hearing offers hearing results (with decision reserved), a mediation only mediation results', async () => {
    const hearing = (await resultChoices('appeal-hearing')).map((c) => c.value);
    expect(hearing).toContain('decision-reserved');
    expect(hearing).not.toContain('agreement-reached');
    const mediation = (await resultChoices('mediation')).map((c) => c.value);
    expect(mediation).toEqual(['', 'agreement-reached', 'no-agreement', 'other']);
    expect((await resultChoices('appeal-hearing')).find((c) => c.value === 'decision-reserved')?.name).toBe('Decision reserved (the tribunal will send it later)');
  });

  it('the schema agrees: decision reserved makes valid final hearing minutes; a result of another kind is refused', () => {
    const final = {
      kind: 'appeal-hearing',
      date: '2024-03-05',
      attendees: [{ name: 'Test Officer', attendance: 'present' }],
      decisions: [{ decision: 'Defend the appeal', reasons: 'Evidence' }],
      approved_by: 'Test Officer',
      approved_on: '2024-03-05',
    };
    expect(finalProblems(validator, 'T0042', { ...final, outcome: { result: 'decision-reserved' } })).toEqual([]);
    expect(finalProblems(validator, 'T0042', { ...final, outcome: { result: 'agreement-reached' } }).map((p) => p.path)).toContain('outcome.result');
    expect(finalProblems(validator, 'T0042', { ...final, kind: 'mediation', outcome: { result: 'appeal-upheld' } }).map((p) => p.path)).toContain('outcome.result');
  });

  it('every result offered has a label, and every kind’s results are in the vocabulary', () => {
    for (const results of Object.values(RESULTS_BY_KIND)) for (const r of results) expect(HEARING_RESULTS).toContain(r);
    for (const r of HEARING_RESULTS) expect(RESULT_LABELS[r], `no label for result ${r}`).toBeTruthy();
  });
});

describe('the purpose picker', () => {
  it('every purpose in the vocabulary has a readable label and a line of help', () => {
    const missing = purposesWithoutLabels();
    // Adding a purpose? Give it a label and help in src/cli/prompts/labels.ts (PURPOSE_LABELS).
    expect(missing, `purposes without a label in src/cli/prompts/labels.ts: ${missing.join(', ')}`).toEqual([]);
    for (const p of PURPOSES) expect(PURPOSE_LABELS[p]!.help.length, p).toBeGreaterThan(10);
  });

  it('shows labels, the direction and the help, never just the slug', () => {
    const choice = purposeChoices().find((c) => c.value === 'minutes-sent')!;
    expect(choice.name).toBe('Minutes sent to the family (sent)');
    expect(choice.description).toContain('[minutes-sent]');
  });
});

describe('changing the kind from the review', () => {
  it('drops a result the new kind does not have, and asks the outcome again', async () => {
    const s: MinutesSession = {
      values: { kind: 'appeal-hearing', date: '2024-03-05', outcome: { tribunal_ref: 'EH000/24/00001', result: 'appeal-upheld' } },
      done: new Set(['kind', 'date', 'when', 'attendees', 'purpose', 'discussion', 'decisions', 'outcome', 'actions']),
      given: new Set(['date']),
    };
    const script = scripted([
      [/change a section/, 'kind'],
      [/Meeting kind/, 'mediation'],
      [/Result of the meeting/, 'no-agreement'],
      [/Outcome in a sentence/, ''],
      [/change a section/, ''],
      [/Save these minutes as/, 'draft'],
    ]);
    expect(await promptMinutes(script.prompter, s, options)).toBe('draft');
    expect(script.remaining).toEqual([]);
    expect(s.values.outcome).toEqual({ tribunal_ref: 'EH000/24/00001', result: 'no-agreement' });
  });
});
