// The shipped templates: one per meeting kind, each parsing as a template, and their
// examples together making valid FINAL minutes (so the guidance and the schema agree).
// A draft annotated with a template reads back as exactly the record it was made from.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MEETING_KINDS } from '../../src/core/vocabulary.js';
import { annotateWithTemplate, parseTemplate, stripProblemsHeader, withProblemsHeader } from '../../src/core/writeScaffold.js';
import { serializeRecord } from '../../src/core/serialize.js';
import { loadDocument } from '../../src/core/document.js';
import { getSchemaValidator } from '../../src/store/read/schemas.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

const validator = getSchemaValidator();

describe('minutes templates', () => {
  it('there is one for every meeting kind, and nothing else', () => {
    const files = fs.readdirSync(path.join(PROJECT_ROOT, 'templates')).sort();
    expect(files).toEqual([...MEETING_KINDS].map((k) => `${k}.yaml`).sort());
  });

  for (const kind of MEETING_KINDS) {
    it(`${kind}: guidance on who attended, decisions and why, actions, and examples that make valid final minutes`, () => {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, 'templates', `${kind}.yaml`), 'utf8');
      const parsed = parseTemplate(text);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const { template } = parsed;
      expect(template.header.join(' ')).toMatch(/minutes/i);
      const guidance = (field: string) => template.sections.find((s) => s.field === field)?.guidance.join(' ') ?? '';
      expect(guidance('attendees')).toMatch(/attended|took part|sat on/i);
      expect(guidance('decisions')).toContain('WHY');
      expect(guidance('actions')).toMatch(/who owns it, and by when/);
      const examples = parse(text) as Record<string, unknown>;
      const record = { schema: 'minutes/v1', id: '2024-03-05-minutes-abc123', case: 'T0042', status: 'final', kind, date: '2024-03-05', ...examples };
      const file = 'cases/T0042/2024-03-05-minutes-abc123.yaml';
      const loaded = loadDocument(file, Buffer.from(serializeRecord(record)), validator, ['minutes']);
      expect(loaded.problems).toEqual([]);

      // A draft annotated with the template reads back as exactly the draft.
      const draft = { schema: 'minutes/v1', id: '2024-03-05-minutes-abc123', case: 'T0042', status: 'draft', kind, date: '2024-03-05', venue: 'Room 2', attendees: [{ name: 'Test Person' }] };
      const annotated = annotateWithTemplate(serializeRecord(draft), template);
      expect(parse(annotated)).toEqual(draft);
      expect(loadDocument(file, Buffer.from(annotated), validator, ['minutes']).valid).toBe(true);
      // Uncommenting every example gives a parseable record with all the template's fields.
      const uncommented = annotated
        .split('\n')
        .map((l) => (/^# (?=[a-z_]+:|  )/.test(l) ? l.slice(2) : l))
        .join('\n');
      expect(Object.keys(parse(uncommented)).sort()).toEqual(Object.keys({ ...draft, ...examples }).sort());
    });
  }

  it('a template may not set fields ehcp fills in, or fields minutes do not have', () => {
    const bad = parseTemplate('# header\n\nstatus: final\ncolour: blue\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems).toEqual([
        { line: 3, message: '`status` is filled in by ehcp; remove it from the template.' },
        expect.objectContaining({ line: 4, message: expect.stringContaining('`colour` is not a minutes field') }),
      ]);
    }
    expect(parseTemplate('a: [').ok).toBe(false);
    expect(parseTemplate('').ok).toBe(true);
  });

  it('the editor problems header points at the right lines and comes off again', () => {
    const body = 'schema: minutes/v1\nkind: panel\n';
    const withHeader = withProblemsHeader(body, [{ line: 2, message: '`kind` is wrong.' }]);
    const lines = withHeader.split('\n');
    const listed = Number(/line (\d+):/.exec(withHeader)![1]);
    expect(lines[listed - 1]).toBe('kind: panel');
    expect(stripProblemsHeader(withHeader)).toBe(body);
    expect(stripProblemsHeader(withProblemsHeader(withHeader, [{ line: 1, message: 'x' }]))).toBe(body);
  });
});
