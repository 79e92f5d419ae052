import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import { input, search, select } from '@inquirer/prompts';
import { promptMinutes, type MinutesSession } from '../../src/cli/prompts/minutes.js';
import { isDateOn, isOptionalTime, isRequiredText } from '../../src/cli/prompts/checks.js';
import { filterCases } from '../../src/cli/prompts/pickCase.js';
import { finalProblems } from '../../src/cli/commands/minutes.js';
import { exitPrompt, scripted } from './prompts-script.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';

const validator = getSchemaValidator();
const options = (saves: { n: number }) => ({
  today: '2024-03-05',
  approver: 'Test Officer',
  finalProblems: (v: Record<string, unknown>) => finalProblems(validator, 'T0042', v),
  save: () => {
    saves.n++;
  },
});
const fresh = (): MinutesSession => ({ values: {}, done: new Set(), given: new Set() });

/** The answers for an appeal hearing, up to the decisions. */
const UP_TO_DECISIONS: [RegExp, string | boolean][] = [
  [/Meeting kind/, 'appeal-hearing'],
  [/Meeting date/, '2024-02-30'], // not a real date: refused as typed
  [/Meeting date/, '5/3/2024'], // UK order, stored as 2024-03-05
  [/Start time/, '25:00'], // refused
  [/Start time/, '10:00'],
  [/Venue/, 'Video hearing'],
  [/Format/, 'video'],
  [/Add an attendee/, true],
  [/Name/, 'Test Parent'],
  [/Role/, 'Parent'],
  [/Organisation/, ''],
  [/Party/, 'parent'],
  [/Attendance/, 'present'],
  [/Add another attendee\? \(1 so far\)/, true],
  [/Name/, 'Officer Test'],
  [/Role/, 'SEN officer'],
  [/Organisation/, 'Example Council'],
  [/Party/, 'local-authority'],
  [/Attendance/, 'present'],
  [/Add another attendee\? \(2 so far\)/, false],
  [/Purpose/, 'Appeal against section F'],
  [/Discussion/, 'Evidence heard on therapy'],
  [/Add a decision/, true],
  [/Decision/, 'Concede section F'],
];

const REST: [RegExp, string | boolean][] = [
  [/Reasons/, 'Evidence not disputed'],
  [/Add another decision/, false],
  [/Tribunal reference/, 'EH000/24/00001'],
  [/Result of the hearing/, 'appeal-partly-upheld'],
  [/Outcome in a sentence/, ''],
  [/Add an action/, true],
  [/Action/, 'Issue the amended plan'],
  [/Owner/, 'Officer Test'],
  [/Due date/, '2024-04-09'],
  [/Add another action/, false],
  [/change a section/, ''], // the review: Enter saves
  [/Save these minutes as/, 'final'],
  [/Approved by/, ''], // Enter: the default, the officer's git name
  [/Approved on/, ''],
];

describe('the minutes prompts', () => {
  it('ask for an appeal hearing in order, check each answer as typed, and give valid final minutes', async () => {
    const s = fresh();
    const saves = { n: 0 };
    const script = scripted([...UP_TO_DECISIONS, ...REST]);
    const status = await promptMinutes(script.prompter, s, options(saves));
    expect(script.remaining).toEqual([]);
    expect(script.rejected).toEqual(['The date is not a real calendar date (check the day and month), e.g. 2024-03-05', 'The time must be a 24-hour time HH:MM, e.g. 09:30 or 14:00']);
    expect(status).toBe('final');
    expect(s.values).toEqual({
      kind: 'appeal-hearing',
      date: '2024-03-05',
      time: '10:00',
      venue: 'Video hearing',
      format: 'video',
      attendees: [
        { name: 'Test Parent', role: 'Parent', party: 'parent', attendance: 'present' },
        { name: 'Officer Test', role: 'SEN officer', organisation: 'Example Council', party: 'local-authority', attendance: 'present' },
      ],
      purpose: 'Appeal against section F',
      discussion: 'Evidence heard on therapy',
      decisions: [{ decision: 'Concede section F', reasons: 'Evidence not disputed' }],
      outcome: { tribunal_ref: 'EH000/24/00001', result: 'appeal-partly-upheld' },
      actions: [{ action: 'Issue the amended plan', owner: 'Officer Test', due: '2024-04-09' }],
      approved_by: 'Test Officer',
      approved_on: '2024-03-05',
    });
    expect(finalProblems(validator, 'T0042', s.values)).toEqual([]);
    expect(saves.n).toBeGreaterThan(20); // saved after every answer
  });

  it('an interrupted session keeps every answer, and resuming asks only what is left', async () => {
    const s = fresh();
    const first = scripted([...UP_TO_DECISIONS, [/Reasons/, exitPrompt()]]);
    await expect(promptMinutes(first.prompter, s, options({ n: 0 }))).rejects.toThrow('force closed');
    expect([...s.done]).toEqual(['kind', 'date', 'when', 'attendees', 'purpose', 'discussion']);
    expect(s.values.attendees).toHaveLength(2);
    expect(s.pending).toEqual({ step: 'decisions', item: { decision: 'Concede section F' } });

    // What the draft file holds survives a JSON round trip (it is saved as JSON).
    const saved = JSON.parse(JSON.stringify({ values: s.values, done: [...s.done], pending: s.pending }));
    const resumed: MinutesSession = { values: saved.values, done: new Set(saved.done), pending: saved.pending, given: new Set() };
    const second = scripted([[/Decision/, ''], ...REST]); // Enter keeps the decision typed before Ctrl-C
    expect(await promptMinutes(second.prompter, resumed, options({ n: 0 }))).toBe('final');
    expect(second.asked[0]).toMatch(/Decision/);
    expect(resumed.values.decisions).toEqual([{ decision: 'Concede section F', reasons: 'Evidence not disputed' }]);
    expect(finalProblems(validator, 'T0042', resumed.values)).toEqual([]);
  });

  it('skips what the flags gave, and offers to go back when final minutes lack something', async () => {
    const s: MinutesSession = {
      values: { kind: 'panel', date: '2024-03-05', time: '13:00', venue: 'Room 2', format: 'hybrid', purpose: 'Decide', discussion: 'Evidence' },
      done: new Set(),
      given: new Set(['kind', 'date', 'time', 'venue', 'format', 'purpose', 'discussion']),
    };
    const script = scripted([
      [/Add an attendee/, false],
      [/Add a decision/, false],
      [/Add an action/, false],
      [/change a section/, ''], // the review: Enter saves
      [/Save these minutes as/, 'final'],
      [/Approved by/, ''],
      [/Approved on/, ''],
      [/What now/, 'back'],
      [/Add an attendee/, true],
      [/Name/, 'Chair Test'],
      [/Role/, ''],
      [/Organisation/, ''],
      [/Party/, ''],
      [/Attendance/, 'present'],
      [/Add another attendee/, false],
      [/Add a decision/, true],
      [/Decision/, 'Assess'],
      [/Reasons/, ''], // reasons are required
      [/Reasons/, 'Evidence of need'],
      [/Add another decision/, false],
      [/change a section/, ''], // the review: Enter saves
      [/Save these minutes as/, 'final'],
      [/Approved by/, ''],
      [/Approved on/, ''],
    ]);
    expect(await promptMinutes(script.prompter, s, options({ n: 0 }))).toBe('final');
    expect(script.remaining).toEqual([]);
    expect(script.rejected).toEqual(['This must not be empty']);
    expect(script.asked.some((m) => /Meeting kind|Meeting date|Start time|Venue|Format|Purpose|Discussion/.test(m))).toBe(false);
    expect(s.values.decisions).toEqual([{ decision: 'Assess', reasons: 'Evidence of need' }]);
  });

  it('saving as a draft after all drops the approval it had just asked for', async () => {
    const s: MinutesSession = { values: { kind: 'other', date: '2024-03-05' }, done: new Set(['kind', 'date', 'when', 'purpose', 'discussion']), given: new Set() };
    const script = scripted([
      [/Add an attendee/, false],
      [/Add a decision/, false],
      [/Add an action/, false],
      [/change a section/, ''], // the review: Enter saves
      [/Save these minutes as/, 'final'],
      [/Approved by/, ''],
      [/Approved on/, ''],
      [/What now/, 'draft'],
    ]);
    expect(await promptMinutes(script.prompter, s, options({ n: 0 }))).toBe('draft');
    expect(s.values).toEqual({ kind: 'other', date: '2024-03-05' });
  });
});

describe('prompt validators in the real inquirer prompts', () => {
  it('a date is refused as typed until it is a real date', async () => {
    const { answer, events, getScreen } = await render(input, { message: 'Meeting date', validate: isDateOn('2024-03-05') });
    events.type('2024-02-30');
    events.keypress('enter');
    await new Promise((r) => setTimeout(r, 10));
    expect(getScreen()).toContain('The date is not a real calendar date');
    for (let i = 0; i < 10; i++) events.keypress('backspace');
    events.type('2024-02-29');
    events.keypress('enter');
    await expect(answer).resolves.toBe('2024-02-29');
  });

  it('optional answers may be empty; required ones may not', async () => {
    const time = await render(input, { message: 'Start time', validate: isOptionalTime });
    time.events.keypress('enter');
    await expect(time.answer).resolves.toBe('');
    const name = await render(input, { message: 'Name', validate: isRequiredText });
    name.events.keypress('enter');
    await new Promise((r) => setTimeout(r, 10));
    expect(name.getScreen()).toContain('This must not be empty');
    name.events.type('Test Person');
    name.events.keypress('enter');
    await expect(name.answer).resolves.toBe('Test Person');
  });

  it('the case picker finds a case by part of its reference, officer or name', async () => {
    const cases = [
      { ref: 'T0001', officer: 'Officer Amber Test', status: 'open' },
      { ref: 'T0042', name: 'Test Child Alpha', officer: 'Officer Beta Test', status: 'ceased' },
    ];
    expect(filterCases(cases, '42').map((c) => c.value)).toEqual(['T0042']);
    expect(filterCases(cases, 'amber').map((c) => c.value)).toEqual(['T0001']);
    expect(filterCases(cases, 'alpha').map((c) => c.value)).toEqual(['T0042']);
    expect(filterCases(cases, undefined)).toHaveLength(2);
    const { answer, events, getScreen } = await render(search, { message: 'Case', source: (term: string | undefined) => filterCases(cases, term) });
    events.type('beta');
    await new Promise((r) => setTimeout(r, 20));
    expect(getScreen()).toContain('T0042');
    expect(getScreen()).not.toContain('T0001');
    events.keypress('enter');
    await expect(answer).resolves.toBe('T0042');
  });

  it('the meeting kind is chosen from the vocabulary', async () => {
    const { answer, events, getScreen } = await render(select, {
      message: 'Meeting kind',
      choices: [
        { value: 'appeal-hearing', name: 'Appeal hearing' },
        { value: 'mediation', name: 'Mediation' },
      ],
    });
    expect(getScreen()).toContain('Appeal hearing');
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe('mediation');
  });
});
