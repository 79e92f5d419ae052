// The read path's two parsers agree: whenever the fast lane (js-yaml, src/store/read/fastLoad.ts)
// answers, its LoadedDocument is exactly the precise loader's (the `yaml` package, with
// positions), value, type and key lines included. Checked with fast-check on records
// serialised by the writer with arbitrary text, on those texts mutated character by
// character, and on hand-written YAML forms; and the precise loader still gives the line
// and column of every error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsOf, loadDocument, type LoadedDocument } from '../../src/core/document.js';
import { serializeRecord } from '../../src/core/serialize.js';
import { fastLoadDocument, scanKeyLines } from '../../src/store/read/fastLoad.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';

const validator = getSchemaValidator();
// EHCP_PROPERTY_RUNS=20 multiplies the runs, for a deeper search than the suite's default.
const SCALE = Math.max(1, Number(process.env.EHCP_PROPERTY_RUNS ?? 1) || 1);
const FILE = 'cases/T0001/2024-03-05-minutes-abc123.yaml';
const bytes = (text: string) => new TextEncoder().encode(text);

/** Both loaders on one text: the fast one must either decline or agree exactly. */
function agree(text: string, file = FILE): { fast: LoadedDocument | undefined; precise: LoadedDocument } {
  const expected = file.endsWith('/case.yaml') ? (['case'] as const) : undefined;
  const precise = loadDocument(file, bytes(text), validator, expected ? [...expected] : undefined);
  const fast = fastLoadDocument(file, bytes(text), validator, expected ? [...expected] : undefined);
  if (fast !== undefined) {
    expect(precise.valid, `precise reader rejected a text the fast lane accepted:\n${text}`).toBe(true);
    expect(fast, `the readers disagree on:\n${text}`).toStrictEqual(precise);
  }
  return { fast, precise };
}

// Text of every kind a person might type: letters, digits, punctuation YAML cares about,
// quotes, escapes, non-ASCII, and text that looks like a number, a date, a boolean or null.
const PIECES = [
  'a', 'Z', ' ', '  ', '0', '7', '-', ':', ': ', ' #', '#', '"', "'", '\\', '|', '>', '?', ',', '.', '%', '@', '`', '&', '*', '!',
  '[', ']', '{', '}', '~', '\n', '\n\n', ' \n', 'é', '€', '日本', '😀', '\u00a0', 'true', 'no', 'null', '0x1f', '0o17', '1e3', '.5',
  '2024-03-05', '12:30', '- ', '---', '...', '<<', 'yes', 'Off', '+1', '-0', '.inf', '.NaN',
  ' & ', 'S&L', '&a', '*b', ' *', '* ', '!x', '! ', 'a!', '@x', 'a@b.invalid', '`', '[x]', '{y}', ' [', '] ', ', ',
];
// Mostly pieces that are often fine inside a sentence (so the fast lane is exercised),
// sometimes anything at all; the fast lane itself decides what it takes.
const ELIGIBLE = PIECES.filter((p) => !/<<|^(?:---|\.\.\.)$|^[&*!@`[\]{}]/.test(p));
const textArb = fc
  .oneof({ weight: 4, arbitrary: fc.array(fc.constantFrom(...ELIGIBLE), { maxLength: 12 }) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }) })
  .map((parts) => parts.join(''));
const nonEmptyText = textArb.filter((s) => s.length > 0 && s.length <= 500);


const minutesArb = fc.record({
  status: fc.constantFrom('draft', 'final'),
  venue: nonEmptyText,
  purpose: textArb,
  discussion: textArb,
  attendees: fc.array(fc.record({ name: nonEmptyText, role: fc.option(nonEmptyText, { nil: undefined }), attendance: fc.constantFrom('present', 'apologies') }), {
    minLength: 1,
    maxLength: 3,
  }),
  decisions: fc.array(fc.record({ decision: nonEmptyText, reasons: nonEmptyText }), { minLength: 1, maxLength: 2 }),
  actions: fc.array(fc.record({ action: nonEmptyText, owner: nonEmptyText }), { maxLength: 2 }),
});

function minutesRecord(m: Record<string, unknown>): Record<string, unknown> {
  return {
    schema: 'minutes/v1',
    id: '2024-03-05-minutes-abc123',
    case: 'T0001',
    status: m.status,
    kind: 'annual-review',
    date: '2024-03-05',
    time: '10:30',
    venue: m.venue,
    format: 'in-person',
    attendees: (m.attendees as Record<string, unknown>[]).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined))),
    purpose: m.purpose,
    discussion: m.discussion,
    decisions: m.decisions,
    actions: m.actions,
    approved_by: 'Officer Amber Test',
    approved_on: '2024-03-06',
    recorded_by: 'Officer Amber Test',
  };
}

const caseArb = fc.record({
  name: nonEmptyText,
  officer: nonEmptyText,
  year: fc.integer({ min: 2014, max: 2100 }),
  hold: fc.boolean(),
  reason: nonEmptyText,
});

const validRecord = fc.oneof(
  minutesArb.map((m) => ({ file: FILE, text: serializeRecord(minutesRecord(m)) })),
  caseArb.map((c) => ({
    file: 'cases/T0001/case.yaml',
    text: serializeRecord({
      schema: 'case/v1',
      ref: 'T0001',
      name: c.name,
      dob: '2015-06-01',
      officer: c.officer,
      status: 'open',
      phase_transfer: { year: c.year, phase: 'primary-to-secondary' },
      retention: { hold: c.hold, reason: c.reason },
    }),
  })),
  fc.record({ summary: nonEmptyText, details: textArb }).map((n) => ({
    file: 'cases/T0001/2024-03-06-note-def456.yaml',
    text: serializeRecord({ schema: 'note/v1', id: '2024-03-06-note-def456', case: 'T0001', status: 'final', date: '2024-03-06', kind: 'phone', summary: n.summary, details: n.details }),
  })),
);

/** Character-level edits of a text: insert, delete, replace, duplicate a line, re-indent. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES, ' ', '  ', '\n  ', '\n- ') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.constantFrom(' ', '  ', '   ') }),
  fc.record({ kind: fc.constant('outdent' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, edits: Mutation[]): string {
  for (const e of edits) {
    const at = text.length === 0 ? 0 : e.at % text.length;
    if (e.kind === 'insert') text = text.slice(0, at) + e.piece + text.slice(at);
    else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
    else {
      const lines = text.split('\n');
      const i = e.at % lines.length;
      if (e.kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
      else if (e.kind === 'indent') lines[i] = e.by + lines[i];
      else lines[i] = lines[i].replace(/^ {1,2}/, '');
      text = lines.join('\n');
    }
  }
  return text;
}

describe('fast and precise YAML readers', () => {
  it('agree on every record the writer produces, and the fast lane takes most of them', () => {
    let fast = 0;
    let total = 0;
    fc.assert(
      fc.property(validRecord, ({ file, text }) => {
        const r = agree(text, file);
        total++;
        if (r.fast) fast++;
      }),
      { numRuns: 1500 * SCALE },
    );
    // Arbitrary text often holds & * ! [ { and the like, which send a file to the precise lane.
    expect(fast).toBeGreaterThan(total * 0.25);
  }, 60_000 * SCALE);

  it('agree on those records edited character by character (or the fast lane declines)', () => {
    let fast = 0;
    let changed = 0;
    fc.assert(
      fc.property(validRecord, fc.array(mutation, { minLength: 1, maxLength: 3 }), ({ file, text }, edits) => {
        const edited = mutate(text, edits);
        const r = agree(edited, file);
        if (r.fast && edited !== text) changed++;
        if (r.fast) fast++;
      }),
      { numRuns: 4000 * SCALE },
    );
    expect(fast).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(50);
  }, 60_000 * SCALE);

  const lineArb = fc.array(fc.constantFrom(...ELIGIBLE.filter((p) => !p.includes('\n'))), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
  it('agree on plainly written records with arbitrary one-line values', () => {
    fc.assert(
      fc.property(lineArb, lineArb, (summary, withWhom) => {
        agree(
          `# yaml-language-server: $schema=../../schemas/note.schema.json\nschema: note/v1\nid: 2024-03-06-note-def456\ncase: T0001\nstatus: final\ndate: "2024-03-06"\nkind: phone\nwith: ${withWhom}\nsummary: ${summary}\n`,
          'cases/T0001/2024-03-06-note-def456.yaml',
        );
      }),
      { numRuns: 3000 * SCALE },
    );
  }, 60_000 * SCALE);

  const note = (body: string) =>
    `schema: note/v1\nid: 2024-03-06-note-def456\ncase: T0001\nstatus: final\ndate: "2024-03-06"\nkind: phone\n${body}`;
  const forms: [string, string][] = [
    ['multi-line plain scalar', note('summary: first line\n  second line\n')],
    ['multi-line double-quoted scalar', note('summary: "first\n  second"\n')],
    ['multi-line quoted scalar, under-indented', note('summary: "first\nsecond"\n')],
    ['multi-line single-quoted scalar', note("summary: 'it''s\n  here'\n")],
    ['escapes', note('summary: "tab\\there \\u00e9 \\x41 \\/ \\N \\_"\n')],
    ['literal block, keep', note('summary: x\ndetails: |+\n  one\n\n  two\n\n')],
    ['literal block, strip, indentation indicator', note('summary: x\ndetails: |2-\n    indented\n  less\n')],
    ['folded block', note('summary: x\ndetails: >\n  folded\n  text\n\n  para\n')],
    ['block scalar at column 0', note('summary: x\ndetails: |\ntext\n')],
    ['comment after value', note('summary: text # a comment\n')],
    ['hash without space', note('summary: text#not-a-comment\n')],
    ['comment between key and value', note('summary: # c\n  the summary\n')],
    ['empty value then key', note('summary: ok\ndetails:\n')],
    ['trailing spaces', note('summary: text   \n')],
    ['colon in value', note('summary: a: b\n')],
    ['nested mapping in compact value', note('summary: a\n  b: c\n')],
    ['sequence at column 0', note('summary: x\nactions:\n- action: call\n  due: "2024-04-01"\n')],
    ['sequence, indented', note('summary: x\nactions:\n  - action: call\n    owner: Officer\n')],
    ['sequence item under-indented', note('summary: x\nactions:\n  - action: call\n   owner: Officer\n')],
    ['document end marker', note('summary: x\n...\n')],
    ['second document', note('summary: x\n---\nsummary: y\n')],
    ['duplicate key', note('summary: x\nsummary: y\n')],
    ['unquoted date', note('summary: x\n').replace('"2024-03-06"', '2024-03-06')],
    ['a number where text belongs', note('summary: 12345\n')],
    ['a long key', note(`summary: x\n${'k'.repeat(1100)}: y\n`)],
    ['no final newline', note('summary: x')],
    ['quoted key', note('"summary": x\n')],
    ['CRLF', note('summary: x\n').replace(/\n/g, '\r\n')],
    ['tab indentation', note('summary: x\nactions:\n\t- action: y\n')],
    ['BOM', '\ufeff' + note('summary: x\n')],
    ['null forms', note('summary: x\ndetails: ~\n')],
    ['ampersand in a sentence', note('summary: Speech & language therapy, S&L for short\n')],
    ['anchor on a value', note('summary: &a text\ndetails: *a\n')],
    ['anchor in a sentence', note('summary: text &a more\n')],
    ['alias as a value', note('summary: *a\n')],
    ['asterisks in a sentence', note('summary: a * b and a*b\n')],
    ['tag on a value', note('summary: !!str 12\n')],
    ['non-specific tag', note('summary: ! x\n')],
    ['exclamation in a sentence', note('summary: Great! Thanks!\n')],
    ['at sign starting a value', note('summary: @home\n')],
    ['e-mail address', note('summary: wrote to test@example.invalid\n')],
    ['brackets in a sentence', note('summary: text [redacted] {x}\n')],
    ['flow sequence as a value', note('summary: x\nactions: [ {action: call} ]\n')],
  ];
  for (const [name, text] of forms) {
    it(`agree on a hand-written form: ${name}`, () => {
      agree(text, 'cases/T0001/2024-03-06-note-def456.yaml');
    });
  }

  it('agree on integer and boolean spellings in a case file', () => {
    const yearForms = ['2027', '+2027', '0x7EB', '0o3753', '2027.0', '2.027e3', '"2027"', "'2027'", '2_027', '02027', '2027.5'];
    const holdForms = ['true', 'True', 'TRUE', 'false', 'yes', 'on', 'y', '~', 'null', '"true"'];
    for (const year of yearForms) {
      for (const hold of holdForms) {
        agree(
          `schema: case/v1\nref: T0001\nstatus: open\nphase_transfer:\n  year: ${year}\n  phase: primary-to-secondary\nretention:\n  hold: ${hold}\n`,
          'cases/T0001/case.yaml',
        );
      }
    }
  });

  it('takes the fast lane for everyday punctuation in a sentence', () => {
    for (const summary of ['Speech & language therapy', 'S&L and OT', 'Great! Thanks.', 'a*b', 'wrote to test@example.invalid', 'see [redacted]']) {
      const { fast } = agree(note(`summary: ${summary}\n`), 'cases/T0001/2024-03-06-note-def456.yaml');
      expect(fast, summary).toBeDefined();
      expect(fieldsOf(fast!)?.summary).toBe(summary);
    }
  });

  it('takes the fast lane for the writer’s own output', () => {
    const text = serializeRecord({
      schema: 'minutes/v1',
      id: '2024-03-05-minutes-abc123',
      case: 'T0001',
      status: 'final',
      kind: 'appeal-hearing',
      date: '2024-03-05',
      attendees: [{ name: 'Test Parent Alpha', party: 'parent', attendance: 'present' }],
      discussion: 'Line one.\nLine two: with a colon.\n',
      decisions: [{ decision: 'Amend section F.', reasons: "The panel accepted the therapist's evidence." }],
      outcome: { tribunal_ref: 'EH000/24/00001', result: 'appeal-upheld' },
      approved_by: 'Officer Amber Test',
      approved_on: '2024-03-06',
    });
    const { fast, precise } = agree(text);
    expect(fast).toBeDefined();
    expect(precise.valid).toBe(true);
  });

  it('leaves every error to the precise reader, which gives its line and column', () => {
    const syntax = note('summary: [unclosed\n');
    expect(fastLoadDocument('cases/T0001/2024-03-06-note-def456.yaml', bytes(syntax), validator)).toBeUndefined();
    const p = loadDocument('cases/T0001/2024-03-06-note-def456.yaml', bytes(syntax), validator);
    expect(p.problems[0]).toMatchObject({ rule: 'yaml-syntax', line: 8 });
    const schemaError = note('summary: x\nkind2: email\n');
    expect(fastLoadDocument('cases/T0001/2024-03-06-note-def456.yaml', bytes(schemaError), validator)).toBeUndefined();
    const q = loadDocument('cases/T0001/2024-03-06-note-def456.yaml', bytes(schemaError), validator);
    expect(q.problems[0]).toMatchObject({ rule: 'schema', line: 8 });
    expect(fastLoadDocument('x.yaml', bytes(note('summary: x\n').replace('status: final', 'status: final\nstatus: draft')), validator)).toBeUndefined();
  });

  it('scans key lines as the precise reader locates them', () => {
    const text = 'schema: note/v1\nempty:\nlist:\n  - a\nblock: |-\n  x\ncomment: # c\n\n  value\nlast:';
    expect(scanKeyLines(text, ['schema', 'empty', 'list', 'block', 'comment', 'last'])).toEqual({ schema: 1, empty: 2, list: 4, block: 5, comment: 9, last: 10 });
    expect(scanKeyLines('a: 1\n"b": 2\n', ['a', 'b'])).toBeUndefined();
    expect(scanKeyLines('a: 1\n', ['a', 'b'])).toBeUndefined();
  });
});
